import type { Channel as ChannelName, OutboxMessage } from '@zhiyuan/shared';

export interface SendOptions {
  /** aborted when the per-send time-out is reached or the bot stops */
  signal?: AbortSignal;
}

/**
 * One way of delivering an outbox message. `send` resolves once the platform accepted the
 * message; it throws `PermanentDeliveryError` when retrying cannot help, any other error when
 * a later attempt may succeed (the bff then retries with back-off).
 */
export interface Channel {
  readonly name: ChannelName;
  send(message: OutboxMessage, options?: SendOptions): Promise<void>;
  /** releases connections; called once when the bot stops */
  close?(): Promise<void> | void;
}

/** Retrying cannot help: a rejected address, a 4xx reply, a user who did not subscribe. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

export function isPermanent(err: unknown): boolean {
  return err instanceof PermanentDeliveryError;
}

/** The reply of a chat platform's HTTP API: its status and parsed JSON body. */
export interface JsonReply {
  status: number;
  body: Record<string, unknown>;
}

/**
 * POSTs JSON and reads a JSON reply. HTTP 4xx other than 429 is permanent (the request itself
 * is wrong); 429, 5xx, network errors and unreadable replies are worth a retry.
 */
export async function postJson(
  url: string,
  payload: unknown,
  signal: AbortSignal | undefined,
  what: string,
): Promise<JsonReply> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(payload),
      signal: signal ?? null,
    });
  } catch (err) {
    throw new Error(`${what}: request failed: ${(err as Error).message}`);
  }
  const text = await res.text().catch(() => '');
  if (res.status === 429 || res.status >= 500) throw new Error(`${what}: HTTP ${res.status}`);
  if (res.status >= 400) throw new PermanentDeliveryError(`${what}: HTTP ${res.status}`);
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body))
      return { status: res.status, body: body as Record<string, unknown> };
  } catch {
    // fall through: an unreadable reply might be a proxy's error page
  }
  throw new Error(`${what}: HTTP ${res.status} with a reply that is not a JSON object`);
}

/** A webhook URL from an outbox row; a malformed one can never be delivered to. */
export function webhookUrl(recipient: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(recipient);
  } catch {
    throw new PermanentDeliveryError(`${what}: recipient is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new PermanentDeliveryError(`${what}: recipient is not an http(s) URL`);
  return url;
}

/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const ellipsis = '…';
  const budget = maxBytes - Buffer.byteLength(ellipsis, 'utf8');
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > budget) break;
    bytes += size;
    out += ch;
  }
  return out + ellipsis;
}

/**
 * Checks a robot's `errcode`/`code` field: 0 is success, the listed codes are worth a retry
 * (rate limits, "system busy"), anything else is the platform refusing this message.
 */
export function checkPlatformCode(code: unknown, message: unknown, retryable: readonly number[], what: string): void {
  if (code === 0) return;
  if (code === undefined || code === null) throw new Error(`${what}: reply without a result code`);
  const text = `${what}: error ${String(code)} ${typeof message === 'string' ? message : ''}`.trim();
  if (typeof code === 'number' && retryable.includes(code)) throw new Error(text);
  throw new PermanentDeliveryError(text);
}
