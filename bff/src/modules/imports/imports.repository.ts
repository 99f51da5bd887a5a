import { In, type EntityManager } from 'typeorm';
import { regionPrefix } from '@zhiyuan/shared';
import {
  AuditLog,
  ImportJob,
  Volunteer,
  type AuditLogRow,
  type ImportJobRow,
  type VolunteerRow,
} from '../../db/entities';

/** Every query of the imports area, named for its intent. */
export const importsRepository = {
  async insertJob(em: EntityManager, row: ImportJobRow): Promise<void> {
    await em.getRepository(ImportJob).insert(row);
  },
  findJob(em: EntityManager, id: string): Promise<ImportJobRow | null> {
    return em.getRepository(ImportJob).findOneBy({ id });
  },
  async updateJob(em: EntityManager, id: string, change: Partial<ImportJobRow>): Promise<void> {
    await em.getRepository(ImportJob).update({ id }, change);
  },
  /** Ends a job that is still queued or running; false when it had already ended. */
  async failIfUnfinished(em: EntityManager, id: string, change: Partial<ImportJobRow>): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(ImportJob)
      .set({ ...change, status: 'failed' })
      .where('id = :id', { id })
      .andWhere({ status: In(['queued', 'running']) })
      .execute();
    return (res.affected ?? 0) === 1;
  },
  /** Jobs an admin sees: its own, and those of the regions it acts in (all for `scopes` null). */
  pageJobs(
    em: EntityManager,
    actorId: string,
    scopes: string[] | null,
    skip: number,
    take: number,
  ): Promise<[ImportJobRow[], number]> {
    const qb = em.getRepository(ImportJob).createQueryBuilder('j');
    if (scopes) {
      const parts = ['j.actor_id = :actorId', ...scopes.map((_, i) => `j.region_code LIKE :scope${i}`)];
      qb.where(`(${parts.join(' OR ')})`, {
        actorId,
        ...Object.fromEntries(scopes.map((s, i) => [`scope${i}`, `${regionPrefix(s)}%`])),
      });
    }
    return qb.orderBy('j.created_at', 'DESC').addOrderBy('j.id', 'ASC').skip(skip).take(take).getManyAndCount();
  },
  /** Of these document hashes, those already on a live record (V-4): one query per batch. */
  async liveDocumentHashes(em: EntityManager, hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows = await em
      .createQueryBuilder()
      .select('DISTINCT v.document_hash', 'hash')
      .from(Volunteer, 'v')
      .where('v.document_hash IN (:...hashes)', { hashes })
      .andWhere('v.merged_into IS NULL')
      .getRawMany<{ hash: string }>();
    return new Set(rows.map((r) => r.hash));
  },
  /**
   * One multi-row INSERT, a prepared statement through TypeORM's driver: the entity's
   * column mapping and the driver's value conversion (dates for SQLite and MySQL alike), but
   * not the query builder's per-value bookkeeping, which cost more than the database did
   * (bench/import.bench.mjs). Portable: both drivers take `?` placeholders.
   */
  async insertVolunteers(em: EntityManager, rows: VolunteerRow[]): Promise<void> {
    if (rows.length === 0) return;
    const { driver } = em.connection;
    const meta = em.connection.getMetadata(Volunteer);
    const columns = meta.columns;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const params: unknown[] = [];
    for (const row of rows)
      for (const c of columns) params.push(driver.preparePersistentValue(c.getEntityValue(row), c));
    await em.query(
      `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES ${Array<string>(rows.length).fill(tuple).join(', ')}`,
      params,
    );
  },
  async audit(em: EntityManager, row: AuditLogRow): Promise<void> {
    await em.getRepository(AuditLog).insert(row);
  },
};
