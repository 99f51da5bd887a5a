import type { ApiError } from '@/services/request';

/** Errors of the catalog that belong to one field of a form (accounts, teams). */
const FIELD_OF_CODE: Partial<Record<string, string>> = {
  'ACCOUNT.USERNAME_TAKEN': 'username',
  'ACCOUNT.EMAIL_TAKEN': 'email',
  'ACCOUNT.MOBILE_TAKEN': 'mobile',
  'ACCOUNT.CONTACT_REQUIRED': 'mobile',
  'REGION.NOT_FOUND': 'regionCode',
  'REGION.INVALID_CODE': 'regionCode',
  'VOLUNTEER.DOCUMENT_INVALID': 'documentNumber',
  'VOLUNTEER.NAME_LOCKED': 'realName',
  'TEAM.NAME_TAKEN': 'name',
  'TEAM.NAME_IS_UNIT_NAME': 'name',
  'TEAM.NAME_FORMAT': 'name',
  'TEAM.CREDIT_CODE_INVALID': 'creditCode',
  'TEAM.LIAISON_NOT_AUTHORIZED': 'liaisonTeamId',
  'TEAM.LIAISON_TOO_FAR': 'liaisonTeamId',
  'UNIT.NOT_FOUND': 'unitId',
};

/** Nested paths of the bff's details, as the flat field names of the forms. */
const FIELD_OF_PATH: Partial<Record<string, string>> = {
  'guardian.name': 'guardianName',
  'guardian.mobile': 'guardianMobile',
  'guardian.consent': 'guardianConsent',
  guardian: 'guardianName',
};

export function fieldOfPath(path: string): string {
  return FIELD_OF_PATH[path] ?? path;
}

/**
 * The bff's error as messages per field: the details of a 400, or the field a 409 is about.
 * What is left over (no field) is for the banner above the form.
 */
export function serverFieldErrors(error: ApiError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(error.fieldErrors())) {
    const field = fieldOfPath(path);
    if (!(field in out)) out[field] = message;
  }
  const field = FIELD_OF_CODE[error.code];
  if (field && !(field in out)) out[field] = error.message;
  return out;
}

/** Keep only the entries whose key is in `keys`. */
export function pick(errors: Record<string, string>, keys: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (errors[k]) out[k] = errors[k];
  return out;
}

/** 「急救、外语，心理辅导」 → ['急救', '外语', '心理辅导']: tags typed in one line, without repeats. */
export function splitTags(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,，、;；\s]+/)) {
    const tag = part.trim();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

export function joinTags(tags: readonly string[]): string {
  return tags.join('、');
}
