import { createHmac } from 'node:crypto';
import type { OutboxMessage } from '@zhiyuan/shared';
import { checkPlatformCode, postJson, truncateUtf8, webhookUrl, type Channel, type SendOptions } from './channel';

/** -1 system busy, 130101 over 20 messages a minute */
const RETRYABLE = [-1, 130101] as const;
const TEXT_MAX_BYTES = 20000;

/** `sign = base64(HMAC-SHA256(secret, timestamp_ms + "\n" + secret))`, URL-encoded into the query. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** DingTalk (钉钉) custom robot; signed when the robot has a secret ("加签"). */
export function createDingtalkChannel(opts: { secret: string; now?: () => number }): Channel {
  const now = opts.now ?? Date.now;
  return {
    name: 'dingtalk',
    async send(message: OutboxMessage, options: SendOptions = {}) {
      const url = webhookUrl(message.recipient, 'dingtalk');
      // the robot's own secret travels with the message; the operators' robot uses the configured one
      const secret = message.robotSecret ?? opts.secret;
      if (secret) {
        const timestamp = now();
        url.searchParams.set('timestamp', String(timestamp));
        url.searchParams.set('sign', dingtalkSign(secret, timestamp));
      }
      const reply = await postJson(
        url.toString(),
        { msgtype: 'text', text: { content: truncateUtf8(message.body, TEXT_MAX_BYTES) } },
        options.signal,
        'dingtalk',
      );
      checkPlatformCode(reply.body.errcode, reply.body.errmsg, RETRYABLE, 'dingtalk');
    },
  };
}
