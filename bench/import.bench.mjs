/**
 * Scenario `import`: a spreadsheet of volunteers imported through the bff, 10,000 and
 * 100,000 rows, against a baseline that writes the same rows straight into the same table
 * with mysql2 (same columns, 500 rows per INSERT, one transaction, the same encryption and
 * keyed hash), each on a fresh MariaDB database. The bff runs in its own child process; its
 * resident memory is sampled during the import (process.memoryUsage().rss over IPC, and the
 * kernel's high-water mark VmHWM). Variants alternate (bff, baseline; baseline, bff; …): the
 * 10,000-row size up to 3 rounds, the 100,000-row size up to 2 (fewer with --rounds), so the
 * whole scenario stays within about 3 minutes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { createConnection } from 'mysql2/promise';
import { databaseCpuProbe, freshDatabase, median, sleep, startServerProcess } from './lib/common.mjs';
import shared from '../shared/dist/index.js';
import personal from '../bff/dist/personal-data.js';
import dataSource from '../bff/dist/db/data-source.js';

export const name = 'import';
export const description =
  'volunteer import from .xlsx through the bff (A-5) vs raw mysql2 batched INSERTs of the same rows, 10k and 100k rows';

const BFF = fileURLToPath(new URL('./servers/bff.mjs', import.meta.url));
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SIZES = [10_000, 100_000];
const BATCH = 500;
const REGIONS = ['110101', '110102', '110105', '110106', '110107', '110108'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
];
const TEAMS = Array.from({ length: 40 }, (_, i) => `东城区第${i + 1}志愿服务队`);

/** Rows with valid, distinct resident IDs (GB 11643 check digits from shared). */
function makeRows(n) {
  const rows = [];
  const start = Date.UTC(1960, 0, 1);
  for (let i = 0; i < n; i++) {
    const region = REGIONS[i % REGIONS.length];
    const day = new Date(start + Math.floor(i / 500) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const body = `${region}${day}${String((i % 500) * 2 + (i % 2)).padStart(3, '0')}`;
    const number = body + shared.gb11643CheckChar(body);
    rows.push({
      name: SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length],
      number,
      mobile: `13${String(800000000 + i).padStart(9, '0')}`,
      email: i % 2 ? `v${i}@example.com` : null,
      region,
      team: i % 5 ? TEAMS[i % TEAMS.length] : null,
      hours: (i % 97) / 4,
      gender: Number(body[16]) % 2 === 1 ? 'male' : 'female',
      birthDate: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`,
    });
  }
  return rows;
}

/** The rows as an .xlsx, written by exceljs's streaming writer (shared strings, as Excel does). */
async function makeWorkbook(rows) {
  const dir = mkdtempSync(join(tmpdir(), 'zy-bench-import-'));
  const file = join(dir, 'import.xlsx');
  try {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const ws = wb.addWorksheet('志愿者');
    ws.addRow(shared.IMPORT_COLUMNS.map((c) => c.header)).commit();
    for (const r of rows)
      ws.addRow([r.name, '居民身份证', r.number, r.mobile, r.email, r.region, r.team, r.hours]).commit();
    await ws.commit();
    await wb.commit();
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function vmHwmMb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Samples `stats()` every 100 ms until stopped; returns the peak RSS seen. */
function rssSampler(server) {
  let peak = 0;
  let stop = false;
  const done = (async () => {
    while (!stop) {
      try {
        peak = Math.max(peak, (await server.stats()).rssMb);
      } catch {
        return;
      }
      await sleep(100);
    }
  })();
  return async () => {
    stop = true;
    await done;
    return peak;
  };
}

async function importThroughBff({ dbUrl, rows, file, log }) {
  const db = await freshDatabase(dbUrl);
  const secrets = {
    JWT_SECRET: randomBytes(24).toString('base64url'),
    INTERNAL_SECRET: randomBytes(24).toString('base64url'),
    DATA_KEY: randomBytes(32).toString('hex'),
  };
  let server;
  try {
    server = await startServerProcess(BFF, { env: { DB_URL: db.url, DB_POOL_SIZE: '10', ...secrets } });
    // a regional admin of Beijing: signed up, the role granted in the database, signed in
    const username = `bench_${randomBytes(3).toString('hex')}`;
    const password = 'Bench12345';
    const signup = await fetch(`${server.url}/api/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, email: `${username}@bench.example` }),
    });
    if (signup.status !== 201) throw new Error(`sign-up: ${signup.status} ${await signup.text()}`);
    const accountId = (await signup.json()).user.id;
    const conn = await createConnection({ uri: db.mysqlUrl, timezone: 'Z' });
    try {
      await conn.query(
        'INSERT INTO account_roles (id, account_id, role, region_code, created_at) VALUES (?, ?, ?, ?, ?)',
        [randomUUID(), accountId, 'regional_admin', '110000', new Date()],
      );
    } finally {
      await conn.end();
    }
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const token = (await login.json()).tokens.accessToken;
    const auth = { authorization: `Bearer ${token}` };

    await sleep(500);
    const idleRss = (await server.stats()).rssMb;
    const before = await server.stats();
    const dbCpu = await databaseCpuProbe(dbUrl);
    const dbBefore = dbCpu();
    const stopSampling = rssSampler(server);
    const t0 = performance.now();
    const res = await fetch(`${server.url}/api/admin/imports?fileName=bench.xlsx`, {
      method: 'POST',
      headers: { ...auth, 'content-type': XLSX_MIME },
      body: file,
    });
    const accepted = await res.json();
    if (res.status !== 202) throw new Error(`upload: ${res.status} ${JSON.stringify(accepted)}`);
    const acceptedMs = performance.now() - t0;
    let job;
    let checkedMs = NaN;
    for (;;) {
      job = await (await fetch(`${server.url}/api/admin/imports/${accepted.id}`, { headers: auth })).json();
      if (job.totalRows !== null && Number.isNaN(checkedMs)) checkedMs = performance.now() - t0;
      if (job.status === 'succeeded' || job.status === 'failed') break;
      await sleep(50);
    }
    const wallMs = performance.now() - t0;
    const peakRss = await stopSampling();
    const after = await server.stats();
    const dbAfter = dbCpu();
    const hwm = vmHwmMb(server.pid);

    const checks = [];
    checks.push({
      name: `bff ${rows.length}: job succeeded with every row`,
      ok: job.status === 'succeeded' && job.importedRows === rows.length && job.conflictRows === 0,
      detail: `${job.status}, ${job.importedRows} imported, ${job.errorCount} errors ${JSON.stringify(job.errors.slice(0, 2))}`,
    });
    const check = await createConnection({ uri: db.mysqlUrl, timezone: 'Z' });
    try {
      const [[{ n }]] = await check.query('SELECT COUNT(*) AS n FROM volunteers WHERE import_job_id = ?', [
        accepted.id,
      ]);
      checks.push({ name: `bff ${rows.length}: rows in the table`, ok: Number(n) === rows.length, detail: `${n}` });
      const pd = new personal.PersonalData(Buffer.from(secrets.DATA_KEY, 'hex'));
      const sample = rows[Math.floor(rows.length / 2)];
      const [[found]] = await check.query(
        'SELECT document_number_enc AS enc, imported_minutes AS minutes FROM volunteers WHERE document_hash = ?',
        [pd.documentHash('resident_id', sample.number)],
      );
      checks.push({
        name: `bff ${rows.length}: a row decrypts to its number, hours in minutes`,
        ok: !!found && pd.decrypt(found.enc) === sample.number && found.minutes === Math.round(sample.hours * 60),
        detail: found ? 'ok' : 'missing',
      });
    } finally {
      await check.end();
    }
    log(
      `bff ${rows.length}: ${(wallMs / 1000).toFixed(1)} s (202 after ${acceptedMs.toFixed(0)} ms, rows checked at ${(checkedMs / 1000).toFixed(1)} s), peak RSS ${peakRss.toFixed(0)} MB sampled / ${hwm.toFixed(0)} MB VmHWM, idle ${idleRss.toFixed(0)} MB`,
    );
    return {
      wallMs,
      acceptedMs,
      checkMs: checkedMs,
      writeMs: wallMs - checkedMs,
      idleRssMb: idleRss,
      peakRssMb: peakRss,
      vmHwmMb: hwm,
      cpuMs: after.cpuMs - before.cpuMs,
      dbCpuMs: dbBefore === null || dbAfter === null ? NaN : dbAfter - dbBefore,
      checks,
    };
  } finally {
    await server?.close();
    await db.drop();
  }
}

async function rawInserts({ dbUrl, rows }) {
  const dbCpu = await databaseCpuProbe(dbUrl);
  const db = await freshDatabase(dbUrl);
  try {
    // the bff's own migrations make the table
    const ds = await dataSource.openDatabase({ type: 'mariadb', url: db.url, poolSize: 1 });
    await ds.destroy();
    const pd = new personal.PersonalData(randomBytes(32));
    const conn = await createConnection({ uri: db.mysqlUrl, timezone: 'Z' });
    const jobId = randomUUID();
    const rssBefore = process.memoryUsage().rss;
    const cpuBefore = process.cpuUsage();
    const dbBefore = dbCpu();
    const t0 = performance.now();
    try {
      await conn.beginTransaction();
      const now = new Date();
      for (let i = 0; i < rows.length; i += BATCH) {
        const values = rows
          .slice(i, i + BATCH)
          .map((r) => [
            randomUUID(),
            null,
            r.name,
            'resident_id',
            pd.encrypt(r.number),
            pd.documentHash('resident_id', r.number),
            r.gender,
            r.birthDate,
            r.region,
            null,
            r.mobile,
            r.email,
            '[]',
            '[]',
            null,
            null,
            null,
            null,
            'unverified',
            null,
            now,
            null,
            'imported',
            jobId,
            r.team,
            Math.round(r.hours * 60),
            null,
            null,
            now,
            now,
          ]);
        await conn.query(
          'INSERT INTO volunteers (id, account_id, real_name, document_type, document_number_enc, document_hash, gender, birth_date, ' +
            'region_code, address, mobile, email, skills, service_categories, guardian_name, guardian_mobile, consent_at, volunteer_number, ' +
            'verification_state, verification_reason, verification_updated_at, photo_key, source, import_job_id, imported_team_name, ' +
            'imported_minutes, merged_into, unit_id, created_at, updated_at) VALUES ?',
          [values],
        );
      }
      await conn.commit();
      const wallMs = performance.now() - t0;
      const dbAfter = dbCpu();
      const cpu = process.cpuUsage(cpuBefore);
      const [[{ n }]] = await conn.query('SELECT COUNT(*) AS n FROM volunteers');
      return {
        wallMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        dbCpuMs: dbBefore === null || dbAfter === null ? NaN : dbAfter - dbBefore,
        rssGrowthMb: (process.memoryUsage().rss - rssBefore) / 2 ** 20,
        checks: [{ name: `baseline ${rows.length}: rows in the table`, ok: Number(n) === rows.length, detail: `${n}` }],
      };
    } finally {
      await conn.end();
    }
  } finally {
    await db.drop();
  }
}

/** exceljs's streaming reader alone over the same file: the floor of any import that reads .xlsx. */
async function parseOnly(file) {
  const t0 = performance.now();
  let n = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(file), {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  for await (const sheet of reader) for await (const _row of sheet) n += 1;
  return { wallMs: performance.now() - t0, rows: n - 1 };
}

export async function run({ dbUrl, rounds, log }) {
  const results = [];
  const checks = [];
  for (const size of SIZES) {
    const t = performance.now();
    const rows = makeRows(size);
    const file = await makeWorkbook(rows);
    log(
      `${size} rows: ${(file.length / 2 ** 20).toFixed(1)} MB .xlsx made in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    const parse = await parseOnly(file);
    log(`${size} rows: exceljs streaming parse alone ${(parse.wallMs / 1000).toFixed(2)} s`);
    const repeat = Math.min(size <= 10_000 ? 3 : 2, Math.max(1, rounds));
    const bff = [];
    const base = [];
    for (let round = 0; round < repeat; round++) {
      // bff, baseline; baseline, bff; …
      const order = round % 2 ? ['baseline', 'bff'] : ['bff', 'baseline'];
      for (const v of order) {
        if (v === 'bff') {
          const r = await importThroughBff({ dbUrl, rows, file, log });
          checks.push(...r.checks);
          bff.push(r);
        } else {
          const r = await rawInserts({ dbUrl, rows });
          checks.push(...r.checks);
          log(`baseline ${size}: ${(r.wallMs / 1000).toFixed(2)} s`);
          base.push(r);
        }
      }
    }
    results.push({ size, fileMb: file.length / 2 ** 20, parseMs: parse.wallMs, bff, base });
  }

  const rowsPerSec = (size, ms) => (size * 1000) / ms;
  const variants = results.flatMap(({ size, bff, base }) => [
    {
      key: `bff ${size}`,
      role: 'candidate',
      label: `bff ${size}: POST /api/admin/imports (202) → background check of every row, then one transaction of ${BATCH}-row INSERTs; until GET shows succeeded`,
      summary: {
        rows: size,
        wallMs: median(bff.map((r) => r.wallMs)),
        rowsPerSec: rowsPerSec(size, median(bff.map((r) => r.wallMs))),
        checkMs: median(bff.map((r) => r.checkMs)),
        writeMs: median(bff.map((r) => r.writeMs)),
        peakRssMb: Math.max(...bff.map((r) => r.peakRssMb)),
        vmHwmMb: Math.max(...bff.map((r) => r.vmHwmMb)),
        idleRssMb: median(bff.map((r) => r.idleRssMb)),
        cpuMsPerKRow: (median(bff.map((r) => r.cpuMs)) * 1000) / size,
        dbCpuMsPerKRow: (median(bff.map((r) => r.dbCpuMs)) * 1000) / size,
        errors: 0,
        timeouts: 0,
        non2xx: 0,
      },
      rounds: bff.map(({ checks: _c, ...r }) => r),
    },
    {
      key: `baseline ${size}`,
      role: 'baseline',
      label: `baseline ${size}: mysql2, the same rows already in memory, encrypt + keyed hash, ${BATCH}-row INSERTs in one transaction`,
      summary: {
        rows: size,
        wallMs: median(base.map((r) => r.wallMs)),
        rowsPerSec: rowsPerSec(size, median(base.map((r) => r.wallMs))),
        cpuMsPerKRow: (median(base.map((r) => r.cpuMs)) * 1000) / size,
        dbCpuMsPerKRow: (median(base.map((r) => r.dbCpuMs)) * 1000) / size,
        errors: 0,
        timeouts: 0,
        non2xx: 0,
      },
      rounds: base.map(({ checks: _c, ...r }) => r),
    },
  ]);
  const ratios = results.map(({ size, bff, base }) => ({
    name: `bff / baseline ${size}`,
    value: median(bff.map((r) => r.wallMs)) / median(base.map((r) => r.wallMs)),
    perRound: bff.map((r, i) => r.wallMs / base[i].wallMs),
    meaning: 'wall time of the whole import against writing the same rows by hand (>1: slower)',
  }));

  const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const table = [
    [
      'variant',
      'rows',
      'wall s',
      'rows/s',
      'check s',
      'write s',
      'peak RSS MB',
      'VmHWM MB',
      'CPU ms/1k rows',
      'DB CPU ms/1k',
    ],
    ...variants.map((v) => [
      `${v.role === 'baseline' ? '  ' : '★ '}${v.key}`,
      String(v.summary.rows),
      fmt(v.summary.wallMs / 1000, 2),
      fmt(v.summary.rowsPerSec, 0),
      fmt(v.summary.checkMs / 1000, 2),
      fmt(v.summary.writeMs / 1000, 2),
      fmt(v.summary.peakRssMb, 0),
      fmt(v.summary.vmHwmMb, 0),
      fmt(v.summary.cpuMsPerKRow, 0),
      fmt(v.summary.dbCpuMsPerKRow, 0),
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const lines = [''];
  table.forEach((r, n) => {
    lines.push(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);
    if (n === 0) lines.push(`  ${widths.map((w) => '─'.repeat(w)).join('  ')}`);
  });
  lines.push('');
  for (const v of variants) lines.push(`  ${v.role === 'baseline' ? '  ' : '★ '}${v.label}`);
  lines.push(
    '  (wall: upload to "succeeded" for the bff, first INSERT to COMMIT for the baseline. check/write: the bff\'s two phases,',
    '   split where GET first shows totalRows. peak RSS: the bff process, sampled every 100 ms; VmHWM: its lifetime high-water',
    '   mark (start-up included). CPU: the bff process / the runner for the baseline; DB CPU: mariadbd.)',
    '',
  );
  for (const r of results)
    lines.push(
      `  exceljs streaming parse alone, ${r.size} rows (${fmt(r.fileMb)} MB file): ${fmt(r.parseMs / 1000, 2)} s`,
    );
  lines.push('');
  for (const r of ratios)
    lines.push(
      `  ${r.name}: ${fmt(r.value, 2)}×  (per round ${r.perRound.map((x) => fmt(x, 2)).join(' ')})  ${r.meaning}`,
    );
  lines.push('');
  for (const c of checks) lines.push(`  ${c.ok ? '✓' : '✗'} ${c.name} (${c.detail})`);

  return { settings: { sizes: SIZES, batch: BATCH }, variants, ratios, checks, report: lines.join('\n') };
}
