import type { EntityManager } from 'typeorm';
import type { Role } from '@zhiyuan/shared';
import {
  Account,
  AccountRole,
  RefreshToken,
  type AccountRow,
  type AccountRoleRow,
  type RefreshTokenRow,
} from '../../db/entities';

/** Every query of the accounts area, each named for its intent. No rule lives here. */
export const accountsRepository = {
  findById(em: EntityManager, id: string): Promise<AccountRow | null> {
    return em.getRepository(Account).findOneBy({ id });
  },
  findByUsername(em: EntityManager, username: string): Promise<AccountRow | null> {
    return em.getRepository(Account).findOneBy({ username });
  },
  findByWechatOpenid(em: EntityManager, openid: string): Promise<AccountRow | null> {
    return em.getRepository(Account).findOneBy({ wechatOpenid: openid });
  },
  async usernameExists(em: EntityManager, username: string): Promise<boolean> {
    return (await em.getRepository(Account).countBy({ username })) > 0;
  },
  async emailExists(em: EntityManager, email: string): Promise<boolean> {
    return (await em.getRepository(Account).countBy({ email })) > 0;
  },
  async mobileExists(em: EntityManager, mobile: string): Promise<boolean> {
    return (await em.getRepository(Account).countBy({ mobile })) > 0;
  },
  async insert(em: EntityManager, row: AccountRow): Promise<void> {
    await em.getRepository(Account).insert(row);
  },
  async bindWechat(em: EntityManager, id: string, openid: string, now: Date): Promise<void> {
    await em.getRepository(Account).update({ id }, { wechatOpenid: openid, updatedAt: now });
  },
  async update(em: EntityManager, id: string, change: Partial<AccountRow>): Promise<void> {
    await em.getRepository(Account).update({ id }, change);
  },
  async setPassword(em: EntityManager, id: string, passwordHash: string, now: Date): Promise<void> {
    await em.getRepository(Account).update({ id }, { passwordHash, updatedAt: now });
  },
  rolesOf(em: EntityManager, accountId: string): Promise<AccountRoleRow[]> {
    return em.getRepository(AccountRole).find({ where: { accountId }, order: { createdAt: 'ASC' } });
  },
  async insertRole(em: EntityManager, row: AccountRoleRow): Promise<void> {
    await em.getRepository(AccountRole).insert(row);
  },
  async firstWithRole(em: EntityManager, role: Role): Promise<AccountRow | null> {
    const grant = await em.getRepository(AccountRole).findOne({ where: { role }, order: { createdAt: 'ASC' } });
    return grant ? em.getRepository(Account).findOneBy({ id: grant.accountId }) : null;
  },
};

export const refreshTokensRepository = {
  async insert(em: EntityManager, row: RefreshTokenRow): Promise<void> {
    await em.getRepository(RefreshToken).insert(row);
  },
  findByHash(em: EntityManager, tokenHash: string): Promise<RefreshTokenRow | null> {
    return em.getRepository(RefreshToken).findOneBy({ tokenHash });
  },
  /** Revokes the token if it is still live; true when this call revoked it (so a token rotates once). */
  async revokeIfLive(em: EntityManager, id: string, now: Date): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: now })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    return (res.affected ?? 0) === 1;
  },
  async revokeAllOf(em: EntityManager, accountId: string, now: Date): Promise<void> {
    await em
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: now })
      .where('account_id = :accountId AND revoked_at IS NULL', { accountId })
      .execute();
  },
};
