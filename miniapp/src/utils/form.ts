import type { ApiError } from '@/services/request';

/** Errors of the catalog that belong to one field of the account forms. */
const FIELD_OF_CODE: Partial<Record<string, string>> = {
  'ACCOUNT.USERNAME_TAKEN': 'username',
  'ACCOUNT.EMAIL_TAKEN': 'email',
  'ACCOUNT.MOBILE_TAKEN': 'mobile',
  'ACCOUNT.CONTACT_REQUIRED': 'email',
  'REGION.NOT_FOUND': 'regionCode',
  'REGION.INVALID_CODE': 'regionCode',
};

/**
 * The bff's error as messages per field: the details of a 400, or the field a 409 is about.
 * What is left over (no field) is for the banner above the form.
 */
export function serverFieldErrors(error: ApiError): Record<string, string> {
  const out = error.fieldErrors();
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
