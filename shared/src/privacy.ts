/**
 * Masking of personal data for replies and logs (《志愿服务条例》 art. 20: data is not
 * disclosed without need). Masked forms keep enough for the person to recognise their own.
 */
export function maskMobile(mobile: string | null | undefined): string | null {
  if (!mobile) return null;
  if (mobile.length < 7) return '*'.repeat(mobile.length);
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.indexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  const shown = local.length <= 2 ? local.slice(0, 1) : local.slice(0, 2);
  return `${shown}***${email.slice(at)}`;
}

/** `110101199003071234` → `11010********1234`-style: first 5 and last 4 kept. */
export function maskDocumentNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  if (value.length <= 6) return '*'.repeat(value.length);
  const head = value.length >= 15 ? 5 : 2;
  return `${value.slice(0, head)}${'*'.repeat(value.length - head - 4)}${value.slice(-4)}`;
}
