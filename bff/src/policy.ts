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

/** Regional admins and system admins: those who verify, import, merge and freeze. */
export function canAdministerVolunteer(auth: AuthContext, volunteerRegionCode: string): boolean {
  return canActInRegion(auth, volunteerRegionCode);
}

/** The regions a regional admin acts in (null: everywhere, for a system admin). */
export function adminScopes(auth: AuthContext): string[] | null {
  if (isSystemAdmin(auth)) return null;
  return auth.roles.filter((r) => r.role === 'regional_admin' && r.regionCode).map((r) => r.regionCode!);
}

/** Whoever may scan a volunteer card: team admins, regional admins, system admins. */
export const canScanCards = (auth: AuthContext): boolean =>
  isSystemAdmin(auth) || hasRole(auth, 'regional_admin') || hasRole(auth, 'team_admin');

/**
 * Who may see a document number unmasked: a regional admin of the volunteer's region
 * (DOMAIN: personal data is not disclosed without need). System admins see it masked.
 */
export function isWithinRegionScoped(auth: AuthContext, regionCode: string): boolean {
  return auth.roles.some(
    (r) => r.role === 'regional_admin' && !!r.regionCode && isWithinRegion(r.regionCode, regionCode),
  );
}
