import type { RegionLevel } from './regions.types';

const CODE = /^\d{6}$/;

export function isRegionCode(code: string): boolean {
  return CODE.test(code);
}

/** Province `xx0000`, city `xxxx00`, county `xxxxxx` (GB/T 2260). */
export function regionLevel(code: string): RegionLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/**
 * Whether `code` is `scope` itself or lies below it: a regional admin of `scope` sees
 * and acts only there (DOMAIN.md, Who uses it).
 */
export function isWithinRegion(scope: string, code: string): boolean {
  if (!isRegionCode(scope) || !isRegionCode(code)) return false;
  switch (regionLevel(scope)) {
    case 'province':
      return code.slice(0, 2) === scope.slice(0, 2);
    case 'city':
      return code.slice(0, 4) === scope.slice(0, 4);
    case 'county':
      return code === scope;
  }
}

/** The prefix every code inside `scope` starts with (for LIKE 'prefix%' look-ups). */
export function regionPrefix(scope: string): string {
  switch (regionLevel(scope)) {
    case 'province':
      return scope.slice(0, 2);
    case 'city':
      return scope.slice(0, 4);
    case 'county':
      return scope;
  }
}
