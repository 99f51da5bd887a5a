import type { EntityManager } from 'typeorm';
import { JobLease, type JobLeaseRow } from '../db/entities';
import { duplicateKeyOf } from '../db/errors';

/** Lease rows of scheduled jobs: whoever wins the conditional update runs the job. */
export const jobLeaseRepository = {
  async ensure(em: EntityManager, name: string): Promise<void> {
    if (await em.getRepository(JobLease).countBy({ name })) return;
    try {
      await em.getRepository(JobLease).insert({
        name,
        owner: null,
        leaseUntil: null,
        lastStartedAt: null,
        lastFinishedAt: null,
        lastResult: null,
      });
    } catch (err) {
      if (!duplicateKeyOf(err)) throw err; // another process created it first
    }
  },
  async take(em: EntityManager, name: string, owner: string, now: Date, until: Date): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(JobLease)
      .set({ owner, leaseUntil: until, lastStartedAt: now })
      .where('name = :name AND (lease_until IS NULL OR lease_until < :now)', { name, now })
      .execute();
    return (res.affected ?? 0) === 1;
  },
  async release(em: EntityManager, name: string, owner: string, now: Date, result: string): Promise<void> {
    await em
      .createQueryBuilder()
      .update(JobLease)
      .set({ leaseUntil: null, lastFinishedAt: now, lastResult: result })
      .where('name = :name AND owner = :owner', { name, owner })
      .execute();
  },
  all(em: EntityManager): Promise<JobLeaseRow[]> {
    return em.getRepository(JobLease).find({ order: { name: 'ASC' } });
  },
};
