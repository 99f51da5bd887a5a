import { createHmac } from 'node:crypto';
import type { OutboxMessage } from '@zhiyuan/shared';
import { checkPlatformCode, postJson, truncateUtf8, webhookUrl, type Channel, type SendOptions } from './channel';

/** 11232 over the rate limit; -1 system busy */
const RETRYABLE = [-1, 11232] as const;
const TEXT_MAX_BYTES = 20000;

/** `sign = base64(HMAC-SHA256(key = timestamp_s + "\n" + secret, message = ""))` */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** Feishu (飞书) custom bot; the signature travels in the JSON body. */
export function createFeishuChannel(opts: { secret: string; now?: () => number }): Channel {
  const now = opts.now ?? Date.now;
  return {
    name: 'feishu',
    async send(message: OutboxMessage, options: SendOptions = {}) {
      const url = webhookUrl(message.recipient, 'feishu');
      const payload: Record<string, unknown> = {
        msg_type: 'text',
        content: { text: truncateUtf8(message.body, TEXT_MAX_BYTES) },
      };
      // the robot's own secret travels with the message; the operators' robot uses the configured one
      const secret = message.robotSecret ?? opts.secret;
      if (secret) {
        const timestamp = Math.floor(now() / 1000);
        payload.timestamp = String(timestamp);
        payload.sign = feishuSign(secret, timestamp);
      }
      const reply = await postJson(url.toString(), payload, options.signal, 'feishu');
      // newer replies carry `code`/`msg`, older ones `StatusCode`/`StatusMessage`
      checkPlatformCode(
        reply.body.code ?? reply.body.StatusCode,
        reply.body.msg ?? reply.body.StatusMessage,
        RETRYABLE,
        'feishu',
      );
    },
  };
}
