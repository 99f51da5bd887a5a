import { maskDocumentNumber, VERIFICATION_LABELS, type VolunteerDto } from '@zhiyuan/shared';
import type { AccountRow, VolunteerRow } from '../../db/entities';
import type { PersonalData } from '../../personal-data';

const list = (json: string): string[] => {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

/**
 * A volunteer, field by field. The document number leaves the server masked unless
 * `unmask` is set, which only the policy decides (and the caller audits).
 */
export function presentVolunteer(
  row: VolunteerRow,
  ctx: { personalData: PersonalData; account?: AccountRow | null; regionName?: string | null; unmask?: boolean },
): VolunteerDto {
  const number = ctx.personalData.decrypt(row.documentNumberEnc);
  return {
    id: row.id,
    accountId: row.accountId,
    username: ctx.account?.username ?? null,
    realName: row.realName,
    documentType: row.documentType,
    documentNumber: ctx.unmask ? number : maskDocumentNumber(number)!,
    documentNumberMasked: !ctx.unmask,
    gender: row.gender,
    birthDate: row.birthDate,
    regionCode: row.regionCode,
    regionName: ctx.regionName ?? null,
    volunteerNumber: row.volunteerNumber,
    verification: {
      state: row.verificationState,
      label: VERIFICATION_LABELS[row.verificationState],
      reason: row.verificationReason,
      updatedAt: row.verificationUpdatedAt.toISOString(),
    },
    minor: row.guardianName !== null,
    guardian: row.guardianName ? { name: row.guardianName, mobile: row.guardianMobile ?? '' } : null,
    skills: list(row.skills),
    serviceCategories: list(row.serviceCategories),
    address: row.address,
    source: row.source,
    unitId: row.unitId,
    frozen: ctx.account?.status === 'frozen',
    createdAt: row.createdAt.toISOString(),
  };
}
