/** Page paths, one place: tab pages live in the main package, each area in a sub-package. */
export const ROUTES = {
  home: '/pages/index/index',
  projects: '/pages/projects/index',
  teams: '/pages/teams/index',
  mine: '/pages/mine/index',
  login: '/packages/accounts/pages/login/index',
  register: '/packages/accounts/pages/register/index',
  /** 志愿者实名注册 for a signed-in account without a volunteer record (POST /api/me/volunteer) */
  enrol: '/packages/accounts/pages/register/index?existing=1',
  forgot: '/packages/accounts/pages/forgot/index',
  card: '/packages/volunteer/pages/card/index',
  profile: '/packages/volunteer/pages/profile/index',
  admin: '/packages/admin/pages/index/index',
  adminVerifications: '/packages/admin/pages/verifications/index',
  adminVolunteers: '/packages/admin/pages/volunteers/index',
  adminImport: '/packages/admin/pages/import/index',
  adminConflicts: '/packages/admin/pages/conflicts/index',
  adminAuthority: '/packages/admin/pages/authority/index',
  teamRegister: '/packages/teams/pages/register/index',
  myTeams: '/packages/teams/pages/mine/index',
  teamReviews: '/packages/teams/pages/reviews/index',
} as const;

/** The admin's view of one volunteer. */
export function adminVolunteerRoute(id: string): string {
  return `/packages/admin/pages/volunteer/index?id=${encodeURIComponent(id)}`;
}

const withId = (path: string, key: string, id: string) => `${path}?${key}=${encodeURIComponent(id)}`;

/** A team's page (public). */
export function teamRoute(id: string): string {
  return withId('/packages/teams/pages/detail/index', 'id', id);
}

/** 团体设置 of a team (its admins). */
export function teamSettingsRoute(id: string): string {
  return withId('/packages/teams/pages/settings/index', 'id', id);
}

/** 成员 of a team (its admins). */
export function teamMembersRoute(id: string): string {
  return withId('/packages/teams/pages/members/index', 'id', id);
}

/** 加入申请 of a team (its admins). */
export function teamJoinRequestsRoute(teamId: string): string {
  return withId('/packages/teams/pages/join-requests/index', 'teamId', teamId);
}

/** 团体审核 of one pending team (its reviewer). */
export function teamReviewRoute(id: string): string {
  return withId('/packages/teams/pages/review/index', 'id', id);
}
