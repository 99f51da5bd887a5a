/**
 * The outbox and the contract between the bff's internal endpoints and the bot
 * (ARCHITECTURE.md, Notifications). The bot owns no rule: it claims, sends, acknowledges.
 */
export const CHANNELS = ['email', 'wecom', 'dingtalk', 'feishu', 'wechat'] as const;
export type Channel = (typeof CHANNELS)[number];

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** A message as the bot receives it from a claim. Everything needed to deliver it. */
export interface OutboxMessage {
  id: string;
  channel: Channel;
  /** e-mail address, webhook URL, or WeChat openid, by channel */
  recipient: string;
  /** subject line (e-mail) or title (markdown robots) */
  subject: string;
  /** plain-text body; robots get it as text, e-mail as text/plain */
  body: string;
  /** WeChat subscribe messages: template id, page and data */
  wechat?: { templateId: string; page?: string; data: Record<string, { value: string }> };
  /** signing secret of this DingTalk or Feishu robot (a team's or an authority's own) */
  robotSecret?: string;
  /** unique per event, recipient and channel; the same key is never delivered twice */
  idempotencyKey: string;
  attempts: number;
}

/** POST /internal/outbox/claim */
export interface ClaimRequest {
  /** an id of the bot process making the claim */
  owner: string;
  limit: number;
  /** how long the lease lasts before another bot may take the row */
  leaseSeconds: number;
}
export interface ClaimResponse {
  messages: OutboxMessage[];
}

/** POST /internal/outbox/{id}/ack */
export interface AckRequest {
  owner: string;
}

/** POST /internal/outbox/{id}/fail: the bff decides on retry with back-off or final failure. */
export interface FailRequest {
  owner: string;
  error: string;
  /** true when retrying cannot help (e.g. a rejected address): fail now */
  permanent?: boolean;
}
export interface FailResponse {
  status: OutboxStatus;
  /** ISO time of the next attempt, when it will be retried */
  nextAttemptAt: string | null;
}

/** POST /internal/jobs/{name}/run */
export interface JobRunRequest {
  owner: string;
}
export interface JobRunResponse {
  /** false when another process holds the job's lease */
  ran: boolean;
  result?: Record<string, unknown>;
}

/** Retry schedule: attempt n (1-based) waits this long before the next; then failed. */
export const OUTBOX_BACKOFF_SECONDS = [30, 120, 600, 1800, 7200] as const;
export const OUTBOX_MAX_ATTEMPTS = OUTBOX_BACKOFF_SECONDS.length + 1;

export function nextBackoffSeconds(attempts: number): number | null {
  if (attempts >= OUTBOX_MAX_ATTEMPTS) return null;
  return OUTBOX_BACKOFF_SECONDS[Math.max(0, attempts - 1)] ?? null;
}
