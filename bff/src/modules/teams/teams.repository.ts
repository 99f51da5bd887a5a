import { In, type EntityManager } from 'typeorm';
import { Team, TeamMember, RegionAuthority, type RegionAuthorityRow, type TeamMemberRow, type TeamRow } from '../../db/entities';

/** Queries of the teams area, each named for its intent. Membership queries live here too. */
export const teamsRepository = {
  findById(em: EntityManager, id: string): Promise<TeamRow | null> {
    return em.getRepository(Team).findOneBy({ id });
  },
  findByIds(em: EntityManager, ids: string[]): Promise<TeamRow[]> {
    return ids.length ? em.getRepository(Team).findBy({ id: In(ids) }) : Promise.resolve([]);
  },
  async nameTaken(em: EntityManager, regionCode: string, name: string): Promise<boolean> {
    return (await em.getRepository(Team).countBy({ regionCode, name })) > 0;
  },
  async insert(em: EntityManager, row: TeamRow): Promise<void> {
    await em.getRepository(Team).insert(row);
  },
  async update(em: EntityManager, id: string, change: Partial<TeamRow>): Promise<void> {
    await em.getRepository(Team).update({ id }, change);
  },
  /** Moves a pending team to its decision; false when someone decided first. */
  async decide(em: EntityManager, id: string, change: Partial<TeamRow>): Promise<boolean> {
    const res = await em.createQueryBuilder().update(Team).set(change).where("id = :id AND status = 'pending'", { id }).execute();
    return (res.affected ?? 0) === 1;
  },
  /** T-5: records a reminder unless one was sent since `since`; false when too soon. */
  async markReminded(em: EntityManager, id: string, now: Date, since: Date): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(Team)
      .set({ lastRemindedAt: now })
      .where("id = :id AND status = 'pending' AND (last_reminded_at IS NULL OR last_reminded_at <= :since)", { id, since })
      .execute();
    return (res.affected ?? 0) === 1;
  },
  /** T-2: authorized liaison teams in the given regions, searchable by name. */
  liaisonCandidates(em: EntityManager, regionCodes: string[], q: string | undefined, take: number): Promise<TeamRow[]> {
    const qb = em
      .getRepository(Team)
      .createQueryBuilder('t')
      .where("t.status = 'approved' AND t.accepts_sub_teams = :yes AND t.region_code IN (:...codes)", { yes: true, codes: regionCodes });
    if (q) qb.andWhere('t.name LIKE :q', { q: `%${q.replace(/[%_\\]/g, '\\$&')}%` });
    return qb.orderBy('t.name', 'ASC').take(take).getMany();
  },
  /** The review queue of a liaison team or of a registration authority (T-4). */
  pendingFor(em: EntityManager, reviewer: { liaisonTeamIds: string[]; authorityRegions: string[] }, skip: number, take: number): Promise<[TeamRow[], number]> {
    const qb = em.getRepository(Team).createQueryBuilder('t').where("t.status = 'pending'");
    const parts: string[] = [];
    const params: Record<string, unknown> = {};
    if (reviewer.liaisonTeamIds.length) {
      parts.push("(t.reviewer_kind = 'liaison_team' AND t.liaison_team_id IN (:...liaisons))");
      params.liaisons = reviewer.liaisonTeamIds;
    }
    if (reviewer.authorityRegions.length) {
      parts.push("(t.reviewer_kind = 'authority' AND t.reviewer_region_code IN (:...regions))");
      params.regions = reviewer.authorityRegions;
    }
    if (!parts.length) return Promise.resolve([[], 0]);
    return qb.andWhere(`(${parts.join(' OR ')})`, params).orderBy('t.submitted_at', 'ASC').skip(skip).take(take).getManyAndCount();
  },
  search(em: EntityManager, f: { regionPrefix?: string; q?: string; status?: string }, skip: number, take: number): Promise<[TeamRow[], number]> {
    const qb = em.getRepository(Team).createQueryBuilder('t').where('t.status = :status', { status: f.status ?? 'approved' });
    if (f.regionPrefix) qb.andWhere('t.region_code LIKE :prefix', { prefix: `${f.regionPrefix}%` });
    if (f.q) qb.andWhere('t.name LIKE :q', { q: `%${f.q.replace(/[%_\\]/g, '\\$&')}%` });
    return qb.orderBy('t.member_count', 'DESC').addOrderBy('t.id', 'ASC').skip(skip).take(take).getManyAndCount();
  },

  // ---- membership (T-6, T-7) ----
  membership(em: EntityManager, teamId: string, accountId: string): Promise<TeamMemberRow | null> {
    return em.getRepository(TeamMember).findOneBy({ teamId, accountId });
  },
  adminsOf(em: EntityManager, teamId: string): Promise<TeamMemberRow[]> {
    return em.getRepository(TeamMember).findBy({ teamId, role: 'admin' });
  },
  adminTeamIdsOf(em: EntityManager, accountId: string): Promise<string[]> {
    return em
      .getRepository(TeamMember)
      .findBy({ accountId, role: 'admin' })
      .then((rows) => rows.map((r) => r.teamId));
  },
  teamsOf(em: EntityManager, accountId: string): Promise<TeamMemberRow[]> {
    return em.getRepository(TeamMember).find({ where: { accountId }, order: { joinedAt: 'ASC' } });
  },
  async addMember(em: EntityManager, row: TeamMemberRow): Promise<void> {
    await em.getRepository(TeamMember).insert(row);
    await em.createQueryBuilder().update(Team).set({ memberCount: () => 'member_count + 1' }).where('id = :id', { id: row.teamId }).execute();
  },
  async removeMember(em: EntityManager, teamId: string, accountId: string): Promise<boolean> {
    const res = await em.getRepository(TeamMember).delete({ teamId, accountId });
    if ((res.affected ?? 0) !== 1) return false;
    await em.createQueryBuilder().update(Team).set({ memberCount: () => 'member_count - 1' }).where('id = :id', { id: teamId }).execute();
    return true;
  },

  // ---- registration authorities (T-1) ----
  authority(em: EntityManager, regionCode: string): Promise<RegionAuthorityRow | null> {
    return em.getRepository(RegionAuthority).findOneBy({ regionCode });
  },
  async saveAuthority(em: EntityManager, row: RegionAuthorityRow): Promise<void> {
    await em.getRepository(RegionAuthority).save(row);
  },
};
