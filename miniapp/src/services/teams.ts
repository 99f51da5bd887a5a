/**
 * The teams endpoints of the bff (T-1 … T-7): registration, the public pages, review with
 * reminders, settings, joining, invitations and members, and the registration authority of a
 * region. Shapes from `@zhiyuan/shared`.
 */
import type {
  DocumentType,
  JoinMode,
  JoinRequestDto,
  MemberDto,
  Page,
  RobotKind,
  TeamDto,
  TeamRegistrationInput,
  TeamSummaryDto,
} from '@zhiyuan/shared';
import type { PickedFile } from './files';
import { queryString } from './query';
import { request, requestBinary, type BinaryReply } from './request';

export const TEAMS_PAGE_SIZE = 20;

export type MyTeam = TeamSummaryDto & { myRole: 'admin' | 'member' };

/** POST /api/teams/:id/join (T-6): admitted at once, or a request waiting for the team's admins. */
export type JoinOutcome = { status: 'joined' } | { status: 'pending'; request: JoinRequestDto };

/** The body of PATCH /api/teams/:id/settings: only what changes. */
export interface TeamSettingsInput {
  joinMode?: JoinMode;
  robotUrl?: string | null;
  robotKind?: RobotKind;
  robotSecret?: string | null;
  description?: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  serviceCategories?: string[];
  unitId?: string | null;
}

export type TeamReviewDecision = { decision: 'approve' } | { decision: 'reject'; reason: string };

/** T-6: whom a team admin invites: a volunteer number, or a document type and number. */
export type InvitationInput = { volunteerNumber: string } | { documentType: DocumentType; documentNumber: string };

/** GET /api/admin/authorities/:regionCode: the registration authority (登记机关) of a region. */
export interface RegionAuthorityDto {
  regionCode: string;
  authorityName: string;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  robotUrl: string | null;
  robotKind: RobotKind;
  robotSecret: string | null;
  /** null until someone saved it: the name is then the default 「<地区>民政局」 */
  updatedAt: string | null;
}

export type RegionAuthorityInput = Omit<RegionAuthorityDto, 'regionCode' | 'updatedAt'>;

const teamPath = (id: string) => `/api/teams/${encodeURIComponent(id)}`;

// ---- teams (T-1 … T-5) ----

/** GET /api/teams: approved teams, by name and region (public). */
export function searchTeams(search: { q?: string; regionCode?: string; page: number }): Promise<Page<TeamSummaryDto>> {
  const qs = queryString({
    q: search.q?.trim(),
    regionCode: search.regionCode,
    page: search.page,
    pageSize: TEAMS_PAGE_SIZE,
  });
  return request('GET', `/api/teams${qs}`);
}

/** GET /api/teams/mine: the teams the caller belongs to, whatever their status. */
export async function listMyTeams(): Promise<MyTeam[]> {
  const { items } = await request<{ items: MyTeam[] }>('GET', '/api/teams/mine');
  return items;
}

/** GET /api/teams/liaison-candidates (T-2): authorized teams in the region or the one directly above. */
export async function listLiaisonCandidates(regionCode: string, q?: string): Promise<TeamSummaryDto[]> {
  const { items } = await request<{ items: TeamSummaryDto[] }>(
    'GET',
    `/api/teams/liaison-candidates${queryString({ regionCode, q: q?.trim() })}`,
  );
  return items;
}

/** GET /api/teams/:id: public; with the review block (T-5) and settings for the team's admins. */
export function getTeam(id: string): Promise<TeamDto> {
  return request('GET', teamPath(id));
}

/** POST /api/teams → 201: the applicant becomes the team's first admin; the team waits for review. */
export function registerTeam(input: TeamRegistrationInput): Promise<TeamDto> {
  return request('POST', '/api/teams', input);
}

/** PUT /api/teams/:id/certificate: the certificate photo of a registered organization, raw (T-1). */
export function uploadCertificate(id: string, photo: PickedFile): Promise<TeamDto> {
  return request('PUT', `${teamPath(id)}/certificate`, photo.data, { contentType: photo.contentType, timeout: 60000 });
}

/** GET /api/teams/:id/certificate: for the team's admins and its reviewer. */
export function fetchCertificate(id: string): Promise<BinaryReply> {
  return requestBinary(`${teamPath(id)}/certificate`, { timeout: 30000 });
}

/** POST /api/teams/:id/remind → 204 (T-5): after 4 days, once a day. */
export function remindReviewer(id: string): Promise<void> {
  return request('POST', `${teamPath(id)}/remind`);
}

/** PATCH /api/teams/:id/settings */
export function updateTeamSettings(id: string, input: TeamSettingsInput): Promise<TeamDto> {
  return request('PATCH', `${teamPath(id)}/settings`, input);
}

// ---- review (T-4) ----

/** GET /api/reviews/teams: the teams waiting for the caller's review. */
export function listTeamReviews(page: number, pageSize = TEAMS_PAGE_SIZE): Promise<Page<TeamDto>> {
  return request('GET', `/api/reviews/teams${queryString({ page, pageSize })}`);
}

/** POST /api/reviews/teams/:id */
export function reviewTeam(id: string, decision: TeamReviewDecision): Promise<TeamDto> {
  return request('POST', `/api/reviews/teams/${encodeURIComponent(id)}`, decision);
}

/** POST /api/admin/teams/:id/liaison-authorization (T-2): a regional admin lets a team take sub-teams. */
export function authorizeLiaison(id: string, accepts: boolean): Promise<TeamDto> {
  return request('POST', `/api/admin/teams/${encodeURIComponent(id)}/liaison-authorization`, { accepts });
}

// ---- joining, invitations, members (T-6, T-7, V-9) ----

/** POST /api/teams/:id/join → 201; 403 TEAM.JOIN_CLOSED, 409 TEAM.REQUEST_PENDING / ALREADY_MEMBER. */
export function joinTeam(id: string, message?: string): Promise<JoinOutcome> {
  return request('POST', `${teamPath(id)}/join`, message ? { message } : {});
}

/** POST /api/teams/:id/leave → 204 */
export function leaveTeam(id: string): Promise<void> {
  return request('POST', `${teamPath(id)}/leave`);
}

/** GET /api/teams/:id/join-requests: the requests waiting for a decision. */
export function listJoinRequests(teamId: string, page: number): Promise<Page<JoinRequestDto>> {
  const qs = queryString({ status: 'pending', kind: 'request', page, pageSize: TEAMS_PAGE_SIZE });
  return request('GET', `${teamPath(teamId)}/join-requests${qs}`);
}

/** POST /api/teams/:id/join-requests/:requestId */
export function decideJoinRequest(
  teamId: string,
  requestId: string,
  decision: 'approve' | 'reject',
): Promise<JoinRequestDto> {
  return request('POST', `${teamPath(teamId)}/join-requests/${encodeURIComponent(requestId)}`, { decision });
}

/** POST /api/teams/:id/invitations → 201 */
export function inviteVolunteer(teamId: string, input: InvitationInput): Promise<JoinRequestDto> {
  return request('POST', `${teamPath(teamId)}/invitations`, input);
}

/** GET /api/me/invitations: the invitations waiting for the caller's answer. */
export async function listMyInvitations(): Promise<JoinRequestDto[]> {
  const { items } = await request<{ items: JoinRequestDto[] }>('GET', '/api/me/invitations');
  return items;
}

/** POST /api/me/invitations/:requestId → 204 */
export function answerInvitation(requestId: string, accept: boolean): Promise<void> {
  return request('POST', `/api/me/invitations/${encodeURIComponent(requestId)}`, { accept });
}

/** GET /api/teams/:id/members (team admins) */
export function listMembers(teamId: string, page: number, q?: string): Promise<Page<MemberDto>> {
  const qs = queryString({ q: q?.trim(), page, pageSize: TEAMS_PAGE_SIZE });
  return request('GET', `${teamPath(teamId)}/members${qs}`);
}

/** PATCH /api/teams/:id/members/:accountId: 设为管理员 / 取消管理员 */
export function setMemberRole(teamId: string, accountId: string, role: 'admin' | 'member'): Promise<MemberDto> {
  return request('PATCH', `${teamPath(teamId)}/members/${encodeURIComponent(accountId)}`, { role });
}

/** DELETE /api/teams/:id/members/:accountId → 204 (recorded hours stay) */
export function removeMember(teamId: string, accountId: string): Promise<void> {
  return request('DELETE', `${teamPath(teamId)}/members/${encodeURIComponent(accountId)}`);
}

/** POST /api/teams/:id/members/:accountId/reset-password (V-9): the new password, shown once. */
export function resetMemberPassword(teamId: string, accountId: string): Promise<{ password: string }> {
  return request('POST', `${teamPath(teamId)}/members/${encodeURIComponent(accountId)}/reset-password`);
}

// ---- registration authority (T-1, T-5) ----

export function getAuthority(regionCode: string): Promise<RegionAuthorityDto> {
  return request('GET', `/api/admin/authorities/${encodeURIComponent(regionCode)}`);
}

export function saveAuthority(regionCode: string, input: RegionAuthorityInput): Promise<RegionAuthorityDto> {
  return request('PUT', `/api/admin/authorities/${encodeURIComponent(regionCode)}`, input);
}
