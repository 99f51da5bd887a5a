import { IsNull, type EntityManager } from 'typeorm';
import { Region, type RegionRow } from '../../db/entities';

export const regionsRepository = {
  findByCode(em: EntityManager, code: string): Promise<RegionRow | null> {
    return em.getRepository(Region).findOneBy({ code });
  },
  childrenOf(em: EntityManager, parentCode: string | null): Promise<RegionRow[]> {
    return em.getRepository(Region).find({
      where: { parentCode: parentCode === null ? IsNull() : parentCode },
      order: { code: 'ASC' },
    });
  },
  async childCounts(em: EntityManager, parentCodes: string[]): Promise<Map<string, number>> {
    if (parentCodes.length === 0) return new Map();
    const rows = await em
      .getRepository(Region)
      .createQueryBuilder('r')
      .select('r.parent_code', 'parentCode')
      .addSelect('COUNT(*)', 'count')
      .where('r.parent_code IN (:...codes)', { codes: parentCodes })
      .groupBy('r.parent_code')
      .getRawMany<{ parentCode: string; count: string | number }>();
    return new Map(rows.map((r) => [r.parentCode, Number(r.count)]));
  },
  count(em: EntityManager): Promise<number> {
    return em.getRepository(Region).count();
  },
  allCodes(em: EntityManager): Promise<string[]> {
    return em
      .getRepository(Region)
      .createQueryBuilder('r')
      .select('r.code', 'code')
      .getRawMany<{ code: string }>()
      .then((rows) => rows.map((r) => r.code));
  },
  async insertMany(em: EntityManager, rows: RegionRow[]): Promise<void> {
    if (rows.length) await em.getRepository(Region).insert(rows);
  },
};
