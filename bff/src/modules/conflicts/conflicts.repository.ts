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

/** Up to this many documents on two or more records are narrowed down by their hashes. */
const CANDIDATES_MAX = 5000;

/**
 * Document hashes found on two or more live records (V-4) and, with `scopes`, only those with
 * a record in one of them (the scope is tested inside the groups: a subquery on the region
 * index measured 2-5× slower on MariaDB). `among`: only these hashes.
 */
function conflictGroups(
  em: EntityManager,
  scopes: string[] | null,
  among: string[] | null,
): SelectQueryBuilder<VolunteerRow> {
  const qb = em
    .getRepository(Volunteer)
    .createQueryBuilder('v')
    .select('v.document_hash', 'hash')
    .where('v.merged_into IS NULL');
  if (among) qb.andWhere('v.document_hash IN (:...among)', { among });
  qb.groupBy('v.document_hash').having('COUNT(*) > 1');
  if (scopes) {
    const inScope = scopes.map((_, i) => `v.region_code LIKE :scope${i}`).join(' OR ');
    qb.andHaving(
      `MAX(CASE WHEN ${inScope} THEN 1 ELSE 0 END) = 1`,
      Object.fromEntries(scopes.map((s, i) => [`scope${i}`, `${regionPrefix(s)}%`])),
    );
  }
  return qb;
}

/** Every query of the conflicts area, named for its intent. */
export const conflictsRepository = {
  /**
   * A page of conflicting documents, newest conflict first, and how many there are. First
   * the documents on two or more records at all, live or merged: an index-only scan of the
   * document index, far cheaper than grouping whole rows. When those are few (the usual case),
   * only their records are grouped; otherwise every live record is. The total rides on the
   * page (a window over the groups), so the records are grouped once per page.
   */
  async page(
    em: EntityManager,
    scopes: string[] | null,
    skip: number,
    take: number,
  ): Promise<{ hashes: string[]; total: number }> {
    if (scopes && scopes.length === 0) return { hashes: [], total: 0 };
    const candidates = await em
      .getRepository(Volunteer)
      .createQueryBuilder('v')
      .select('v.document_hash', 'hash')
      .groupBy('v.document_hash')
      .having('COUNT(*) > 1')
      .limit(CANDIDATES_MAX + 1)
      .getRawMany<{ hash: string }>();
    if (candidates.length === 0) return { hashes: [], total: 0 };
    const among = candidates.length <= CANDIDATES_MAX ? candidates.map((c) => c.hash) : null;
    const groups = () => conflictGroups(em, scopes, among);
    const rows = await groups()
      .addSelect('MAX(v.created_at)', 'latest')
      .addSelect('COUNT(*) OVER ()', 'total')
      .orderBy('latest', 'DESC')
      .addOrderBy('hash', 'ASC')
      .offset(skip)
      .limit(take)
      .getRawMany<{ hash: string; total: string | number }>();
    if (rows.length > 0 || skip === 0) return { hashes: rows.map((r) => r.hash), total: Number(rows[0]?.total ?? 0) };
    // past the last page: the window had no row to ride on
    const [sql, parameters] = groups().getQueryAndParameters();
    const count = (await em.query(`SELECT COUNT(*) AS n FROM (${sql}) g`, parameters)) as Array<{ n: string | number }>;
    return { hashes: [], total: Number(count[0]?.n ?? 0) };
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
