import { maskMobile, type TeamDto, type TeamSummaryDto, type UnitDto } from '@zhiyuan/shared';
import type { TeamRow, UnitRow } from '../../db/entities';

const list = (json: string): string[] => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

export function presentTeamSummary(row: TeamRow, regionName: string | null): TeamSummaryDto {
  return {
    id: row.id,
    name: row.name,
    regionCode: row.regionCode,
    regionName,
    status: row.status,
    joinMode: row.joinMode,
    memberCount: row.memberCount,
    serviceCategories: list(row.serviceCategories),
    acceptsSubTeams: row.acceptsSubTeams,
  };
}

export function presentUnit(row: UnitRow): UnitDto {
  return { id: row.id, name: row.name, level: row.level, staffCount: row.staffCount, regionCode: row.regionCode };
}

/** The full team page; contact phone masked except to the team's admins and its reviewer. */
export function presentTeam(
  row: TeamRow,
  ctx: {
    regionName: string | null;
    liaisonTeam: TeamRow | null;
    unit: UnitRow | null;
    myRole: 'admin' | 'member' | null;
    myJoinRequest: 'pending' | null;
    privileged: boolean;
    review: TeamDto['review'];
  },
): TeamDto {
  return {
    ...presentTeamSummary(row, ctx.regionName),
    registrationStatus: row.registrationStatus,
    creditCode: row.creditCode,
    liaisonTeam: ctx.liaisonTeam ? { id: ctx.liaisonTeam.id, name: ctx.liaisonTeam.name } : null,
    address: row.address,
    description: row.description,
    contactName: row.contactName,
    contactPhone: ctx.privileged ? row.contactPhone : maskMobile(row.contactPhone),
    contactEmail: row.contactEmail,
    rejectReason: row.rejectReason,
    submittedAt: row.submittedAt.toISOString(),
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    unit: ctx.unit ? presentUnit(ctx.unit) : null,
    myRole: ctx.myRole,
    myJoinRequest: ctx.myJoinRequest,
    review: ctx.review,
    settings: ctx.myRole === 'admin' ? { robotUrl: row.robotUrl, robotKind: row.robotKind } : null,
  };
}
