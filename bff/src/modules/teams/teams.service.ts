import type { Context } from 'koa';
import type { EntityManager } from 'typeorm';
import {
  checkCreditCode,
  checkTeamName,
  CONTACTS_AFTER_DAYS,
  daysBetween,
  DomainError,
  nearRegions,
  PAGE_SIZE_DEFAULT,
  REMIND_AFTER_DAYS,
  REMIND_INTERVAL_HOURS,
  regionPrefix,
  teamReviewRequest,
  teamReviewResult,
  type Page,
  type ReviewerDto,
  type TeamDto,
  type TeamRegistrationInput,
  type TeamSummaryDto,
} from '@zhiyuan/shared';
import { z } from 'zod';
import type { AppDeps } from '../../deps';
import { AccountRole, AuditLog, JoinRequest, Unit, type TeamRow } from '../../db/entities';
import { duplicateKeyOf } from '../../db/errors';
import { readRawBody } from '../../http/raw-body';
import { newId } from '../../ids';
import { assert, canActInRegion, hasRole, isSystemAdmin } from '../../policy';
import { sniffImage } from '../../storage';
import { accountsRepository as accounts } from '../accounts/accounts.repository';
import type { AuthContext } from '../accounts/tokens';
import { enqueue } from '../notifications/outbox.service';
import { regionsRepository } from '../regions/regions.repository';
import { volunteersRepository } from '../volunteers/volunteers.repository';
import { presentTeam, presentTeamSummary } from './teams.presenter';
import { grantTeamAdminRole, isTeamAdmin, requireTeamAdmin } from './teams.policy';
import { teamsRepository as teams } from './teams.repository';
import type { teamSettingsSchema, regionAuthoritySchema } from '@zhiyuan/shared';

const CERTIFICATE_LIMIT = 5 * 1024 * 1024;
type Settings = z.output<typeof teamSettingsSchema>;
type AuthorityInput = z.output<typeof regionAuthoritySchema>;

/** Team registration, review with reminders, settings and public pages (T-1 … T-5). */
export class TeamsService {
  constructor(private readonly deps: AppDeps) {}

  private get em(): EntityManager {
    return this.deps.db.manager;
  }

  /** POST /api/teams: 志愿团体注册. The applicant becomes the first admin (T-7); the team waits for review. */
  async register(auth: AuthContext, input: TeamRegistrationInput): Promise<TeamDto> {
    const { db, clock } = this.deps;
    const name = checkTeamName(input.name);
    if (!name.ok)
      throw new DomainError(name.code, { message: name.message, details: [{ path: 'name', message: name.message }] });
    let creditCode: string | null = null;
    if (input.registrationStatus === 'registered_org') {
      const cc = checkCreditCode(input.creditCode ?? '');
      if (!cc.ok)
        throw new DomainError('TEAM.CREDIT_CODE_INVALID', {
          message: cc.message,
          details: [{ path: 'creditCode', message: cc.message }],
        });
      creditCode = cc.code;
    }
    let id: string;
    try {
      id = await db.transaction(async (em) => {
        const volunteer = await volunteersRepository.findByAccountId(em, auth.accountId);
        if (!volunteer) throw new DomainError('TEAM.VOLUNTEER_REQUIRED');
        const region = await regionsRepository.findByCode(em, input.regionCode);
        if (!region) throw new DomainError('REGION.NOT_FOUND');
        let liaison: TeamRow | null = null;
        if (input.registrationStatus === 'unregistered') {
          liaison = await teams.findById(em, input.liaisonTeamId!);
          if (!liaison || liaison.status !== 'approved' || !liaison.acceptsSubTeams)
            throw new DomainError('TEAM.LIAISON_NOT_AUTHORIZED');
          if (!nearRegions(input.regionCode).includes(liaison.regionCode))
            throw new DomainError('TEAM.LIAISON_TOO_FAR');
        }
        if (input.unitId && !(await em.getRepository(Unit).countBy({ id: input.unitId })))
          throw new DomainError('UNIT.NOT_FOUND');
        if (await teams.nameTaken(em, input.regionCode, name.name)) throw new DomainError('TEAM.NAME_TAKEN');
        const now = clock.now();
        const row: TeamRow = {
          id: newId(),
          name: name.name,
          regionCode: input.regionCode,
          registrationStatus: input.registrationStatus,
          creditCode,
          certificateKey: null,
          liaisonTeamId: liaison?.id ?? null,
          reviewerKind: liaison ? 'liaison_team' : 'authority',
          reviewerRegionCode: liaison ? null : input.regionCode,
          status: 'pending',
          rejectReason: null,
          submittedAt: now,
          reviewedAt: null,
          reviewedBy: null,
          lastRemindedAt: null,
          address: input.address,
          contactName: input.contactName,
          contactPhone: input.contactPhone,
          contactEmail: input.contactEmail,
          serviceCategories: JSON.stringify(input.serviceCategories),
          description: input.description ?? null,
          joinMode: 'closed', // T-6: the default of every new team
          acceptsSubTeams: false,
          robotUrl: null,
          robotKind: 'wecom',
          robotSecret: null,
          unitId: input.unitId ?? null,
          applicantAccountId: auth.accountId,
          memberCount: 0,
          createdAt: now,
          updatedAt: now,
        };
        await teams.insert(em, row);
        await teams.addMember(em, {
          id: newId(),
          teamId: row.id,
          accountId: auth.accountId,
          volunteerId: volunteer.id,
          role: 'admin',
          joinedAt: now,
        });
        await this.tellReviewer(em, row, false);
        return row.id;
      });
    } catch (err) {
      if (duplicateKeyOf(err)?.includes('name') || duplicateKeyOf(err) === 'uq_teams_region_name')
        throw new DomainError('TEAM.NAME_TAKEN');
      throw err;
    }
    return this.get(auth, id);
  }

  /** T-1: the certificate photo of a registered organization, checked by content. */
  async uploadCertificate(auth: AuthContext, teamId: string, ctx: Context): Promise<TeamDto> {
    await requireTeamAdmin(this.em, teamId, auth);
    const team = (await teams.findById(this.em, teamId))!;
    if (team.status === 'approved') throw new DomainError('TEAM.NOT_PENDING');
    const data = await readRawBody(ctx, CERTIFICATE_LIMIT, 'VERIFICATION.PHOTO_TOO_LARGE');
    const type = sniffImage(data);
    if (!type) throw new DomainError('VERIFICATION.PHOTO_INVALID', { message: '请上传 JPG 或 PNG 格式的登记证书照片' });
    const key = `certificates/${team.id}/${newId()}.${type === 'image/png' ? 'png' : 'jpg'}`;
    await this.deps.storage.put(key, data);
    await teams.update(this.em, team.id, { certificateKey: key, updatedAt: this.deps.clock.now() });
    return this.get(auth, teamId);
  }

  async certificate(auth: AuthContext, teamId: string): Promise<{ data: Buffer; type: string }> {
    const team = await teams.findById(this.em, teamId);
    if (!team) throw new DomainError('TEAM.NOT_FOUND');
    assert((await isTeamAdmin(this.em, teamId, auth)) || (await this.isReviewerOf(auth, team)));
    const data = team.certificateKey ? await this.deps.storage.get(team.certificateKey) : null;
    if (!data) throw new DomainError('VERIFICATION.PHOTO_MISSING', { message: '没有登记证书照片' });
    return { data, type: sniffImage(data) ?? 'application/octet-stream' };
  }

  /** T-2: authorized liaison teams near a region, searchable by name. */
  async liaisonCandidates(regionCode: string, q: string | undefined): Promise<{ items: TeamSummaryDto[] }> {
    if (!(await regionsRepository.findByCode(this.em, regionCode))) throw new DomainError('REGION.NOT_FOUND');
    const rows = await teams.liaisonCandidates(this.em, nearRegions(regionCode), q, 50);
    return { items: await this.summaries(rows) };
  }

  /** Whether the caller reviews this team: an admin of its liaison team, or a regional admin acting as its registration authority. */
  private async isReviewerOf(auth: AuthContext, team: TeamRow): Promise<boolean> {
    if (team.reviewerKind === 'liaison_team')
      return !!team.liaisonTeamId && (await isTeamAdmin(this.em, team.liaisonTeamId, auth));
    return (
      !!team.reviewerRegionCode &&
      (isSystemAdmin(auth) || (hasRole(auth, 'regional_admin') && canActInRegion(auth, team.reviewerRegionCode)))
    );
  }

  /** T-4: the caller's review queue. */
  async reviewQueue(auth: AuthContext, page: number, pageSize = PAGE_SIZE_DEFAULT): Promise<Page<TeamDto>> {
    const liaisonTeamIds = await teams.adminTeamIdsOf(this.em, auth.accountId);
    // a system admin stands in for every registration authority
    const authorityRegions = isSystemAdmin(auth)
      ? ['*']
      : auth.roles.filter((r) => r.role === 'regional_admin' && r.regionCode).map((r) => r.regionCode!);
    const [rows, total] = await teams.pendingFor(
      this.em,
      { liaisonTeamIds, authorityScopes: authorityRegions },
      (page - 1) * pageSize,
      pageSize,
    );
    return { items: await Promise.all(rows.map((r) => this.present(r, auth))), total, page, pageSize };
  }

  /** T-4: approve, or reject with a reason. Only approved teams act as teams. */
  async review(
    auth: AuthContext,
    teamId: string,
    decision: { decision: 'approve' } | { decision: 'reject'; reason: string },
  ): Promise<TeamDto> {
    const { db, clock } = this.deps;
    const team = await teams.findById(this.em, teamId);
    if (!team) throw new DomainError('TEAM.NOT_FOUND');
    assert(await this.isReviewerOf(auth, team));
    if (team.status !== 'pending') throw new DomainError('TEAM.NOT_PENDING');
    if (decision.decision === 'approve' && team.registrationStatus === 'registered_org' && !team.certificateKey) {
      throw new DomainError('TEAM.CERTIFICATE_REQUIRED');
    }
    await db.transaction(async (em) => {
      const now = clock.now();
      const approved = decision.decision === 'approve';
      const won = await teams.decide(em, teamId, {
        status: approved ? 'approved' : 'rejected',
        rejectReason: approved ? null : decision.reason,
        reviewedAt: now,
        reviewedBy: auth.accountId,
        updatedAt: now,
      });
      if (!won) throw new DomainError('TEAM.NOT_PENDING');
      if (approved) for (const a of await teams.adminsOf(em, teamId)) await grantTeamAdminRole(em, a.accountId, now);
      await em.getRepository(AuditLog).insert({
        id: newId(),
        actorId: auth.accountId,
        action: approved ? 'team.approve' : 'team.reject',
        targetType: 'team',
        targetId: teamId,
        detail: approved ? null : decision.reason,
        createdAt: now,
      });
      await this.tellApplicant(em, team, approved, approved ? null : decision.reason);
    });
    return this.get(auth, teamId);
  }

  /** T-5: after 4 days pending, 提醒审核 sends the reviewer a reminder, at most once a day. */
  async remind(auth: AuthContext, teamId: string): Promise<void> {
    const { db, clock } = this.deps;
    await requireTeamAdmin(this.em, teamId, auth);
    const team = (await teams.findById(this.em, teamId))!;
    if (team.status !== 'pending') throw new DomainError('TEAM.NOT_PENDING');
    const now = clock.now();
    if (daysBetween(team.submittedAt, now) <= REMIND_AFTER_DAYS) throw new DomainError('TEAM.REMIND_TOO_EARLY');
    await db.transaction(async (em) => {
      const since = new Date(now.getTime() - REMIND_INTERVAL_HOURS * 3600_000);
      if (!(await teams.markReminded(em, teamId, now, since))) throw new DomainError('TEAM.REMIND_TOO_OFTEN');
      await this.tellReviewer(em, { ...team, lastRemindedAt: now }, true);
    });
  }

  /** Team settings (T-6 join mode, the group robot, details, unit), for the team's admins. */
  async updateSettings(auth: AuthContext, teamId: string, input: Settings): Promise<TeamDto> {
    await requireTeamAdmin(this.em, teamId, auth);
    if (input.unitId && !(await this.em.getRepository(Unit).countBy({ id: input.unitId })))
      throw new DomainError('UNIT.NOT_FOUND');
    const change: Partial<TeamRow> = { updatedAt: this.deps.clock.now() };
    if (input.joinMode) change.joinMode = input.joinMode;
    if (input.robotUrl !== undefined) change.robotUrl = input.robotUrl;
    if (input.robotKind) change.robotKind = input.robotKind;
    if (input.robotSecret !== undefined) change.robotSecret = input.robotSecret;
    if (input.description !== undefined) change.description = input.description;
    if (input.address !== undefined) change.address = input.address;
    if (input.contactName !== undefined) change.contactName = input.contactName;
    if (input.contactPhone !== undefined) change.contactPhone = input.contactPhone;
    if (input.contactEmail !== undefined) change.contactEmail = input.contactEmail;
    if (input.serviceCategories) change.serviceCategories = JSON.stringify(input.serviceCategories);
    if (input.unitId !== undefined) change.unitId = input.unitId;
    await teams.update(this.em, teamId, change);
    return this.get(auth, teamId);
  }

  /** T-2: a regional admin authorizes a team of its region to take sub-teams, or withdraws it. */
  async authorizeLiaison(auth: AuthContext, teamId: string, accepts: boolean): Promise<TeamDto> {
    const team = await teams.findById(this.em, teamId);
    if (!team) throw new DomainError('TEAM.NOT_FOUND');
    assert(hasRole(auth, 'regional_admin') || isSystemAdmin(auth));
    assert(canActInRegion(auth, team.regionCode));
    if (team.status !== 'approved') throw new DomainError('TEAM.NOT_APPROVED');
    const now = this.deps.clock.now();
    await teams.update(this.em, teamId, { acceptsSubTeams: accepts, updatedAt: now });
    await this.em.getRepository(AuditLog).insert({
      id: newId(),
      actorId: auth.accountId,
      action: accepts ? 'team.authorize_liaison' : 'team.withdraw_liaison',
      targetType: 'team',
      targetId: teamId,
      detail: null,
      createdAt: now,
    });
    return this.get(auth, teamId);
  }

  /** The registration authority of a region as its admins see it (the robot's secret never leaves). */
  async authorityFor(auth: AuthContext, regionCode: string) {
    assert(hasRole(auth, 'regional_admin') || isSystemAdmin(auth));
    assert(canActInRegion(auth, regionCode));
    const { robotSecret, ...rest } = await this.authority(regionCode);
    return { ...rest, robotSecretSet: !!robotSecret };
  }

  async authority(regionCode: string) {
    const row = await teams.authority(this.em, regionCode);
    const region = await regionsRepository.findByCode(this.em, regionCode);
    if (!region) throw new DomainError('REGION.NOT_FOUND');
    return (
      row ?? {
        regionCode,
        authorityName: `${region.name}民政局`,
        contactName: null,
        contactPhone: null,
        contactEmail: null,
        robotUrl: null,
        robotKind: 'wecom',
        robotSecret: null,
        updatedAt: null,
      }
    );
  }

  /** The registration authority of a region: its name, contacts and group robot (T-1, T-5). */
  async saveAuthority(auth: AuthContext, regionCode: string, input: AuthorityInput) {
    assert(hasRole(auth, 'regional_admin') || isSystemAdmin(auth));
    assert(canActInRegion(auth, regionCode));
    if (!(await regionsRepository.findByCode(this.em, regionCode))) throw new DomainError('REGION.NOT_FOUND');
    await teams.saveAuthority(this.em, {
      regionCode,
      authorityName: input.authorityName,
      contactName: input.contactName ?? null,
      contactPhone: input.contactPhone ?? null,
      contactEmail: input.contactEmail ?? null,
      robotUrl: input.robotUrl ?? null,
      robotKind: input.robotKind ?? 'wecom',
      robotSecret: input.robotSecret ?? null,
      updatedAt: this.deps.clock.now(),
    });
    return this.authorityFor(auth, regionCode);
  }

  async get(auth: AuthContext | undefined, teamId: string): Promise<TeamDto> {
    const team = await teams.findById(this.em, teamId);
    if (!team) throw new DomainError('TEAM.NOT_FOUND');
    const membership = auth ? await teams.membership(this.em, teamId, auth.accountId) : null;
    const reviewer = auth && team.status !== 'approved' ? await this.isReviewerOf(auth, team) : false;
    // a team that is not approved is seen only by its members and its reviewer
    if (team.status !== 'approved' && !membership && !reviewer && !(auth && isSystemAdmin(auth)))
      throw new DomainError('TEAM.NOT_FOUND');
    return this.present(team, auth, membership?.role ?? null);
  }

  async search(query: {
    q?: string | undefined;
    regionCode?: string | undefined;
    page: number;
    pageSize: number;
  }): Promise<Page<TeamSummaryDto>> {
    const [rows, total] = await teams.search(
      this.em,
      {
        ...(query.regionCode ? { regionPrefix: regionPrefix(query.regionCode) } : {}),
        ...(query.q ? { q: query.q } : {}),
      },
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return { items: await this.summaries(rows), total, page: query.page, pageSize: query.pageSize };
  }

  /** 我的团队: the teams the caller belongs to, whatever their status, with the caller's role. */
  async mine(auth: AuthContext): Promise<{ items: Array<TeamSummaryDto & { myRole: 'admin' | 'member' }> }> {
    const memberships = await teams.teamsOf(this.em, auth.accountId);
    const rows = await teams.findByIds(
      this.em,
      memberships.map((m) => m.teamId),
    );
    const byId = new Map((await this.summaries(rows)).map((s) => [s.id, s]));
    return {
      items: memberships.filter((m) => byId.has(m.teamId)).map((m) => ({ ...byId.get(m.teamId)!, myRole: m.role })),
    };
  }

  private async summaries(rows: TeamRow[]): Promise<TeamSummaryDto[]> {
    const names = new Map<string, string | null>();
    for (const code of new Set(rows.map((r) => r.regionCode)))
      names.set(code, (await regionsRepository.findByCode(this.em, code))?.name ?? null);
    return rows.map((r) => presentTeamSummary(r, names.get(r.regionCode) ?? null));
  }

  private async reviewerOf(team: TeamRow, withContacts: boolean): Promise<ReviewerDto> {
    if (team.reviewerKind === 'liaison_team' && team.liaisonTeamId) {
      const liaison = await teams.findById(this.em, team.liaisonTeamId);
      return {
        kind: 'liaison_team',
        name: liaison?.name ?? '联络团体',
        contact:
          withContacts && liaison
            ? { name: liaison.contactName, phone: liaison.contactPhone, email: liaison.contactEmail }
            : null,
      };
    }
    const authority = await this.authority(team.reviewerRegionCode ?? team.regionCode);
    return {
      kind: 'authority',
      name: authority.authorityName,
      contact: withContacts
        ? { name: authority.contactName, phone: authority.contactPhone, email: authority.contactEmail }
        : null,
    };
  }

  private async present(
    team: TeamRow,
    auth: AuthContext | undefined,
    myRole?: 'admin' | 'member' | null,
  ): Promise<TeamDto> {
    const role =
      myRole !== undefined
        ? myRole
        : auth
          ? ((await teams.membership(this.em, team.id, auth.accountId))?.role ?? null)
          : null;
    const now = this.deps.clock.now();
    let review: TeamDto['review'] = null;
    if (team.status === 'pending' && role === 'admin') {
      const waited = daysBetween(team.submittedAt, now);
      const nextByDay = team.lastRemindedAt
        ? new Date(team.lastRemindedAt.getTime() + REMIND_INTERVAL_HOURS * 3600_000)
        : null;
      const nextByAge = new Date(team.submittedAt.getTime() + REMIND_AFTER_DAYS * 86_400_000 + 1);
      const next = nextByDay && nextByDay > nextByAge ? nextByDay : nextByAge;
      review = {
        // T-5: the reviewer's contact details after 7 days
        reviewer: await this.reviewerOf(team, waited > CONTACTS_AFTER_DAYS),
        waitedDays: Math.floor(waited),
        canRemind: now >= next,
        nextRemindAt: now >= next ? null : next.toISOString(),
      };
    }
    const privileged = role === 'admin' || (!!auth && (await this.isReviewerOf(auth, team)));
    const pending = auth
      ? await this.em
          .getRepository(JoinRequest)
          .countBy({ teamId: team.id, accountId: auth.accountId, status: 'pending', kind: 'request' })
      : 0;
    return presentTeam(team, {
      regionName: (await regionsRepository.findByCode(this.em, team.regionCode))?.name ?? null,
      liaisonTeam: team.liaisonTeamId ? await teams.findById(this.em, team.liaisonTeamId) : null,
      unit: team.unitId ? await this.em.getRepository(Unit).findOneBy({ id: team.unitId }) : null,
      myRole: role,
      myJoinRequest: pending ? 'pending' : null,
      privileged,
      review,
    });
  }

  /** The reviewer's admins hear of a new team or a reminder: e-mail, and the reviewer's group robot. */
  private async tellReviewer(em: EntityManager, team: TeamRow, reminder: boolean): Promise<void> {
    const { config, clock } = this.deps;
    const now = clock.now();
    const region = await regionsRepository.findByCode(em, team.regionCode);
    const message = teamReviewRequest({
      teamName: team.name,
      regionName: region?.name ?? null,
      reminder,
      waitedDays: Math.floor(daysBetween(team.submittedAt, now)),
      appUrl: config.publicUrl,
    });
    const event = reminder ? 'teams.remind' : 'teams.registered';
    const eventId = reminder ? `${team.id}:${now.getTime()}` : team.id;
    const emails = new Set<string>();
    let robot: { url: string | null; kind: TeamRow['robotKind']; secret: string | null } = {
      url: null,
      kind: 'wecom',
      secret: null,
    };
    if (team.reviewerKind === 'liaison_team' && team.liaisonTeamId) {
      for (const a of await teams.adminsOf(em, team.liaisonTeamId)) {
        const account = await accounts.findById(em, a.accountId);
        if (account?.email) emails.add(account.email);
      }
      const liaison = await teams.findById(em, team.liaisonTeamId);
      if (liaison) robot = { url: liaison.robotUrl, kind: liaison.robotKind, secret: liaison.robotSecret };
    } else if (team.reviewerRegionCode) {
      const grants = await em
        .getRepository(AccountRole)
        .findBy({ role: 'regional_admin', regionCode: team.reviewerRegionCode });
      for (const g of grants) {
        const account = await accounts.findById(em, g.accountId);
        if (account?.email) emails.add(account.email);
      }
      const authority = await teams.authority(em, team.reviewerRegionCode);
      if (authority?.contactEmail) emails.add(authority.contactEmail);
      if (authority) robot = { url: authority.robotUrl, kind: authority.robotKind, secret: authority.robotSecret };
    }
    for (const email of emails)
      await enqueue(em, now, { event, eventId, channel: 'email', recipient: email, ...message });
    if (robot.url)
      await enqueue(em, now, {
        event,
        eventId,
        channel: robot.kind,
        recipient: robot.url,
        robotSecret: robot.secret,
        ...message,
      });
  }

  /** The applicant hears the decision (T-4): e-mail to the applicant and to the team's contact address. */
  private async tellApplicant(
    em: EntityManager,
    team: TeamRow,
    approved: boolean,
    reason: string | null,
  ): Promise<void> {
    const now = this.deps.clock.now();
    const message = teamReviewResult({ teamName: team.name, approved, reason, appUrl: this.deps.config.publicUrl });
    const applicant = await accounts.findById(em, team.applicantAccountId);
    const emails = new Set([applicant?.email, team.contactEmail].filter((e): e is string => !!e));
    for (const email of emails)
      await enqueue(em, now, {
        event: 'teams.reviewed',
        eventId: team.id,
        channel: 'email',
        recipient: email,
        ...message,
      });
  }
}
