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
} as const;

/** The admin's view of one volunteer. */
export function adminVolunteerRoute(id: string): string {
  return `/packages/admin/pages/volunteer/index?id=${encodeURIComponent(id)}`;
}
