/** GB/T 2260 divisions from the bff. */
import type { RegionDto } from '@zhiyuan/shared';
import { request } from './request';

export type RegionWithPath = RegionDto & { path: RegionDto[] };

/** GET /api/regions: the provinces. */
export async function listProvinces(): Promise<RegionDto[]> {
  const { items } = await request<{ items: RegionDto[] }>('GET', '/api/regions', undefined, { auth: false });
  return items;
}

/** GET /api/regions?parent=…: the regions directly below `parentCode`. */
export async function listChildren(parentCode: string): Promise<RegionDto[]> {
  const path = `/api/regions?parent=${encodeURIComponent(parentCode)}`;
  const { items } = await request<{ items: RegionDto[] }>('GET', path, undefined, { auth: false });
  return items;
}

/** GET /api/regions/:code: one region with the chain above it (province first). */
export function getRegion(code: string): Promise<RegionWithPath> {
  return request<RegionWithPath>('GET', `/api/regions/${encodeURIComponent(code)}`, undefined, { auth: false });
}

/** `北京市 · 市辖区 · 东城区` */
export function regionFullName(region: RegionWithPath): string {
  return [...region.path.map((r) => r.name), region.name].join(' · ');
}
