import type { EntityManager } from 'typeorm';
import {
  DomainError,
  joinRequestDecided,
  joinRequestWaiting,
  normalizeDocumentNumber,
  teamInvitation,
  type DocumentType,
  type JoinRequestDto,
  type MemberDto,
  type Page,
  type Role,
} from '@zhiyuan/shared';
import type { AppDeps } from '../../deps';
import { AuditLog, type AccountRow, type JoinRequestRow, type TeamRow, type VolunteerRow } from '../../db/entities';
import { duplicateKeyOf } from '../../db/errors';
import { newId } from '../../ids';
import { accountsRepository as accounts, refreshTokensRepository } from '../accounts/accounts.repository';
import { hashPassword } from '../accounts/passwords';
import type { AuthContext } from '../accounts/tokens';
import { generatePassword } from '../admin/admin.service';
import { enqueue } from '../notifications/outbox.service';
import { volunteersRepository as volunteers } from '../volunteers/volunteers.repository';
import { presentJoinRequest, presentMember } from './membership.presenter';
import { grantTeamAdminRole, requireTeamAdmin } from './teams.policy';
import { teamsRepository as teams } from './teams.repository';

export type JoinOutcome = { status: 'joined' } | { status: 'pending'; request: JoinRequestDto };

export interface InvitationInput {
  volunteerNumber?: string | undefined;
  documentType?: DocumentType | undefined;
  documentNumber?: string | undefined;
}

/** Roles whose accounts a team admin may not take over by resetting the password (V-9). */
const PROTECTED_ROLES: readonly Role[] = ['team_admin', 'reviewer', 'regional_admin', 'system_admin'];

/** Joining a team, invitations, and the team admin's work on members (T-6, T-7, V-9). */
export class MembershipService {
  constructor(private readonly deps: AppDeps) {}

  // ---- joining (T-6) ----

  /** POST /api/teams/:id/join: closed refuses, open admits at once, review queues a request for the admins. */
  async join(auth: AuthContext, teamId: string, input: { message?: string | undefined }): Promise<JoinOutcome> {
    const result = await this.deps.db.transaction(async (em) => {
      await teams.lockTeam(em, teamId);
      const team = await this.requireTeam(em, teamId);
      const { volunteer } = await this.requireVolunteer(em, auth.accountId);
      if (team.status !== 'approved') throw new DomainError('TEAM.NOT_APPROVED');
      if (await teams.membership(em, teamId, auth.accountId)) throw new DomainError('TEAM.ALREADY_MEMBER');
      const now = this.deps.clock.now();
      const pending = await teams.pendingJoinRequest(em, teamId, auth.accountId);
      if (pending?.kind === 'invitation') {
        // the team's admins already asked this person in: joining accepts the invitation, whatever the mode
        if (
          !(await teams.decideJoinRequest(em, pending.id, {
            status: 'approved',
            decidedAt: now,
            decidedBy: auth.accountId,
          }))
        ) {
          throw new DomainError('TEAM.REQUEST_NOT_FOUND');
        }
        await this.admit(em, teamId, auth.accountId, volunteer.id, now);
        return { status: 'joined' as const };
      }
      if (team.joinMode === 'closed') throw new DomainError('TEAM.JOIN_CLOSED');
      if (team.joinMode === 'open') {
        if (!(await this.admit(em, teamId, auth.accountId, volunteer.id, now)))
          throw new DomainError('TEAM.ALREADY_MEMBER');
        return { status: 'joined' as const };
      }
      if (pending) throw new DomainError('TEAM.REQUEST_PENDING');
      const request: JoinRequestRow = {
        id: newId(),
        teamId,
        accountId: auth.accountId,
        volunteerId: volunteer.id,
        kind: 'request',
        status: 'pending',
        message: input.message || null,
        createdAt: now,
        decidedAt: null,
        decidedBy: null,
      };
      await teams.insertJoinRequest(em, request);
      await this.notifyJoinRequest(em, team, request, volunteer.realName, now);
      return { status: 'pending' as const, request };
    });
    if (result.status === 'joined') return { status: 'joined' };
    return { status: 'pending', request: (await this.presentRequests(this.deps.db.manager, [result.request]))[0]! };
  }

  /** GET /api/teams/:id/join-requests: requests and invitations of a team, for its admins. */
  async joinRequests(
    auth: AuthContext,
    teamId: string,
    query: {
      status?: JoinRequestRow['status'] | undefined;
      kind?: JoinRequestRow['kind'] | undefined;
      page: number;
      pageSize: number;
    },
  ): Promise<Page<JoinRequestDto>> {
    const em = this.deps.db.manager;
    await requireTeamAdmin(em, teamId, auth);
    const [rows, total] = await teams.joinRequestsPage(
      em,
      teamId,
      query,
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return { items: await this.presentRequests(em, rows), total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * POST /api/teams/:id/join-requests/:requestId: a team admin admits or refuses. The decision
   * is a conditional update on 'pending', so two admins approving at once admit the person once.
   */
  async decide(
    auth: AuthContext,
    teamId: string,
    requestId: string,
    decision: 'approve' | 'reject',
  ): Promise<JoinRequestDto> {
    const decided = await this.deps.db.transaction(async (em) => {
      // every membership change takes the team's lock first: one lock order, no deadlock
      await teams.lockTeam(em, teamId);
      await requireTeamAdmin(em, teamId, auth);
      const request = await teams.findJoinRequest(em, requestId);
      if (!request || request.teamId !== teamId || request.kind !== 'request' || request.status !== 'pending') {
        throw new DomainError('TEAM.REQUEST_NOT_FOUND');
      }
      const team = (await teams.findById(em, teamId))!;
      const now = this.deps.clock.now();
      const change = {
        status: decision === 'approve' ? ('approved' as const) : ('rejected' as const),
        decidedAt: now,
        decidedBy: auth.accountId,
      };
      if (!(await teams.decideJoinRequest(em, request.id, change))) throw new DomainError('TEAM.REQUEST_NOT_FOUND');
      if (decision === 'approve') await this.admit(em, teamId, request.accountId, request.volunteerId, now);
      await this.tellDecision(em, team, { ...request, ...change });
      return { ...request, ...change };
    });
    return (await this.presentRequests(this.deps.db.manager, [decided]))[0]!;
  }

  // ---- invitations (T-6) ----

  /** POST /api/teams/:id/invitations: by volunteer number or by document; the person accepts in the app. */
  async invite(auth: AuthContext, teamId: string, input: InvitationInput): Promise<JoinRequestDto> {
    const invitation = await this.deps.db.transaction(async (em) => {
      await teams.lockTeam(em, teamId);
      await requireTeamAdmin(em, teamId, auth);
      const team = (await teams.findById(em, teamId))!;
      if (team.status !== 'approved') throw new DomainError('TEAM.NOT_APPROVED');
      const invitee = await this.findInvitee(em, input);
      const accountId = invitee.accountId!;
      if (await teams.membership(em, teamId, accountId))
        throw new DomainError('TEAM.ALREADY_MEMBER', { message: '该志愿者已经是本团体的成员' });
      const pending = await teams.pendingJoinRequest(em, teamId, accountId);
      if (pending) {
        throw new DomainError('TEAM.REQUEST_PENDING', {
          message:
            pending.kind === 'invitation'
              ? '已邀请该志愿者，请等待其接受邀请'
              : '该志愿者已申请加入本团体，请在“加入申请”中审核',
        });
      }
      const now = this.deps.clock.now();
      const row: JoinRequestRow = {
        id: newId(),
        teamId,
        accountId,
        volunteerId: invitee.id,
        kind: 'invitation',
        status: 'pending',
        message: null,
        createdAt: now,
        decidedAt: null,
        decidedBy: null,
      };
      await teams.insertJoinRequest(em, row);
      // who invited whom, and how they were found (a document number is personal data)
      await this.audit(
        em,
        auth.accountId,
        'team.invitation',
        accountId,
        JSON.stringify({ teamId, by: input.volunteerNumber ? 'volunteer_number' : 'document' }),
      );
      const account = await accounts.findById(em, accountId);
      if (account?.email) {
        await enqueue(em, now, {
          event: 'team.invitation',
          eventId: row.id,
          channel: 'email',
          recipient: account.email,
          ...teamInvitation({ realName: invitee.realName, teamName: team.name, appUrl: this.deps.config.publicUrl }),
        });
      }
      return row;
    });
    return (await this.presentRequests(this.deps.db.manager, [invitation]))[0]!;
  }

  /** GET /api/me/invitations: what teams have asked me to join and wait for my answer. */
  async myInvitations(auth: AuthContext): Promise<{ items: JoinRequestDto[] }> {
    const em = this.deps.db.manager;
    return { items: await this.presentRequests(em, await teams.pendingInvitationsOf(em, auth.accountId)) };
  }

  /** POST /api/me/invitations/:requestId: accepting makes the person a member whatever the join mode. */
  async answerInvitation(auth: AuthContext, requestId: string, accept: boolean): Promise<void> {
    await this.deps.db.transaction(async (em) => {
      const invitation = await teams.findJoinRequest(em, requestId);
      if (
        !invitation ||
        invitation.accountId !== auth.accountId ||
        invitation.kind !== 'invitation' ||
        invitation.status !== 'pending'
      ) {
        throw new DomainError('TEAM.REQUEST_NOT_FOUND', { message: '邀请不存在或已处理' });
      }
      await teams.lockTeam(em, invitation.teamId);
      const volunteer = accept ? (await this.requireVolunteer(em, auth.accountId)).volunteer : null;
      if (accept && (await this.requireTeam(em, invitation.teamId)).status !== 'approved')
        throw new DomainError('TEAM.NOT_APPROVED');
      const now = this.deps.clock.now();
      const change = {
        status: accept ? ('approved' as const) : ('rejected' as const),
        decidedAt: now,
        decidedBy: auth.accountId,
      };
      if (!(await teams.decideJoinRequest(em, invitation.id, change)))
        throw new DomainError('TEAM.REQUEST_NOT_FOUND', { message: '邀请不存在或已处理' });
      if (volunteer) await this.admit(em, invitation.teamId, auth.accountId, volunteer.id, now);
    });
  }

  // ---- members (T-7) ----

  async members(
    auth: AuthContext,
    teamId: string,
    query: { q?: string | undefined; page: number; pageSize: number },
  ): Promise<Page<MemberDto>> {
    const em = this.deps.db.manager;
    await requireTeamAdmin(em, teamId, auth);
    const [rows, total] = await teams.membersPage(
      em,
      teamId,
      query.q || undefined,
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    const ids = rows.map((r) => r.accountId);
    const [accountRows, volunteerRows] = await Promise.all([
      teams.accountsByIds(em, ids),
      teams.volunteersOfAccounts(em, ids),
    ]);
    const accountsById = new Map(accountRows.map((a) => [a.id, a]));
    const volunteersByAccount = new Map(volunteerRows.map((v) => [v.accountId!, v]));
    return {
      items: rows.map((r) => presentMember(r, accountsById.get(r.accountId), volunteersByAccount.get(r.accountId))),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** PATCH /api/teams/:id/members/:accountId: name an admin, or make one a member again; a team keeps one admin at least. */
  async setRole(auth: AuthContext, teamId: string, accountId: string, role: 'admin' | 'member'): Promise<MemberDto> {
    await this.deps.db.transaction(async (em) => {
      await teams.lockTeam(em, teamId);
      await requireTeamAdmin(em, teamId, auth);
      const member = await teams.membership(em, teamId, accountId);
      if (!member) throw new DomainError('TEAM.NOT_MEMBER');
      if (member.role === role) return;
      if (role === 'member' && (await teams.countAdmins(em, teamId)) <= 1) throw new DomainError('TEAM.LAST_ADMIN');
      const now = this.deps.clock.now();
      await teams.setMemberRole(em, teamId, accountId, role);
      if (role === 'admin') await grantTeamAdminRole(em, accountId, now);
      else await this.dropIdleAdminGrant(em, accountId);
      await this.audit(
        em,
        auth.accountId,
        role === 'admin' ? 'team.member_made_admin' : 'team.admin_made_member',
        accountId,
        `team:${teamId}`,
      );
    });
    return this.presentOne(teamId, accountId);
  }

  /** DELETE /api/teams/:id/members/:accountId: removes the membership only; recorded hours stay (H-7). */
  async remove(auth: AuthContext, teamId: string, accountId: string): Promise<void> {
    await this.deps.db.transaction(async (em) => {
      await teams.lockTeam(em, teamId);
      await requireTeamAdmin(em, teamId, auth);
      await this.removeMember(em, teamId, accountId);
      await this.audit(em, auth.accountId, 'team.member_removed', accountId, `team:${teamId}`);
    });
  }

  /** POST /api/teams/:id/leave: a volunteer leaves at any time; the last admin names another first. */
  async leave(auth: AuthContext, teamId: string): Promise<void> {
    await this.deps.db.transaction(async (em) => {
      await teams.lockTeam(em, teamId);
      await this.requireTeam(em, teamId);
      await this.removeMember(em, teamId, auth.accountId, '您不是该志愿团体的成员');
    });
  }

  /**
   * V-9: a team admin resets the password of a member who lost their user name or contact,
   * shown once. Accounts that administer anything are left to the regional admins, so a team
   * admin cannot take over another admin's account.
   */
  async resetPassword(auth: AuthContext, teamId: string, accountId: string): Promise<{ password: string }> {
    const { db, clock } = this.deps;
    const em = db.manager;
    await requireTeamAdmin(em, teamId, auth);
    const member = await teams.membership(em, teamId, accountId);
    if (!member) throw new DomainError('TEAM.NOT_MEMBER');
    const roles = await accounts.rolesOf(em, accountId);
    if (member.role === 'admin' || roles.some((r) => PROTECTED_ROLES.includes(r.role))) {
      throw new DomainError('AUTH.FORBIDDEN', {
        message: '该成员是管理员账号，团体管理员不能重置其密码，请联系所在地区管理部门',
      });
    }
    const volunteer = await volunteers.findByAccountId(em, accountId);
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    await db.transaction(async (tx) => {
      const now = clock.now();
      await accounts.setPassword(tx, accountId, passwordHash, now);
      await refreshTokensRepository.revokeAllOf(tx, accountId, now);
      await tx.getRepository(AuditLog).insert({
        id: newId(),
        actorId: auth.accountId,
        action: 'account.password_reset_by_team_admin',
        targetType: 'account',
        targetId: accountId,
        detail: JSON.stringify({ teamId, volunteerId: volunteer?.id ?? null }),
        createdAt: now,
      });
    });
    return { password };
  }

  // ---- helpers ----

  private async requireTeam(em: EntityManager, teamId: string): Promise<TeamRow> {
    const team = await teams.findById(em, teamId);
    if (!team) throw new DomainError('TEAM.NOT_FOUND');
    return team;
  }

  /** Joining needs a real-name registration (V-1) on an account that is not frozen (V-7). */
  private async requireVolunteer(
    em: EntityManager,
    accountId: string,
  ): Promise<{ account: AccountRow; volunteer: VolunteerRow }> {
    const account = await accounts.findById(em, accountId);
    if (!account) throw new DomainError('AUTH.TOKEN_INVALID');
    if (account.status === 'frozen') throw new DomainError('VOLUNTEER.FROZEN');
    const volunteer = await volunteers.findByAccountId(em, accountId);
    if (!volunteer) throw new DomainError('TEAM.VOLUNTEER_REQUIRED');
    return { account, volunteer };
  }

  /**
   * Adds a member; false when they already are one (the unique index decides between two
   * admissions at once, without aborting the transaction). Whatever else was pending between
   * the person and the team is then moot.
   */
  private async admit(
    em: EntityManager,
    teamId: string,
    accountId: string,
    volunteerId: string | null,
    now: Date,
  ): Promise<boolean> {
    try {
      await teams.addMember(em, { id: newId(), teamId, accountId, volunteerId, role: 'member', joinedAt: now });
    } catch (err) {
      if (duplicateKeyOf(err)) return false;
      throw err;
    }
    await teams.cancelPendingJoinRequests(em, teamId, accountId, now);
    return true;
  }

  /** T-7: removal and leaving alike; the last admin stays until another is named. */
  private async removeMember(
    em: EntityManager,
    teamId: string,
    accountId: string,
    notMemberMessage?: string,
  ): Promise<void> {
    const member = await teams.membership(em, teamId, accountId);
    if (!member) throw new DomainError('TEAM.NOT_MEMBER', notMemberMessage ? { message: notMemberMessage } : {});
    if (member.role === 'admin' && (await teams.countAdmins(em, teamId)) <= 1) throw new DomainError('TEAM.LAST_ADMIN');
    await teams.removeMember(em, teamId, accountId);
    await teams.cancelPendingJoinRequests(em, teamId, accountId, this.deps.clock.now());
    if (member.role === 'admin') await this.dropIdleAdminGrant(em, accountId);
  }

  /** The team_admin role grant follows team_members: it goes when the account runs no team any more. */
  private async dropIdleAdminGrant(em: EntityManager, accountId: string): Promise<void> {
    if ((await teams.adminTeamIdsOf(em, accountId)).length === 0) await teams.revokeTeamAdminRole(em, accountId);
  }

  /** Invitees are found by volunteer number, or by document (hash of the normalised number, V-2). */
  private async findInvitee(em: EntityManager, input: InvitationInput): Promise<VolunteerRow> {
    let found: VolunteerRow | null = null;
    let imported = false;
    if (input.volunteerNumber) {
      found = await teams.volunteerByNumber(em, input.volunteerNumber);
    } else if (input.documentNumber) {
      const hash = this.deps.personalData.documentHash(
        input.documentType ?? 'resident_id',
        normalizeDocumentNumber(input.documentNumber),
      );
      const rows = await volunteers.findByDocumentHash(em, hash);
      found = rows.find((r) => r.accountId) ?? null;
      imported = rows.length > 0;
    }
    // V-3: an imported record becomes someone's only when they register with it
    if (found && !found.accountId) imported = true;
    if (!found || !found.accountId)
      throw new DomainError(imported ? 'TEAM.INVITEE_NOT_ACTIVATED' : 'TEAM.INVITEE_NOT_FOUND');
    return found;
  }

  /**
   * T-6 and the notifications table: a waiting join request is told to the team's admins
   * (mini-program message, when the template is configured and they bound WeChat) and
   * posted to the team's group robot.
   */
  private async notifyJoinRequest(
    em: EntityManager,
    team: TeamRow,
    request: JoinRequestRow,
    realName: string,
    now: Date,
  ): Promise<void> {
    const message = joinRequestWaiting({ teamName: team.name, realName });
    const templateId = wechatTemplate(this.deps, 'joinRequest');
    if (templateId) {
      const admins = await teams.accountsByIds(
        em,
        (await teams.adminsOf(em, team.id)).map((m) => m.accountId),
      );
      for (const admin of admins) {
        if (!admin.wechatOpenid) continue;
        await enqueue(em, now, {
          event: 'team.join_request',
          eventId: request.id,
          channel: 'wechat',
          recipient: admin.wechatOpenid,
          ...message,
          wechat: {
            templateId,
            page: `packages/teams/pages/join-requests/index?teamId=${team.id}`,
            data: { thing1: { value: team.name.slice(0, 20) }, thing2: { value: realName.slice(0, 20) } },
          },
        });
      }
    }
    if (team.robotUrl) {
      await enqueue(em, now, {
        event: 'team.join_request',
        eventId: request.id,
        channel: team.robotKind,
        recipient: team.robotUrl,
        robotSecret: team.robotSecret,
        ...message,
      });
    }
  }

  private async tellDecision(em: EntityManager, team: TeamRow, request: JoinRequestRow): Promise<void> {
    const account = await accounts.findById(em, request.accountId);
    if (!account?.email) return;
    const volunteer = await volunteers.findByAccountId(em, request.accountId);
    await enqueue(em, request.decidedAt!, {
      event: 'team.join_decision',
      eventId: request.id,
      channel: 'email',
      recipient: account.email,
      ...joinRequestDecided({
        realName: volunteer?.realName ?? account.username,
        teamName: team.name,
        approved: request.status === 'approved',
        appUrl: this.deps.config.publicUrl,
      }),
    });
  }

  private async presentRequests(em: EntityManager, rows: JoinRequestRow[]): Promise<JoinRequestDto[]> {
    const accountIds = [...new Set(rows.map((r) => r.accountId))];
    const [teamRows, accountRows, volunteerRows] = await Promise.all([
      teams.findByIds(em, [...new Set(rows.map((r) => r.teamId))]),
      teams.accountsByIds(em, accountIds),
      teams.volunteersOfAccounts(em, accountIds),
    ]);
    const teamNames = new Map(teamRows.map((t) => [t.id, t.name]));
    const accountsById = new Map(accountRows.map((a) => [a.id, a]));
    const volunteersByAccount = new Map(volunteerRows.map((v) => [v.accountId!, v]));
    return rows.map((r) =>
      presentJoinRequest(r, {
        teamName: teamNames.get(r.teamId) ?? '',
        account: accountsById.get(r.accountId),
        volunteer: volunteersByAccount.get(r.accountId),
      }),
    );
  }

  private async presentOne(teamId: string, accountId: string): Promise<MemberDto> {
    const em = this.deps.db.manager;
    const member = await teams.membership(em, teamId, accountId);
    if (!member) throw new DomainError('TEAM.NOT_MEMBER');
    const [account, volunteer] = await Promise.all([
      accounts.findById(em, accountId),
      volunteers.findByAccountId(em, accountId),
    ]);
    return presentMember(member, account ?? undefined, volunteer ?? undefined);
  }

  private async audit(
    em: EntityManager,
    actorId: string,
    action: string,
    accountId: string,
    detail: string | null,
  ): Promise<void> {
    await em.getRepository(AuditLog).insert({
      id: newId(),
      actorId,
      action,
      targetType: 'account',
      targetId: accountId,
      detail,
      createdAt: this.deps.clock.now(),
    });
  }
}

/**
 * The WeChat subscribe-message template of an event, when one is configured (config today
 * carries only `verification`; without a template the mini-program message is skipped).
 */
function wechatTemplate(deps: AppDeps, name: string): string | null {
  return (deps.config.wechat.templates as Partial<Record<string, string>>)[name] || null;
}
