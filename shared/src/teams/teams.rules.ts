import { regionLevel } from '../regions/regions.rules';

/**
 * T-1: the unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
 * a 31-character set without I, O, Z, S, V; the last one is a check character (MOD 31).
 */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARS.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_CHARS[(31 - (sum % 31)) % 31]!;
}

export function checkCreditCode(raw: string): { ok: true; code: string } | { ok: false; message: string } {
  const code = raw.replace(/\s+/g, '').toUpperCase();
  if (code.length !== 18) return { ok: false, message: '统一社会信用代码应为 18 位' };
  if (![...code].every((c) => CREDIT_CHARS.includes(c))) {
    return { ok: false, message: '统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V）' };
  }
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return { ok: false, message: '统一社会信用代码第 3 至 8 位应为登记管理机关的行政区划代码' };
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17])
    return { ok: false, message: '统一社会信用代码校验位不正确，请核对' };
  return { ok: true, code };
}

/**
 * T-3: a team is named 「XX志愿服务队」 (units: 「单位名称＋志愿服务队」). A bare unit name is
 * refused with the reason; so is a name that does not say it is a volunteer team.
 */
export const TEAM_NAME_SUFFIXES = [
  '志愿服务队',
  '志愿服务总队',
  '志愿服务大队',
  '志愿服务支队',
  '志愿服务分队',
  '志愿服务中队',
  '志愿服务小队',
  '志愿者协会',
  '志愿服务协会',
  '志愿者联合会',
  '志愿服务联合会',
  '志愿服务中心',
  '志愿者服务队',
  '志愿队',
];

export const UNIT_NAME_SUFFIXES = [
  '公司',
  '集团',
  '学校',
  '大学',
  '学院',
  '中学',
  '小学',
  '幼儿园',
  '医院',
  '银行',
  '局',
  '委员会',
  '委',
  '办公室',
  '政府',
  '街道办事处',
  '社区居委会',
  '村委会',
  '厂',
  '研究所',
  '研究院',
  '中心',
];

export type TeamNameCheck =
  { ok: true; name: string } | { ok: false; code: 'TEAM.NAME_IS_UNIT_NAME' | 'TEAM.NAME_FORMAT'; message: string };

export function checkTeamName(raw: string): TeamNameCheck {
  const name = raw.trim().replace(/\s+/g, '');
  if (name.length > 50) return { ok: false, code: 'TEAM.NAME_FORMAT', message: '团体名称最多 50 个字' };
  if (
    TEAM_NAME_SUFFIXES.some((s) => name.endsWith(s)) &&
    name.length > Math.max(...TEAM_NAME_SUFFIXES.filter((s) => name.endsWith(s)).map((s) => s.length))
  ) {
    return { ok: true, name };
  }
  if (!name.includes('志愿') && UNIT_NAME_SUFFIXES.some((s) => name.endsWith(s))) {
    return {
      ok: false,
      code: 'TEAM.NAME_IS_UNIT_NAME',
      message: `不要使用单位名称直接作为志愿团体名称，请填写「单位名称＋志愿服务队」，如：${name}志愿服务队`,
    };
  }
  return { ok: false, code: 'TEAM.NAME_FORMAT', message: '团体名称请规范填写，如：XX志愿服务队' };
}

/**
 * T-2: a liaison team is near: in the applicant's region or the region directly above,
 * never another city, never skipping a level.
 */
export function isNearLiaison(applicantRegion: string, liaisonRegion: string): boolean {
  return nearRegions(applicantRegion).includes(liaisonRegion);
}

/** The municipalities directly under the central government: their 市辖区/县 rows stand for the city itself. */
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

/**
 * Where a team's liaison team may be (T-2): its own region and the one directly above. In a
 * municipality the 市辖区 level is only a grouping, so the municipality itself counts as the
 * level above its districts, and a team at the 市辖区 row counts as one at the municipality.
 */
export function nearRegions(code: string): string[] {
  const out = [code];
  const parent = parentRegionCode(code);
  if (parent) out.push(parent);
  const province = code.slice(0, 2);
  if (MUNICIPALITIES.has(province)) {
    const municipality = `${province}0000`;
    if (regionLevel(code) === 'county' && !out.includes(municipality)) out.push(municipality);
    if (regionLevel(code) === 'city' && !out.includes(municipality)) out.push(municipality);
  }
  return out;
}

/** The region directly above in GB/T 2260 (municipal 市辖区 rows included), or null for a province. */
export function parentRegionCode(code: string): string | null {
  switch (regionLevel(code)) {
    case 'province':
      return null;
    case 'city':
      return `${code.slice(0, 2)}0000`;
    case 'county':
      return `${code.slice(0, 4)}00`;
  }
}

/** T-5: the review windows. */
export const REMIND_AFTER_DAYS = 4;
export const CONTACTS_AFTER_DAYS = 7;
export const REMIND_INTERVAL_HOURS = 24;
