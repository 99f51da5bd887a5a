/** Page paths, one place: tab pages live in the main package, each area in a sub-package. */
export const ROUTES = {
  home: '/pages/index/index',
  projects: '/pages/projects/index',
  teams: '/pages/teams/index',
  mine: '/pages/mine/index',
  login: '/packages/accounts/pages/login/index',
  register: '/packages/accounts/pages/register/index',
} as const;
