import type { OutboxMessage } from '@zhiyuan/shared';
import type { Logger } from 'pino';
import { BffError, type BffClient } from './bff-client';
import { isPermanent, PermanentDeliveryError, type Channel } from './channels/channel';
import type { Channels } from './channels';
import { LruSet } from './lru-set';
import { maskRecipient, redactText } from './redact';

export interface DelivererOptions {
  bff: BffClient;
  channels: Channels;
  /** this process's id in claims, acks and fails */
  owner: string;
  batchSize: number;
  leaseSeconds: number;
  sendTimeoutMs: number;
  logger: Logger;
  /** messages of one batch sent at the same time */
  concurrency?: number;
  /** how many sent-but-unacknowledged keys are remembered */
  dedupCapacity?: number;
  now?: () => number;
}

export interface DrainResult {
  batches: number;
  claimed: number;
  sent: number;
  acked: number;
  failed: number;
  /** left leased and unsent (lease nearly over, or stopping): another claim takes them later */
  skipped: number;
}

const FAIL_TEXT_MAX = 1000;

function emptyResult(): DrainResult {
  return { batches: 0, claimed: 0, sent: 0, acked: 0, failed: 0, skipped: 0 };
}

/** Runs `send` and gives up after `ms`: the channel's request is aborted, the attempt counts as failed. */
async function sendWithTimeout(channel: Channel, message: OutboxMessage, ms: number): Promise<void> {
  const signal = AbortSignal.timeout(ms);
  let onAbort = (): void => undefined;
  const timedOut = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error(`${channel.name}: no answer within ${ms} ms`));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([channel.send(message, { signal }), timedOut]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function eachWithConcurrency<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Drains the outbox (ARCHITECTURE.md, Notifications): claim a batch under a lease, send each
 * message through its channel, acknowledge or report the failure; again while batches come
 * back full. Nothing is thrown out of a drain: every problem is logged and left to the next one.
 */
export class Deliverer {
  private running: Promise<DrainResult> | null = null;
  private stopping = false;
  private claimFailing = false;
  /** sent, but the bff has not confirmed the ack: a later claim of the key is acked, not resent */
  private readonly sentNotAcked: LruSet;
  private readonly concurrency: number;
  private readonly sendTimeoutMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: DelivererOptions) {
    this.sentNotAcked = new LruSet(opts.dedupCapacity ?? 10_000);
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    // a send must end well inside the lease, or another bot could claim and send it too
    this.sendTimeoutMs = Math.min(opts.sendTimeoutMs, Math.floor((opts.leaseSeconds * 1000) / 2));
    this.now = opts.now ?? Date.now;
  }

  /** One drain at a time per process: a call while one runs joins it. */
  drain(): Promise<DrainResult> {
    if (this.stopping) return Promise.resolve(emptyResult());
    this.running ??= this.drainAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** No new claim or send starts; resolves when the drain in flight (if any) has ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
  }

  get idle(): boolean {
    return this.running === null;
  }

  private async drainAll(): Promise<DrainResult> {
    const { bff, owner, batchSize, leaseSeconds, logger } = this.opts;
    const result = emptyResult();
    while (!this.stopping) {
      let messages: OutboxMessage[];
      try {
        ({ messages } = await bff.claim({ owner, limit: batchSize, leaseSeconds }));
      } catch (err) {
        // said once per outage, not at every poll while the bff is down
        const level = this.claimFailing ? 'debug' : 'warn';
        this.claimFailing = true;
        logger[level]({ err: redactText((err as Error).message) }, 'outbox claim failed');
        break;
      }
      if (this.claimFailing) logger.info('outbox claim works again');
      this.claimFailing = false;
      result.batches += 1;
      result.claimed += messages.length;
      const leaseEndsAt = this.now() + leaseSeconds * 1000;
      await eachWithConcurrency(messages, this.concurrency, (m) => this.deliver(m, leaseEndsAt, result));
      if (messages.length < batchSize) break;
    }
    if (result.claimed > 0) logger.info(result, 'outbox drained');
    return result;
  }

  private async deliver(message: OutboxMessage, leaseEndsAt: number, result: DrainResult): Promise<void> {
    const log = this.opts.logger.child({
      outboxId: message.id,
      channel: message.channel,
      to: maskRecipient(message.channel, message.recipient),
      attempts: message.attempts,
    });
    try {
      if (this.sentNotAcked.has(message.idempotencyKey)) {
        log.info('already sent by this process, acknowledging without sending again');
        await this.ack(message, log, result);
        return;
      }
      if (this.stopping || leaseEndsAt - this.now() < this.sendTimeoutMs) {
        result.skipped += 1;
        log.debug('left for a later claim');
        return;
      }
      const channel = this.opts.channels[message.channel];
      try {
        if (!channel) throw new PermanentDeliveryError(`no channel adapter for ${message.channel}`);
        await sendWithTimeout(channel, message, this.sendTimeoutMs);
      } catch (err) {
        result.failed += 1;
        await this.fail(message, err, log);
        return;
      }
      result.sent += 1;
      this.sentNotAcked.add(message.idempotencyKey);
      await this.ack(message, log, result);
    } catch (err) {
      // a bug in this loop must not end the drain of the others
      log.error({ err: redactText(String((err as Error)?.stack ?? err)) }, 'delivery loop error');
    }
  }

  private async ack(message: OutboxMessage, log: Logger, result: DrainResult): Promise<void> {
    try {
      await this.opts.bff.ack(message.id, { owner: this.opts.owner });
      this.sentNotAcked.delete(message.idempotencyKey);
      result.acked += 1;
      log.debug('delivered');
    } catch (err) {
      if (err instanceof BffError && err.status === 409) {
        log.warn({ code: err.code }, 'lease lost before the ack; another bot holds the message');
      } else {
        log.warn(
          { err: redactText((err as Error).message) },
          'ack failed; this process will not send the message again',
        );
      }
    }
  }

  private async fail(message: OutboxMessage, err: unknown, log: Logger): Promise<void> {
    const permanent = isPermanent(err);
    const error = redactText(err instanceof Error ? err.message : String(err)).slice(0, FAIL_TEXT_MAX);
    try {
      const reply = await this.opts.bff.fail(message.id, {
        owner: this.opts.owner,
        error,
        ...(permanent ? { permanent } : {}),
      });
      log.warn({ err: error, permanent, status: reply.status, nextAttemptAt: reply.nextAttemptAt }, 'delivery failed');
    } catch (failErr) {
      log.warn(
        { err: error, permanent, failErr: redactText((failErr as Error).message) },
        'delivery failed and could not be reported',
      );
    }
  }
}
