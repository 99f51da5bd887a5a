import { gb11643CheckChar } from './identity.rules';

/**
 * The volunteer number (V-6, 全国实名注册志愿者统一编号 in this system): 15 characters,
 * the six-digit region code of residence at verification, an eight-digit serial that only
 * grows within that region, and a GB 11643-style check character over the first 14 digits
 * (padded to 17). It never changes and is never reused.
 */
export function formatVolunteerNumber(regionCode: string, serial: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new Error('region code must have 6 digits');
  if (!Number.isInteger(serial) || serial < 1 || serial > 99_999_999) throw new Error('serial out of range');
  const body = `${regionCode}${String(serial).padStart(8, '0')}`;
  return `${body}${gb11643CheckChar(`000${body}`)}`;
}

export function isVolunteerNumber(value: string): boolean {
  return /^\d{14}[\dX]$/.test(value) && gb11643CheckChar(`000${value.slice(0, 14)}`) === value[14];
}
