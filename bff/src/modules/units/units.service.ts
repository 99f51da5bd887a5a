import type { EntityManager } from 'typeorm';
import {
  DomainError,
  regionPrefix,
  UNIT_TARGET_RATIOS,
  type Page,
  type UnitDto,
  type UnitLevel,
} from '@zhiyuan/shared';
import type { AppDeps } from '../../deps';
import type { UnitRow } from '../../db/entities';
import { duplicateKeyOf } from '../../db/errors';
import { newId } from '../../ids';
import { assert, canActInRegion } from '../../policy';
import type { AuthContext } from '../accounts/tokens';
import { regionsRepository } from '../regions/regions.repository';
import { presentUnit } from '../teams/teams.presenter';
import { teamsRepository as teams } from '../teams/teams.repository';
import { volunteersRepository as volunteers } from '../volunteers/volunteers.repository';
import { unitsRepository as units } from './units.repository';

export interface UnitInput {
  name: string;
  level: UnitLevel;
  staffCount: number;
  regionCode: string;
}

/** GET /api/units/:id/ratio: registered staff against the target of the unit's level. */
export interface UnitRatioDto {
  unit: UnitDto;
  /** verified volunteers who named this unit */
  registered: number;
  staffCount: number;
  /** registered / staffCount, to four decimals */
  ratio: number;
  /** UNIT_TARGET_RATIOS[level] */
  target: number;
  reached: boolean;
}

/** Work units (T-8) and their registration ratio. */
export class UnitsService {
  constructor(private readonly deps: AppDeps) {}

  /** POST /api/units: team admins, and regional admins inside their region. */
  async create(auth: AuthContext, input: UnitInput): Promise<UnitDto> {
    const em = this.deps.db.manager;
    assert(canActInRegion(auth, input.regionCode) || (await this.isTeamAdmin(em, auth)));
    if (!(await regionsRepository.findByCode(em, input.regionCode))) throw new DomainError('REGION.NOT_FOUND');
    if (await units.nameTaken(em, input.regionCode, input.name)) throw nameTaken(input.name);
    const now = this.deps.clock.now();
    const row: UnitRow = { id: newId(), ...input, createdBy: auth.accountId, createdAt: now, updatedAt: now };
    try {
      await units.insert(em, row);
    } catch (err) {
      // two units of one name created at once: the unique index decides
      if (duplicateKeyOf(err)) throw nameTaken(input.name);
      throw err;
    }
    return presentUnit(row);
  }

  /** GET /api/units: searchable by name, within a region and below. */
  async list(query: {
    q?: string | undefined;
    regionCode?: string | undefined;
    page: number;
    pageSize: number;
  }): Promise<Page<UnitDto>> {
    const [rows, total] = await units.search(
      this.deps.db.manager,
      { q: query.q || undefined, regionPrefix: query.regionCode ? regionPrefix(query.regionCode) : undefined },
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return { items: rows.map(presentUnit), total, page: query.page, pageSize: query.pageSize };
  }

  /** PATCH /api/units/:id: its creator, or a regional admin of its region (and of the region it moves to). */
  async update(auth: AuthContext, id: string, input: Partial<UnitInput>): Promise<UnitDto> {
    const em = this.deps.db.manager;
    const unit = await units.findById(em, id);
    if (!unit) throw new DomainError('UNIT.NOT_FOUND');
    const creator = unit.createdBy === auth.accountId;
    assert(creator || canActInRegion(auth, unit.regionCode));
    const next = { ...unit, ...input };
    if (next.regionCode !== unit.regionCode) {
      assert(creator || canActInRegion(auth, next.regionCode));
      if (!(await regionsRepository.findByCode(em, next.regionCode))) throw new DomainError('REGION.NOT_FOUND');
    }
    if (
      (next.name !== unit.name || next.regionCode !== unit.regionCode) &&
      (await units.nameTaken(em, next.regionCode, next.name, id))
    ) {
      throw nameTaken(next.name);
    }
    const change = { ...input, updatedAt: this.deps.clock.now() };
    try {
      await units.update(em, id, change);
    } catch (err) {
      if (duplicateKeyOf(err)) throw nameTaken(next.name);
      throw err;
    }
    return presentUnit({ ...next, ...change });
  }

  /** PUT /api/me/unit: a registered volunteer names their work unit, or none. */
  async setMyUnit(auth: AuthContext, unitId: string | null): Promise<void> {
    const em = this.deps.db.manager;
    const volunteer = await volunteers.findByAccountId(em, auth.accountId);
    if (!volunteer) throw new DomainError('TEAM.VOLUNTEER_REQUIRED');
    if (unitId && !(await units.findById(em, unitId))) throw new DomainError('UNIT.NOT_FOUND');
    await units.setVolunteerUnit(em, volunteer.id, unitId, this.deps.clock.now());
  }

  /** registered staff as a share of staff, against the target of the unit's civilization level. */
  async ratio(id: string): Promise<UnitRatioDto> {
    const em = this.deps.db.manager;
    const unit = await units.findById(em, id);
    if (!unit) throw new DomainError('UNIT.NOT_FOUND');
    const registered = await units.countRegisteredStaff(em, id);
    const target = UNIT_TARGET_RATIOS[unit.level];
    return {
      unit: presentUnit(unit),
      registered,
      staffCount: unit.staffCount,
      ratio: unit.staffCount > 0 ? Math.round((registered / unit.staffCount) * 10_000) / 10_000 : 0,
      target,
      // compared in whole percent points, so 19 of 20 staff reach 95% exactly
      reached: registered * 100 >= Math.round(target * 100) * unit.staffCount,
    };
  }

  private async isTeamAdmin(em: EntityManager, auth: AuthContext): Promise<boolean> {
    return (await teams.adminTeamIdsOf(em, auth.accountId)).length > 0;
  }
}

const nameTaken = (name: string) =>
  new DomainError('UNIT.NAME_TAKEN', { message: `本地区已有名为「${name}」的单位，请直接选择该单位` });
