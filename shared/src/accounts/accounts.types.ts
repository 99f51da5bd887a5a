/** Roles of DOMAIN.md "Who uses it". A person may hold several. */
export const ROLES = ['volunteer', 'team_admin', 'reviewer', 'regional_admin', 'system_admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  volunteer: '志愿者',
  team_admin: '团体管理员',
  reviewer: '审核方',
  regional_admin: '管理部门',
  system_admin: '系统管理员',
};

/** A role held by an account; regional admins carry the region they are scoped to. */
export interface RoleGrant {
  role: Role;
  /** GB/T 2260 code for regional_admin: acts in this region and those below it */
  regionCode?: string | null;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** seconds until the access token expires */
  expiresIn: number;
  tokenType: 'Bearer';
}

/** What the signed-in person sees of their own account (GET /api/me). */
export interface MeDto {
  id: string;
  username: string;
  /** masked unless the reader has need of it */
  email: string | null;
  mobile: string | null;
  regionCode: string | null;
  roles: RoleGrant[];
  wechatBound: boolean;
  createdAt: string;
}
