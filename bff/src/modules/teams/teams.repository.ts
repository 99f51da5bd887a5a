import { regionPrefix } from '@zhiyuan/shared';
import { In, type EntityManager } from 'typeorm';
import {
  Team,
  TeamMember,
  RegionAuthority,
  type RegionAuthorityRow,
  type TeamMemberRow,
  type TeamRow,
} from '../../db/entities';
import { IsNull } from 'typeorm';
import {
  Account,
  AccountRole,
  JoinRequest,
  Volunteer,
  type AccountRow,
  type JoinRequestRow,
  type VolunteerRow,
} from '../../db/entities';

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
    const res = await em
      .createQueryBuilder()
      .update(Team)
      .set(change)
      .where("id = :id AND status = 'pending'", { id })
      .execute();
    return (res.affected ?? 0) === 1;
  },
  /** T-5: records a reminder unless one was sent since `since`; false when too soon. */
  async markReminded(em: EntityManager, id: string, now: Date, since: Date): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(Team)
      .set({ lastRemindedAt: now })
      .where("id = :id AND status = 'pending' AND (last_reminded_at IS NULL OR last_reminded_at <= :since)", {
        id,
        since,
      })
      .execute();
    return (res.affected ?? 0) === 1;
  },
  /** T-2: authorized liaison teams in the given regions, searchable by name. */
  liaisonCandidates(em: EntityManager, regionCodes: string[], q: string | undefined, take: number): Promise<TeamRow[]> {
    const qb = em
      .getRepository(Team)
      .createQueryBuilder('t')
      .where("t.status = 'approved' AND t.accepts_sub_teams = :yes AND t.region_code IN (:...codes)", {
        yes: true,
        codes: regionCodes,
      });
    if (q) qb.andWhere("t.name LIKE :q ESCAPE '!'", { q: `%${q.replace(/[%_!]/g, '!$&')}%` });
    return qb.orderBy('t.name', 'ASC').take(take).getMany();
  },
  /**
   * The review queue (T-4): teams pending under the given liaison teams, or under the
   * registration authorities of the given regions and those below them (`*`: all of them).
   */
  pendingFor(
    em: EntityManager,
    reviewer: { liaisonTeamIds: string[]; authorityScopes: string[] },
    skip: number,
    take: number,
  ): Promise<[TeamRow[], number]> {
    const parts: string[] = [];
    const params: Record<string, unknown> = {};
    if (reviewer.liaisonTeamIds.length) {
      parts.push("(t.reviewer_kind = 'liaison_team' AND t.liaison_team_id IN (:...liaisons))");
      params.liaisons = reviewer.liaisonTeamIds;
    }
    reviewer.authorityScopes.forEach((scope, i) => {
      parts.push(`(t.reviewer_kind = 'authority' AND t.reviewer_region_code LIKE :scope${i})`);
      params[`scope${i}`] = scope === '*' ? '%' : `${regionPrefix(scope)}%`;
    });
    if (!parts.length) return Promise.resolve([[], 0]);
    return em
      .getRepository(Team)
      .createQueryBuilder('t')
      .where("t.status = 'pending'")
      .andWhere(`(${parts.join(' OR ')})`, params)
      .orderBy('t.submitted_at', 'ASC')
      .skip(skip)
      .take(take)
      .getManyAndCount();
  },
  search(
    em: EntityManager,
    f: { regionPrefix?: string; q?: string; status?: string },
    skip: number,
    take: number,
  ): Promise<[TeamRow[], number]> {
    const qb = em
      .getRepository(Team)
      .createQueryBuilder('t')
      .where('t.status = :status', { status: f.status ?? 'approved' });
    if (f.regionPrefix) qb.andWhere('t.region_code LIKE :prefix', { prefix: `${f.regionPrefix}%` });
    if (f.q) qb.andWhere("t.name LIKE :q ESCAPE '!'", { q: `%${f.q.replace(/[%_!]/g, '!$&')}%` });
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
    await em
      .createQueryBuilder()
      .update(Team)
      .set({ memberCount: () => 'member_count + 1' })
      .where('id = :id', { id: row.teamId })
      .execute();
  },
  async removeMember(em: EntityManager, teamId: string, accountId: string): Promise<boolean> {
    const res = await em.getRepository(TeamMember).delete({ teamId, accountId });
    if ((res.affected ?? 0) !== 1) return false;
    await em
      .createQueryBuilder()
      .update(Team)
      .set({ memberCount: () => 'member_count - 1' })
      .where('id = :id', { id: teamId })
      .execute();
    return true;
  },

  // ---- registration authorities (T-1) ----
  authority(em: EntityManager, regionCode: string): Promise<RegionAuthorityRow | null> {
    return em.getRepository(RegionAuthority).findOneBy({ regionCode });
  },
  async saveAuthority(em: EntityManager, row: RegionAuthorityRow): Promise<void> {
    await em.getRepository(RegionAuthority).save(row);
  },

  // ---- joining, invitations, member administration (T-6, T-7) ----
  /**
   * Takes the team row's write lock until commit (a no-op update), so that membership changes
   * of one team run one after the other on MySQL/MariaDB: one pending request per person,
   * never zero admins. Call it first in the transaction, before any read.
   */
  async lockTeam(em: EntityManager, teamId: string): Promise<void> {
    await em
      .createQueryBuilder()
      .update(Team)
      .set({ memberCount: () => 'member_count' })
      .where('id = :id', { id: teamId })
      .execute();
  },
  countAdmins(em: EntityManager, teamId: string): Promise<number> {
    return em.getRepository(TeamMember).countBy({ teamId, role: 'admin' });
  },
  async setMemberRole(
    em: EntityManager,
    teamId: string,
    accountId: string,
    role: TeamMemberRow['role'],
  ): Promise<void> {
    await em.getRepository(TeamMember).update({ teamId, accountId }, { role });
  },
  /** A team's members, admins first; `q` matches the user name or real name, or the volunteer number exactly. */
  membersPage(
    em: EntityManager,
    teamId: string,
    q: string | undefined,
    skip: number,
    take: number,
  ): Promise<[TeamMemberRow[], number]> {
    const qb = em.getRepository(TeamMember).createQueryBuilder('m').where('m.team_id = :teamId', { teamId });
    if (q) {
      qb.innerJoin(Account.options.name, 'a', 'a.id = m.account_id')
        .leftJoin(Volunteer.options.name, 'v', 'v.account_id = m.account_id AND v.merged_into IS NULL')
        .andWhere(
          "(a.username LIKE :like ESCAPE '!' OR v.real_name LIKE :like ESCAPE '!' OR v.volunteer_number = :exact)",
          {
            like: `%${q.replace(/[%_!]/g, '!$&')}%`,
            exact: q,
          },
        );
    }
    return qb
      .orderBy('m.role', 'ASC')
      .addOrderBy('m.joined_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .offset(skip)
      .limit(take)
      .getManyAndCount();
  },
  accountsByIds(em: EntityManager, ids: string[]): Promise<AccountRow[]> {
    return ids.length ? em.getRepository(Account).findBy({ id: In(ids) }) : Promise.resolve([]);
  },
  /** The live volunteer records of these accounts (merged-away rows left out). */
  volunteersOfAccounts(em: EntityManager, accountIds: string[]): Promise<VolunteerRow[]> {
    return accountIds.length
      ? em.getRepository(Volunteer).findBy({ accountId: In(accountIds), mergedInto: IsNull() })
      : Promise.resolve([]);
  },
  /** T-6: an invitation by volunteer number (全国实名注册志愿者统一编号). */
  volunteerByNumber(em: EntityManager, volunteerNumber: string): Promise<VolunteerRow | null> {
    return em.getRepository(Volunteer).findOneBy({ volunteerNumber, mergedInto: IsNull() });
  },
  /** The pending request or invitation between a team and a person, if any. */
  pendingJoinRequest(em: EntityManager, teamId: string, accountId: string): Promise<JoinRequestRow | null> {
    return em
      .getRepository(JoinRequest)
      .findOne({ where: { teamId, accountId, status: 'pending' }, order: { createdAt: 'ASC' } });
  },
  findJoinRequest(em: EntityManager, id: string): Promise<JoinRequestRow | null> {
    return em.getRepository(JoinRequest).findOneBy({ id });
  },
  async insertJoinRequest(em: EntityManager, row: JoinRequestRow): Promise<void> {
    await em.getRepository(JoinRequest).insert(row);
  },
  /** Moves a pending request or invitation to its outcome; false when it was decided first (two admins at once). */
  async decideJoinRequest(
    em: EntityManager,
    id: string,
    change: Pick<JoinRequestRow, 'status' | 'decidedAt' | 'decidedBy'>,
  ): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(JoinRequest)
      .set(change)
      .where("id = :id AND status = 'pending'", { id })
      .execute();
    return (res.affected ?? 0) === 1;
  },
  /** Once a person is in (or out), whatever else was pending between them and the team is moot. */
  async cancelPendingJoinRequests(em: EntityManager, teamId: string, accountId: string, now: Date): Promise<void> {
    await em
      .createQueryBuilder()
      .update(JoinRequest)
      .set({ status: 'cancelled', decidedAt: now })
      .where("team_id = :teamId AND account_id = :accountId AND status = 'pending'", { teamId, accountId })
      .execute();
  },
  joinRequestsPage(
    em: EntityManager,
    teamId: string,
    f: { status?: JoinRequestRow['status'] | undefined; kind?: JoinRequestRow['kind'] | undefined },
    skip: number,
    take: number,
  ): Promise<[JoinRequestRow[], number]> {
    return em.getRepository(JoinRequest).findAndCount({
      where: { teamId, ...(f.status ? { status: f.status } : {}), ...(f.kind ? { kind: f.kind } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip,
      take,
    });
  },
  pendingInvitationsOf(em: EntityManager, accountId: string): Promise<JoinRequestRow[]> {
    return em
      .getRepository(JoinRequest)
      .find({ where: { accountId, kind: 'invitation', status: 'pending' }, order: { createdAt: 'DESC' } });
  },
  /** Drops the team_admin role grant of an account that no longer runs any team. */
  async revokeTeamAdminRole(em: EntityManager, accountId: string): Promise<void> {
    await em.getRepository(AccountRole).delete({ accountId, role: 'team_admin' });
  },
};
