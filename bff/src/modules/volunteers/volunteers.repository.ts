import { IsNull, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { regionPrefix, type VerificationState } from '@zhiyuan/shared';
import { IdentityClaim, Sequence, Volunteer, type VolunteerRow } from '../../db/entities';
import { duplicateKeyOf } from '../../db/errors';

export interface VolunteerFilter {
  /** regions the caller acts in; null = everywhere */
  scopes: string[] | null;
  state?: VerificationState;
  /** matches the real name, the volunteer number, or (exactly) a document hash */
  q?: string;
  documentHash?: string;
}

function applyFilter(qb: SelectQueryBuilder<VolunteerRow>, f: VolunteerFilter): SelectQueryBuilder<VolunteerRow> {
  qb.where('v.merged_into IS NULL');
  if (f.scopes) {
    if (f.scopes.length === 0) qb.andWhere('1 = 0');
    else {
      const parts = f.scopes.map((_, i) => `v.region_code LIKE :scope${i}`);
      qb.andWhere(
        `(${parts.join(' OR ')})`,
        Object.fromEntries(f.scopes.map((s, i) => [`scope${i}`, `${regionPrefix(s)}%`])),
      );
    }
  }
  if (f.state) qb.andWhere('v.verification_state = :state', { state: f.state });
  if (f.q) {
    qb.andWhere("(v.real_name LIKE :q ESCAPE '!' OR v.volunteer_number = :exact OR v.document_hash = :hash)", {
      q: `%${f.q.replace(/[%_!]/g, '!$&')}%`,
      exact: f.q,
      hash: f.documentHash ?? '-',
    });
  }
  return qb;
}

/** Every query of the volunteers area, named for its intent. */
export const volunteersRepository = {
  findById(em: EntityManager, id: string): Promise<VolunteerRow | null> {
    return em.getRepository(Volunteer).findOneBy({ id });
  },
  findByAccountId(em: EntityManager, accountId: string): Promise<VolunteerRow | null> {
    return em.getRepository(Volunteer).findOneBy({ accountId, mergedInto: IsNull() });
  },
  /** live records (not merged away) with this document */
  findByDocumentHash(em: EntityManager, documentHash: string): Promise<VolunteerRow[]> {
    return em
      .getRepository(Volunteer)
      .find({ where: { documentHash, mergedInto: IsNull() }, order: { createdAt: 'ASC' } });
  },
  async insert(em: EntityManager, row: VolunteerRow): Promise<void> {
    await em.getRepository(Volunteer).insert(row);
  },
  async update(em: EntityManager, id: string, change: Partial<VolunteerRow>): Promise<void> {
    await em.getRepository(Volunteer).update({ id }, change);
  },
  /** Activates an imported record for an account (V-3); false when another registration won it first. */
  async activate(em: EntityManager, id: string, change: Partial<VolunteerRow>): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(Volunteer)
      .set(change)
      .where('id = :id AND account_id IS NULL AND merged_into IS NULL', { id })
      .execute();
    return (res.affected ?? 0) === 1;
  },
  /** One registered account per document (V-2): the primary key refuses a second claim. */
  async claimIdentity(em: EntityManager, documentHash: string, volunteerId: string, now: Date): Promise<void> {
    await em.getRepository(IdentityClaim).insert({ documentHash, volunteerId, createdAt: now });
  },
  async moveClaim(em: EntityManager, documentHash: string, volunteerId: string): Promise<void> {
    await em.getRepository(IdentityClaim).update({ documentHash }, { volunteerId });
  },
  /** Creates a named counter if missing; run outside the transaction that increments it. */
  async ensureSequence(em: EntityManager, name: string): Promise<void> {
    const repo = em.getRepository(Sequence);
    if (await repo.countBy({ name })) return;
    try {
      await repo.insert({ name, value: 0 });
    } catch (err) {
      if (!duplicateKeyOf(err)) throw err; // created by a concurrent request
    }
  },
  /**
   * The next value of a counter made by `ensureSequence`, inside the caller's transaction:
   * the increment locks the row until commit, so concurrent verifications get distinct values (V-6).
   */
  async nextSequence(em: EntityManager, name: string): Promise<number> {
    await em
      .createQueryBuilder()
      .update(Sequence)
      .set({ value: () => 'value + 1' })
      .where('name = :name', { name })
      .execute();
    return (await em.getRepository(Sequence).findOneByOrFail({ name })).value;
  },
  page(em: EntityManager, f: VolunteerFilter, skip: number, take: number): Promise<[VolunteerRow[], number]> {
    return applyFilter(em.getRepository(Volunteer).createQueryBuilder('v'), f)
      .orderBy('v.created_at', 'DESC')
      .addOrderBy('v.id', 'ASC')
      .skip(skip)
      .take(take)
      .getManyAndCount();
  },
};
