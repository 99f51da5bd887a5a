import type { VolunteerCardDto } from '@zhiyuan/shared';
import type { VolunteerRow } from '../../db/entities';
import type { SignedCardToken } from './card.tokens';

/** POST /api/cards/verify: who the scanned card belongs to (the H-2 scanner starts here). */
export interface CardVerificationDto {
  volunteerId: string;
  realName: string;
  volunteerNumber: string;
  /** the server's time of this check */
  verifiedAt: string;
}

/** The card of a verified volunteer, field by field. */
export function presentCard(
  row: VolunteerRow & { volunteerNumber: string },
  qr: { signed: SignedCardToken; dataUrl: string },
): VolunteerCardDto {
  return {
    realName: row.realName,
    volunteerNumber: row.volunteerNumber,
    // the photo and verified teams come with the teams issue
    photoUrl: null,
    teams: [],
    // confirmed hours come with the hours ledger; until then the hours brought in by an import (H-7)
    totalMinutes: row.importedMinutes,
    // S-1: granted on an approved application, which comes with recognition
    starLevel: 0,
    qrToken: qr.signed.token,
    qrDataUrl: qr.dataUrl,
    qrExpiresAt: qr.signed.expiresAt.toISOString(),
    refreshInSeconds: qr.signed.refreshInSeconds,
  };
}

/** Only what the scanning admin needs to recognise the person: no document, no contact. */
export function presentCardVerification(
  row: VolunteerRow & { volunteerNumber: string },
  now: Date,
): CardVerificationDto {
  return {
    volunteerId: row.id,
    realName: row.realName,
    volunteerNumber: row.volunteerNumber,
    verifiedAt: now.toISOString(),
  };
}
