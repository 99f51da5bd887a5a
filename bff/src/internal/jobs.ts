import { DomainError, type JobRunResponse } from '@zhiyuan/shared';
import type { AppDeps } from '../deps';
import { outboxRepository } from '../modules/notifications/outbox.repository';
import { reviewDigestJob } from '../modules/teams/review-digest.job';
import { jobLeaseRepository } from './job-lease.repository';

/**
 * The scheduled use cases. The bot decides when (its node-schedule rules); the bff decides
 * what, and runs each under a lease row so two bots never run the same job at once.
 */
export interface Job {
  description: string;
  /** longest expected run; the lease lasts this long */
  leaseSeconds: number;
  run(deps: AppDeps): Promise<Record<string, unknown>>;
}

const SENT_KEPT_DAYS = 30;

export const JOBS: Record<string, Job> = {
  'outbox.purge': {
    description: `删除发送成功超过 ${SENT_KEPT_DAYS} 天的消息`,
    leaseSeconds: 600,
    async run({ db, clock }) {
      const before = new Date(clock.now().getTime() - SENT_KEPT_DAYS * 86400_000);
      return { deleted: await outboxRepository.deleteSentBefore(db.manager, before) };
    },
  },
  'system.heartbeat': {
    description: '记录机器人仍在运行（管理员在任务列表中可见）',
    leaseSeconds: 30,
    async run({ db }) {
      const counts = await outboxRepository.countByStatus(db.manager);
      return Object.fromEntries(counts.map((c) => [c.status, c.count]));
    },
  },
  'teams.review-digest': reviewDigestJob, // T-5
};

export async function runJob(deps: AppDeps, name: string, owner: string): Promise<JobRunResponse> {
  const job = JOBS[name];
  if (!job) throw new DomainError('JOB.UNKNOWN');
  const { db, clock, logger } = deps;
  await jobLeaseRepository.ensure(db.manager, name);
  const now = clock.now();
  const won = await jobLeaseRepository.take(
    db.manager,
    name,
    owner,
    now,
    new Date(now.getTime() + job.leaseSeconds * 1000),
  );
  if (!won) return { ran: false };
  let result: Record<string, unknown>;
  try {
    result = await job.run(deps);
  } catch (err) {
    await jobLeaseRepository.release(
      db.manager,
      name,
      owner,
      clock.now(),
      JSON.stringify({ error: (err as Error).message }),
    );
    throw err;
  }
  await jobLeaseRepository.release(db.manager, name, owner, clock.now(), JSON.stringify(result));
  logger.info({ job: name, result }, 'job ran');
  return { ran: true, result };
}
