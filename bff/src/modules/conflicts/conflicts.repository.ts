import { In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { regionPrefix } from '@zhiyuan/shared';
import {
  Account,
  AuditLog,
  Region,
  Volunteer,
  type AccountRow,
  type AuditLogRow,
  type VolunteerRow,
} from '../../db/entities';

/**
 * Document hashes found on two or more live records (V-4), optionally only those with a
 * record in one of `scopes`. The scope filter runs first (a prefix scan of the region
 * index), then each document is counted through the document index.
 */
function conflictGroups(em: EntityManager, scopes: string[] | null): SelectQueryBuilder<VolunteerRow> {
  const qb = em
    .getRepository(Volunteer)
    .createQueryBuilder('v')
    .select('v.document_hash', 'hash')
    .addSelect('MAX(v.created_at)', 'latest')
    .where('v.merged_into IS NULL');
  if (scopes) {
    const inScope = em
      .getRepository(Volunteer)
      .createQueryBuilder('s')
      .select('s.document_hash')
      .where('s.merged_into IS NULL')
      .andWhere(scopes.length ? `(${scopes.map((_, i) => `s.region_code LIKE :scope${i}`).join(' OR ')})` : '1 = 0');
    qb.andWhere(
      `v.document_hash IN (${inScope.getQuery()})`,
      Object.fromEntries(scopes.map((s, i) => [`scope${i}`, `${regionPrefix(s)}%`])),
    );
  }
  return qb.groupBy('v.document_hash').having('COUNT(*) > 1');
}

/** Every query of the conflicts area, named for its intent. */
export const conflictsRepository = {
  /** A page of conflicting documents, newest conflict first, and how many there are. */
  async page(
    em: EntityManager,
    scopes: string[] | null,
    skip: number,
    take: number,
  ): Promise<{ hashes: string[]; total: number }> {
    const groups = conflictGroups(em, scopes);
    const rows = await groups
      .clone()
      .orderBy('latest', 'DESC')
      .addOrderBy('hash', 'ASC')
      .offset(skip)
      .limit(take)
      .getRawMany<{ hash: string }>();
    const [sql, parameters] = groups.getQueryAndParameters();
    const count = (await em.query(`SELECT COUNT(*) AS n FROM (${sql}) g`, parameters)) as Array<{ n: string | number }>;
    return { hashes: rows.map((r) => r.hash), total: Number(count[0]?.n ?? 0) };
  },
  /** The live records of these documents, oldest first. */
  liveRecordsOf(em: EntityManager, hashes: string[]): Promise<VolunteerRow[]> {
    if (hashes.length === 0) return Promise.resolve([]);
    return em
      .getRepository(Volunteer)
      .createQueryBuilder('v')
      .where('v.document_hash IN (:...hashes)', { hashes })
      .andWhere('v.merged_into IS NULL')
      .orderBy('v.created_at', 'ASC')
      .addOrderBy('v.id', 'ASC')
      .getMany();
  },
  /** The records of a merge, locked until commit where the database can (MySQL/MariaDB). */
  recordsForMerge(em: EntityManager, ids: string[], lock: boolean): Promise<VolunteerRow[]> {
    const qb = em.getRepository(Volunteer).createQueryBuilder('v').where('v.id IN (:...ids)', { ids });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getMany();
  },
  accounts(em: EntityManager, ids: string[]): Promise<AccountRow[]> {
    return ids.length ? em.getRepository(Account).findBy({ id: In(ids) }) : Promise.resolve([]);
  },
  async regionNames(em: EntityManager, codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await em.getRepository(Region).findBy({ code: In(codes) });
    return new Map(rows.map((r) => [r.code, r.name]));
  },
  async update(em: EntityManager, id: string, change: Partial<VolunteerRow>): Promise<void> {
    await em.getRepository(Volunteer).update({ id }, change);
  },
  async audit(em: EntityManager, row: AuditLogRow): Promise<void> {
    await em.getRepository(AuditLog).insert(row);
  },
};
