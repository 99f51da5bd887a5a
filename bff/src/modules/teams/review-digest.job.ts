import {
  REMIND_AFTER_DAYS,
  REVIEW_DIGEST_LISTED,
  dateInZone,
  daysBetween,
  isWorkingDay,
  reviewDigestMessage,
  type Channel,
  type ReviewerKind,
} from '@zhiyuan/shared';
import { dialectOf } from '../../db/data-source';
import { duplicateKeyOf } from '../../db/errors';
import type { AppDeps } from '../../deps';
import { newId } from '../../ids';
import type { Job } from '../../internal/jobs';
import { enqueue } from '../notifications/outbox.service';
import { reviewDigestRepository as repo, type DigestReviewer, type DigestRobot } from './review-digest.repository';

export const REVIEW_DIGEST_EVENT = 'teams.review-digest';
/** reviewers per aggregate page, and per batch of e-mail and robot look-ups */
export const DIGEST_PAGE_SIZE = 500;

export interface ReviewDigestResult {
  date: string;
  /** reviewers sent a digest by this run */
  reviewers: number;
  /** outbox messages written */
  messages: number;
  /** reviewers whose digest of the day was already sent (by an earlier run or another bot) */
  skippedAlreadySent: number;
  /** reviewers with pending teams but no admin e-mail and no robot: nothing to send */
  withoutRecipients: number;
}

export interface ReviewDigestOptions {
  pageSize?: number;
  /** reviewers handled at once (one transaction each); 1 on SQLite, which has one writer */
  concurrency?: number;
}

const KEY_PREFIX: Record<ReviewerKind, string> = { liaison_team: 'team', authority: 'region' };
const reviewerKey = (kind: ReviewerKind, id: string): string => `${KEY_PREFIX[kind]}:${id}`;

/**
 * T-5: every working day, each reviewer (a liaison team's admins, or a registration
 * authority's regional admins) gets one digest of the teams waiting on it, by e-mail and on its
 * group robot, and never the same digest twice.
 *
 * "Never twice" is a row of digest_sends per reviewer and day under a unique key, inserted in
 * the same transaction as that reviewer's outbox messages: a re-run, a second bot or a crash
 * half-way leaves each reviewer either fully sent or not at all, and a re-run sends only to
 * the ones left. Reviewers are read a page at a time (keyset over an aggregate on the
 * reviewer indices), so 100,000 pending teams are never loaded at once.
 */
export async function sendReviewDigests(
  deps: AppDeps,
  options: ReviewDigestOptions = {},
): Promise<ReviewDigestResult | { skipped: string; date: string }> {
  const { db, clock, config, logger } = deps;
  const now = clock.now();
  const date = dateInZone(now, config.timeZone);
  if (!isWorkingDay(now, config.timeZone)) return { skipped: 'not a working day', date };

  const pageSize = options.pageSize ?? DIGEST_PAGE_SIZE;
  const concurrency = Math.max(1, options.concurrency ?? (dialectOf(db) === 'sqlite' ? 1 : 4));
  const overdueBefore = new Date(now.getTime() - REMIND_AFTER_DAYS * 86_400_000);
  const result: ReviewDigestResult = { date, reviewers: 0, messages: 0, skippedAlreadySent: 0, withoutRecipients: 0 };

  for (const kind of ['liaison_team', 'authority'] as const) {
    let after = '';
    for (;;) {
      const page = await repo.reviewerPage(db.manager, kind, after, overdueBefore, pageSize);
      if (!page.length) break;
      after = page[page.length - 1]!.id;

      const sent = await repo.alreadySent(
        db.manager,
        date,
        page.map((r) => reviewerKey(kind, r.id)),
      );
      const todo = page.filter((r) => !sent.has(reviewerKey(kind, r.id)));
      result.skippedAlreadySent += page.length - todo.length;
      const ids = todo.map((r) => r.id);
      const [emails, robots] = await Promise.all([
        repo.adminEmails(db.manager, kind, ids),
        repo.robots(db.manager, kind, ids),
      ]);

      await eachLimited(todo, concurrency, async (reviewer) => {
        const outcome = await sendOne(deps, {
          kind,
          reviewer,
          emails: emails.get(reviewer.id) ?? [],
          robot: robots.get(reviewer.id),
          date,
          now,
        });
        if (outcome === 'already-sent') result.skippedAlreadySent += 1;
        else if (outcome === 'no-recipients') result.withoutRecipients += 1;
        else if (outcome > 0) {
          result.reviewers += 1;
          result.messages += outcome;
        }
      });
      if (page.length < pageSize) break;
    }
  }
  logger.debug({ job: REVIEW_DIGEST_EVENT, ...result }, 'review digests written');
  return result;
}

/** One reviewer's digest: its row and its messages commit together. Returns the messages written. */
async function sendOne(
  deps: AppDeps,
  input: {
    kind: ReviewerKind;
    reviewer: DigestReviewer;
    emails: string[];
    robot: DigestRobot | undefined;
    date: string;
    now: Date;
  },
): Promise<number | 'already-sent' | 'no-recipients'> {
  const { db, config } = deps;
  const { kind, reviewer, emails, robot, date, now } = input;
  const recipients: Array<{ channel: Channel; recipient: string; robotSecret?: string | null }> = emails.map(
    (recipient) => ({ channel: 'email', recipient }),
  );
  if (robot?.robotUrl) {
    recipients.push({ channel: robot.robotKind, recipient: robot.robotUrl, robotSecret: robot.robotSecret });
  }
  if (!recipients.length) return 'no-recipients';

  const teams = await repo.oldestPending(db.manager, kind, reviewer.id, REVIEW_DIGEST_LISTED);
  if (!teams.length) return 0; // all decided since the page was read
  const key = reviewerKey(kind, reviewer.id);
  const message = reviewDigestMessage({
    reviewerName: robot?.name ?? (kind === 'authority' ? `${reviewer.id} 登记机关` : '联络团体'),
    date,
    total: Math.max(reviewer.total, teams.length),
    overdue: reviewer.overdue,
    teams: teams.map((t) => {
      const waited = daysBetween(t.submittedAt, now);
      return {
        name: t.name,
        regionName: t.regionName,
        waitedDays: Math.max(0, Math.floor(waited)),
        overdue: waited > REMIND_AFTER_DAYS,
      };
    }),
    appUrl: config.publicUrl,
  });

  return withConflictRetry(() =>
    db.transaction(async (em) => {
      try {
        await repo.insertSend(em, {
          id: newId(),
          reviewerKey: key,
          digestDate: date,
          teamCount: reviewer.total,
          createdAt: now,
        });
      } catch (err) {
        if (duplicateKeyOf(err)) return 'already-sent' as const; // another run got here first: nothing written
        throw err;
      }
      for (const r of recipients) {
        await enqueue(em, now, {
          event: REVIEW_DIGEST_EVENT,
          eventId: `${key}:${date}`,
          channel: r.channel,
          recipient: r.recipient,
          ...(r.robotSecret ? { robotSecret: r.robotSecret } : {}),
          ...message,
        });
      }
      return recipients.length;
    }),
  );
}

/** Attempts of one reviewer's transaction when the database picks it as a deadlock victim. */
const CONFLICT_ATTEMPTS = 3;

/**
 * Two runs racing for the same reviewer meet at the unique key of digest_sends; InnoDB may
 * then roll one of them back as a deadlock victim instead of reporting the duplicate. The
 * transaction is simply run again: it finds the row and reports 'already-sent'.
 */
async function withConflictRetry<T>(tx: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await tx();
    } catch (err) {
      if (attempt >= CONFLICT_ATTEMPTS || !isLockConflict(err)) throw err;
    }
  }
}

function isLockConflict(err: unknown): boolean {
  const driver = (err as { driverError?: { code?: string } } | null)?.driverError;
  return ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY'].includes(driver?.code ?? '');
}

/**
 * Runs `fn` over `items`, at most `limit` at a time. After a failure no new item starts, and
 * the error is thrown only once the ones in flight have ended (nothing keeps writing behind it).
 */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      try {
        await fn(items[next++]!);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw (failure as { err: unknown }).err;
}

export const reviewDigestJob: Job = {
  description: '每个工作日向审核方（联络团体、登记机关）发送一份待审核团体汇总，同一天不重复发送',
  // 10,000 reviewers take well under this; a crashed run's lease frees the job for the next bot
  leaseSeconds: 1800,
  run: (deps) => sendReviewDigests(deps) as Promise<Record<string, unknown>>,
};
