import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DomainError, type RegionDto } from '@zhiyuan/shared';
import type { AppDeps } from '../../deps';
import type { RegionRow } from '../../db/entities';
import { regionsRepository as regions } from './regions.repository';

/** GB/T 2260 divisions shipped with the product (see bff/data/regions/SOURCE.md). */
export const REGIONS_FILE = resolve(__dirname, '../../../data/regions/gb2260.json');

function present(row: RegionRow, childCount: number): RegionDto {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parentCode,
    population: row.population,
    childCount,
  };
}

export class RegionsService {
  constructor(private readonly deps: AppDeps) {}

  /** The regions directly below `parentCode`, or the provinces. */
  async children(parentCode: string | null): Promise<RegionDto[]> {
    const em = this.deps.db.manager;
    if (parentCode !== null && !(await regions.findByCode(em, parentCode))) throw new DomainError('REGION.NOT_FOUND');
    const rows = await regions.childrenOf(em, parentCode);
    const counts = await regions.childCounts(
      em,
      rows.map((r) => r.code),
    );
    return rows.map((r) => present(r, counts.get(r.code) ?? 0));
  }

  /** One region with the chain above it (province first). */
  async get(code: string): Promise<RegionDto & { path: RegionDto[] }> {
    const em = this.deps.db.manager;
    const row = await regions.findByCode(em, code);
    if (!row) throw new DomainError('REGION.NOT_FOUND');
    const path: RegionDto[] = [];
    let parent = row.parentCode;
    while (parent) {
      const up = await regions.findByCode(em, parent);
      if (!up) break;
      path.unshift(present(up, 0));
      parent = up.parentCode;
    }
    const counts = await regions.childCounts(em, [row.code]);
    return { ...present(row, counts.get(row.code) ?? 0), path };
  }

  /** Loads the shipped divisions into an empty or partial table; existing rows are kept. */
  async seed(file = REGIONS_FILE): Promise<number> {
    const { db } = this.deps;
    const all = JSON.parse(readFileSync(file, 'utf8')) as RegionRow[];
    const have = new Set(await regions.allCodes(db.manager));
    const missing = all.filter((r) => !have.has(r.code));
    if (missing.length === 0) return 0;
    await db.transaction(async (em) => {
      for (let i = 0; i < missing.length; i += 200) {
        await regions.insertMany(
          em,
          missing.slice(i, i + 200).map((r) => ({
            code: r.code,
            name: r.name,
            level: r.level,
            parentCode: r.parentCode,
            population: r.population ?? null,
          })),
        );
      }
    });
    return missing.length;
  }
}
