import { In, type EntityManager } from 'typeorm';
import type { OutboxStatus } from '@zhiyuan/shared';
import { Outbox, type OutboxRow } from '../../db/entities';

/**
 * Outbox queries. Claims are leases taken with a conditional update, then read back
 * (ARCHITECTURE.md): portable across SQLite, MySQL, MariaDB and TiDB, no lock held while sending.
 */
export const outboxRepository = {
  async insertIgnoringDuplicate(em: EntityManager, row: OutboxRow): Promise<boolean> {
    const exists = await em.getRepository(Outbox).countBy({ idempotencyKey: row.idempotencyKey });
    if (exists) return false;
    await em.getRepository(Outbox).insert(row);
    return true;
  },

  async dueIds(em: EntityManager, now: Date, limit: number): Promise<string[]> {
    const rows = await em
      .getRepository(Outbox)
      .createQueryBuilder('o')
      .select('o.id', 'id')
      .where("o.status = 'pending' AND o.next_attempt_at <= :now", { now })
      .andWhere('(o.lease_until IS NULL OR o.lease_until < :now)', { now })
      .orderBy('o.next_attempt_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  },

  async lease(em: EntityManager, ids: string[], owner: string, now: Date, until: Date): Promise<void> {
    if (ids.length === 0) return;
    await em
      .createQueryBuilder()
      .update(Outbox)
      .set({ leaseOwner: owner, leaseUntil: until })
      .where({ id: In(ids) })
      .andWhere("status = 'pending' AND (lease_until IS NULL OR lease_until < :now)", { now })
      .execute();
  },

  leasedBy(em: EntityManager, ids: string[], owner: string, until: Date): Promise<OutboxRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return em.getRepository(Outbox).find({ where: { id: In(ids), leaseOwner: owner, leaseUntil: until } });
  },

  async markSent(em: EntityManager, id: string, owner: string, now: Date): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(Outbox)
      .set({ status: 'sent', sentAt: now, leaseOwner: null, leaseUntil: null })
      .where("id = :id AND lease_owner = :owner AND status = 'pending'", { id, owner })
      .execute();
    return (res.affected ?? 0) === 1;
  },

  async reschedule(
    em: EntityManager,
    id: string,
    owner: string,
    change: { status: OutboxStatus; attempts: number; nextAttemptAt: Date; lastError: string },
  ): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(Outbox)
      .set({ ...change, leaseOwner: null, leaseUntil: null })
      .where("id = :id AND lease_owner = :owner AND status = 'pending'", { id, owner })
      .execute();
    return (res.affected ?? 0) === 1;
  },

  findById(em: EntityManager, id: string): Promise<OutboxRow | null> {
    return em.getRepository(Outbox).findOneBy({ id });
  },

  async retry(em: EntityManager, id: string, now: Date): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(Outbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now, leaseOwner: null, leaseUntil: null })
      .where("id = :id AND status = 'failed'", { id })
      .execute();
    return (res.affected ?? 0) === 1;
  },

  page(
    em: EntityManager,
    status: OutboxStatus | undefined,
    skip: number,
    take: number,
  ): Promise<[OutboxRow[], number]> {
    return em.getRepository(Outbox).findAndCount({
      where: status ? { status } : {},
      order: { createdAt: 'DESC' },
      skip,
      take,
    });
  },

  async deleteSentBefore(em: EntityManager, before: Date): Promise<number> {
    const res = await em
      .createQueryBuilder()
      .delete()
      .from(Outbox)
      .where("status = 'sent' AND sent_at < :before", { before })
      .execute();
    return res.affected ?? 0;
  },

  countByStatus(em: EntityManager): Promise<Array<{ status: OutboxStatus; count: number }>> {
    return em
      .getRepository(Outbox)
      .createQueryBuilder('o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('o.status')
      .getRawMany<{ status: OutboxStatus; count: string | number }>()
      .then((rows) => rows.map((r) => ({ status: r.status, count: Number(r.count) })));
  },
};
