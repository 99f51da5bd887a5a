import type { MeDto } from '@zhiyuan/shared';

/** 管理部门: regional admins, and system admins who may act everywhere. */
export function isRegionalAdmin(user: Pick<MeDto, 'roles'>): boolean {
  return user.roles.some((r) => r.role === 'regional_admin' || r.role === 'system_admin');
}
