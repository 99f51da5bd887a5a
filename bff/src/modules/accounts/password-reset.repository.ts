import { MoreThan, type EntityManager } from 'typeorm';
import { dialectOf } from '../../db/data-source';
import { Account, PasswordReset, type AccountRow, type PasswordResetRow } from '../../db/entities';

/** Queries of the forgotten-password flow (V-9), each named for its intent. No rule lives here. */
export const passwordResetRepository = {
  findAccountByEmail(em: EntityManager, email: string): Promise<AccountRow | null> {
    return em.getRepository(Account).findOneBy({ email });
  },

  /**
   * Reads the account and, on MySQL/MariaDB, holds its row until commit so that two requests
   * for one account are counted one after the other (SQLite has a single writer already).
   */
  lockAccount(em: EntityManager, id: string): Promise<AccountRow | null> {
    const qb = em.getRepository(Account).createQueryBuilder('a').where('a.id = :id', { id });
    if (dialectOf(em.connection) === 'mysql') qb.setLock('pessimistic_write');
    return qb.getOne();
  },

  countCreatedSince(em: EntityManager, accountId: string, since: Date): Promise<number> {
    return em.getRepository(PasswordReset).countBy({ accountId, createdAt: MoreThan(since) });
  },

  /** Ends every live code of the account now (a newer code replaces them). */
  async expireLive(em: EntityManager, accountId: string, now: Date): Promise<void> {
    await em
      .createQueryBuilder()
      .update(PasswordReset)
      .set({ expiresAt: now })
      .where('account_id = :accountId AND used_at IS NULL AND expires_at > :now', { accountId, now })
      .execute();
  },

  findById(em: EntityManager, id: string): Promise<PasswordResetRow | null> {
    return em.getRepository(PasswordReset).findOneBy({ id });
  },

  async insert(em: EntityManager, row: PasswordResetRow): Promise<void> {
    await em.getRepository(PasswordReset).insert(row);
  },

  /** The newest code of the account that is neither used nor expired (it may be spent by wrong tries). */
  latestLive(em: EntityManager, accountId: string, now: Date): Promise<PasswordResetRow | null> {
    return em
      .getRepository(PasswordReset)
      .createQueryBuilder('r')
      .where('r.account_id = :accountId AND r.used_at IS NULL AND r.expires_at > :now', { accountId, now })
      .orderBy('r.created_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .getOne();
  },

  /**
   * Takes try number `taken + 1` before the code is compared: a compare-and-set on the count,
   * so parallel guesses each get their own number and never more than the limit between them.
   * False when another request took that number first, or the code is no longer live.
   */
  async takeAttempt(em: EntityManager, id: string, taken: number, now: Date): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(PasswordReset)
      .set({ attempts: taken + 1 })
      .where('id = :id AND attempts = :taken AND used_at IS NULL AND expires_at > :now', { id, taken, now })
      .execute();
    return (res.affected ?? 0) === 1;
  },

  /** Marks the code used if it still is live; true when this call used it (a code works once). */
  async markUsed(em: EntityManager, id: string, now: Date): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(PasswordReset)
      .set({ usedAt: now })
      .where('id = :id AND used_at IS NULL AND expires_at > :now', { id, now })
      .execute();
    return (res.affected ?? 0) === 1;
  },
};
