import { maskEmail, maskMobile, type MeDto, type RoleGrant } from '@zhiyuan/shared';
import type { AccountRoleRow, AccountRow } from '../../db/entities';

/** Field by field, never the row itself: the password hash and openid stay on the server. */
export function presentMe(account: AccountRow, roles: AccountRoleRow[]): MeDto {
  return {
    id: account.id,
    username: account.username,
    email: maskEmail(account.email),
    mobile: maskMobile(account.mobile),
    regionCode: account.regionCode,
    roles: presentRoles(roles),
    wechatBound: account.wechatOpenid !== null,
    createdAt: account.createdAt.toISOString(),
  };
}

export function presentRoles(roles: AccountRoleRow[]): RoleGrant[] {
  return roles.map((r) => ({ role: r.role, regionCode: r.regionCode }));
}
