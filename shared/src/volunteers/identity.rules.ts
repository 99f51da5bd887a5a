/**
 * Identity documents (V-1). Mainland resident ID numbers follow GB 11643-1999: 17 digits and
 * an ISO 7064 MOD 11-2 check character; the birth date is real and not in the future; the
 * first two digits name a province. The full six-digit region code may belong to a division
 * abolished since the card was issued, so only the province is required to exist.
 */
export const DOCUMENT_TYPES = [
  'resident_id',
  'hk_macao_permit',
  'taiwan_permit',
  'residence_permit',
  'passport',
  'foreign_permanent_id',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  resident_id: '居民身份证',
  hk_macao_permit: '港澳居民来往内地通行证',
  taiwan_permit: '台湾居民来往大陆通行证',
  residence_permit: '港澳台居民居住证',
  passport: '护照',
  foreign_permanent_id: '外国人永久居留身份证',
};

/** Province codes of GB/T 2260 used in mainland resident ID numbers. */
const MAINLAND_PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of 17 digits. */
export function gb11643CheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Upper-case, without spaces: how numbers are stored, hashed and compared. */
export function normalizeDocumentNumber(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export interface IdentityFacts {
  /** derived from a resident ID or residence permit, never typed */
  birthDate: string | null;
  gender: 'male' | 'female' | null;
}

export type IdentityCheck = { ok: true; facts: IdentityFacts } | { ok: false; message: string };

function birthDateOf(n: string, today: string): string | { error: string } {
  const y = n.slice(6, 10);
  const m = n.slice(10, 12);
  const d = n.slice(12, 14);
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
  const iso = `${y}-${m}-${d}`;
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso || Number(y) < 1900) {
    return { error: '证件号码中的出生日期不存在' };
  }
  if (iso > today) return { error: '证件号码中的出生日期晚于今天' };
  return iso;
}

function checkEighteen(
  n: string,
  today: string,
  prefixOk: (p: string) => boolean,
  prefixMessage: string,
): IdentityCheck {
  if (!/^\d{17}[\dX]$/.test(n)) return { ok: false, message: '证件号码应为 18 位，最后一位可以是数字或 X' };
  if (!prefixOk(n)) return { ok: false, message: prefixMessage };
  const birth = birthDateOf(n, today);
  if (typeof birth !== 'string') return { ok: false, message: birth.error };
  if (gb11643CheckChar(n.slice(0, 17)) !== n[17]) return { ok: false, message: '证件号码校验位不正确，请核对' };
  return { ok: true, facts: { birthDate: birth, gender: Number(n[16]) % 2 === 1 ? 'male' : 'female' } };
}

/**
 * Checks a document number by its type (V-1). `today` is the date (YYYY-MM-DD) in the
 * configured zone, so that a birth date "in the future" is judged on the right day.
 */
export function checkDocument(type: DocumentType, raw: string, today: string): IdentityCheck {
  const n = normalizeDocumentNumber(raw);
  const none: IdentityFacts = { birthDate: null, gender: null };
  switch (type) {
    case 'resident_id':
      return checkEighteen(
        n,
        today,
        (x) => MAINLAND_PROVINCES.has(x.slice(0, 2)),
        '证件号码前两位不是有效的省级行政区划代码',
      );
    case 'residence_permit':
      return checkEighteen(
        n,
        today,
        (x) => ['810000', '820000', '830000'].includes(x.slice(0, 6)),
        '港澳台居民居住证号码应以 810000、820000 或 830000 开头',
      );
    case 'hk_macao_permit':
      return /^[HM]\d{8}(\d{2})?$/.test(n)
        ? { ok: true, facts: none }
        : { ok: false, message: '港澳居民来往内地通行证号码应为 H 或 M 加 8 位（或 10 位）数字' };
    case 'taiwan_permit':
      return /^\d{8}$|^\d{10}$/.test(n)
        ? { ok: true, facts: none }
        : { ok: false, message: '台湾居民来往大陆通行证号码应为 8 位（或 10 位）数字' };
    case 'passport':
      return /^[A-Z0-9]{5,17}$/.test(n)
        ? { ok: true, facts: none }
        : { ok: false, message: '护照号码应为 5 到 17 位字母或数字' };
    case 'foreign_permanent_id':
      if (/^[A-Z]{3}\d{12}$/.test(n)) return { ok: true, facts: none };
      if (/^9\d{16}[\dX]$/.test(n)) {
        return checkEighteen(n, today, () => true, '');
      }
      return { ok: false, message: '外国人永久居留身份证号码格式不正确' };
  }
}

/** Age in whole years on `today` (YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export const ADULT_AGE = 18;
