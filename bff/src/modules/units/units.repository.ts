import { Not, type EntityManager } from 'typeorm';
import { Unit, Volunteer, type UnitRow } from '../../db/entities';

/** Queries of work units (T-8), each named for its intent. */
export const unitsRepository = {
  findById(em: EntityManager, id: string): Promise<UnitRow | null> {
    return em.getRepository(Unit).findOneBy({ id });
  },
  /** Names are unique within a region; `exceptId` leaves out the unit being renamed. */
  async nameTaken(em: EntityManager, regionCode: string, name: string, exceptId?: string): Promise<boolean> {
    return (await em.getRepository(Unit).countBy({ regionCode, name, ...(exceptId ? { id: Not(exceptId) } : {}) })) > 0;
  },
  async insert(em: EntityManager, row: UnitRow): Promise<void> {
    await em.getRepository(Unit).insert(row);
  },
  async update(em: EntityManager, id: string, change: Partial<UnitRow>): Promise<void> {
    await em.getRepository(Unit).update({ id }, change);
  },
  /** Units in a region and below (by code prefix), searchable by name. */
  search(
    em: EntityManager,
    f: { q?: string | undefined; regionPrefix?: string | undefined },
    skip: number,
    take: number,
  ): Promise<[UnitRow[], number]> {
    const qb = em.getRepository(Unit).createQueryBuilder('u');
    if (f.regionPrefix) qb.andWhere('u.region_code LIKE :prefix', { prefix: `${f.regionPrefix}%` });
    if (f.q) qb.andWhere("u.name LIKE :q ESCAPE '!'", { q: `%${f.q.replace(/[%_!]/g, '!$&')}%` });
    return qb
      .orderBy('u.region_code', 'ASC')
      .addOrderBy('u.name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .skip(skip)
      .take(take)
      .getManyAndCount();
  },
  /** the unit's registered staff — verified volunteers who named this unit. */
  countRegisteredStaff(em: EntityManager, unitId: string): Promise<number> {
    return em
      .getRepository(Volunteer)
      .createQueryBuilder('v')
      .where("v.unit_id = :unitId AND v.verification_state = 'verified' AND v.merged_into IS NULL", { unitId })
      .getCount();
  },
  /** T-8: the unit a volunteer names (null: none). */
  async setVolunteerUnit(em: EntityManager, volunteerId: string, unitId: string | null, now: Date): Promise<void> {
    await em.getRepository(Volunteer).update({ id: volunteerId }, { unitId, updatedAt: now });
  },
};
