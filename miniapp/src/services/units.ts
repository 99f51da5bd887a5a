/** Work units (单位, T-8): looked up by name, created by team admins, named by volunteers. */
import type { Page, UnitDto, UnitLevel } from '@zhiyuan/shared';
import { queryString } from './query';
import { request } from './request';

export const UNITS_PAGE_SIZE = 10;

export interface UnitInput {
  name: string;
  level: UnitLevel;
  staffCount: number;
  regionCode: string;
}

/** GET /api/units: by name; within a region (and below) when given. */
export function searchUnits(search: { q?: string; regionCode?: string; page?: number }): Promise<Page<UnitDto>> {
  const qs = queryString({
    q: search.q?.trim(),
    regionCode: search.regionCode,
    page: search.page ?? 1,
    pageSize: UNITS_PAGE_SIZE,
  });
  return request('GET', `/api/units${qs}`);
}

/** POST /api/units → 201 (team admins; regional admins in their region). */
export function createUnit(input: UnitInput): Promise<UnitDto> {
  return request('POST', '/api/units', input);
}

/** PUT /api/me/unit → 204: the volunteer's work unit, or none. */
export function setMyUnit(unitId: string | null): Promise<void> {
  return request('PUT', '/api/me/unit', { unitId });
}
