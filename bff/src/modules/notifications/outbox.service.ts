import type { EntityManager } from 'typeorm';
import {
  DomainError,
  nextBackoffSeconds,
  type Channel,
  type ClaimRequest,
  type FailRequest,
  type FailResponse,
  type OutboxMessage,
} from '@zhiyuan/shared';
import type { AppDeps } from '../../deps';
import type { OutboxRow } from '../../db/entities';
import { newId, sha256 } from '../../ids';
import { outboxRepository } from './outbox.repository';

export interface NewMessage {
  /** what happened, e.g. `account.registered` */
  event: string;
  /** the id of that happening (one event, one message per recipient and channel) */
  eventId: string;
  channel: Channel;
  recipient: string;
  subject: string;
  body: string;
  wechat?: OutboxMessage['wechat'];
  /** the robot's own signing secret, when it has one */
  robotSecret?: string | null;
}

/**
 * Appends a message to the outbox inside the caller's transaction: the change and its
 * message commit together or not at all. The idempotency key makes a repeated append a no-op.
 */
export async function enqueue(em: EntityManager, now: Date, msg: NewMessage): Promise<void> {
  const idempotencyKey = `${msg.event}:${msg.eventId}:${msg.channel}:${sha256(msg.recipient).slice(0, 16)}`;
  await outboxRepository.insertIgnoringDuplicate(em, {
    id: newId(),
    event: msg.event,
    channel: msg.channel,
    recipient: msg.recipient,
    subject: msg.subject.slice(0, 200),
    body: msg.body,
    payload:
      msg.wechat || msg.robotSecret
        ? JSON.stringify({ wechat: msg.wechat, robotSecret: msg.robotSecret ?? undefined })
        : null,
    idempotencyKey,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    leaseOwner: null,
    leaseUntil: null,
    lastError: null,
    createdAt: now,
    sentAt: null,
  });
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    ...(row.payload ? (JSON.parse(row.payload) as Pick<OutboxMessage, 'wechat' | 'robotSecret'>) : {}),
    idempotencyKey: row.idempotencyKey,
    attempts: row.attempts,
  };
}

export class OutboxService {
  constructor(private readonly deps: AppDeps) {}

  /** Leases up to `limit` due messages to `owner`; rows another bot holds are skipped. */
  async claim(req: ClaimRequest): Promise<OutboxMessage[]> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const until = new Date(now.getTime() + req.leaseSeconds * 1000);
    const em = db.manager;
    const ids = await outboxRepository.dueIds(em, now, req.limit);
    await outboxRepository.lease(em, ids, req.owner, now, until);
    const won = await outboxRepository.leasedBy(em, ids, req.owner, until);
    return won.map(toMessage);
  }

  /** Marks a delivered message sent; acknowledging twice is harmless. */
  async ack(id: string, owner: string): Promise<void> {
    const { db, clock } = this.deps;
    if (await outboxRepository.markSent(db.manager, id, owner, clock.now())) return;
    const row = await outboxRepository.findById(db.manager, id);
    if (row?.status === 'sent') return;
    throw new DomainError('OUTBOX.NOT_LEASED');
  }

  /** Schedules a retry with back-off, or ends the message as failed (visible to admins). */
  async fail(id: string, req: FailRequest): Promise<FailResponse> {
    const { db, clock } = this.deps;
    const row = await outboxRepository.findById(db.manager, id);
    if (!row || row.status !== 'pending' || row.leaseOwner !== req.owner) throw new DomainError('OUTBOX.NOT_LEASED');
    const now = clock.now();
    const attempts = row.attempts + 1;
    const backoff = req.permanent ? null : nextBackoffSeconds(attempts);
    const status = backoff === null ? 'failed' : 'pending';
    const nextAttemptAt = backoff === null ? now : new Date(now.getTime() + backoff * 1000);
    const changed = await outboxRepository.reschedule(db.manager, id, req.owner, {
      status,
      attempts,
      nextAttemptAt,
      lastError: req.error.slice(0, 1000),
    });
    if (!changed) throw new DomainError('OUTBOX.NOT_LEASED');
    if (status === 'failed')
      this.deps.logger.warn({ outboxId: id, channel: row.channel, attempts }, 'message failed for good');
    return { status, nextAttemptAt: status === 'pending' ? nextAttemptAt.toISOString() : null };
  }
}
