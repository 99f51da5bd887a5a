import { DomainError, isWithinRegion, type Role } from '@zhiyuan/shared';
import type { AuthContext } from './modules/accounts/tokens';

/*
 * Permission checks, in one place. Each rule is one line; a denial is a typed 403.
 */

export function requireAuth(auth: AuthContext | undefined): AuthContext {
  if (!auth) throw new DomainError('AUTH.REQUIRED');
  return auth;
}

export function hasRole(auth: AuthContext, role: Role): boolean {
  return auth.roles.some((r) => r.role === role);
}

export const isSystemAdmin = (auth: AuthContext): boolean => hasRole(auth, 'system_admin');

/** A regional admin acts in its region and the regions below it; a system admin everywhere. */
export function canActInRegion(auth: AuthContext, regionCode: string): boolean {
  return (
    isSystemAdmin(auth) ||
    auth.roles.some((r) => r.role === 'regional_admin' && !!r.regionCode && isWithinRegion(r.regionCode, regionCode))
  );
}

export const isAnyAdmin = (auth: AuthContext): boolean => isSystemAdmin(auth) || hasRole(auth, 'regional_admin');

export function assert(allowed: boolean): void {
  if (!allowed) throw new DomainError('AUTH.FORBIDDEN');
}
