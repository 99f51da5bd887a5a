import type { OutboxMessage } from '@zhiyuan/shared';
import { checkPlatformCode, postJson, truncateUtf8, webhookUrl, type Channel, type SendOptions } from './channel';

/** WeCom (企业微信) group robot: `POST …/cgi-bin/webhook/send?key=KEY`, about 20 messages a minute. */
export const WECOM_TEXT_MAX_BYTES = 2048;
/** -1 system busy, 45009 over the rate limit */
const RETRYABLE = [-1, 45009] as const;

export function createWecomChannel(): Channel {
  return {
    name: 'wecom',
    async send(message: OutboxMessage, options: SendOptions = {}) {
      const url = webhookUrl(message.recipient, 'wecom');
      const reply = await postJson(
        url.toString(),
        { msgtype: 'text', text: { content: truncateUtf8(message.body, WECOM_TEXT_MAX_BYTES) } },
        options.signal,
        'wecom',
      );
      checkPlatformCode(reply.body.errcode, reply.body.errmsg, RETRYABLE, 'wecom');
    },
  };
}
