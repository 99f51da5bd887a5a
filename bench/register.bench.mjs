/**
 * Scenario `register`: real-name registrations per second through the real bff
 * (POST /api/volunteers: a new account, its volunteer record, the session, then automatic
 * verification with the volunteer number, and the welcome and verification e-mails in the
 * outbox) against a bare Koa + mysql2 handler that issues the same SQL statements by hand
 * (servers/register-baseline.mjs), on one fresh MariaDB database. Every request is a new
 * person: a unique user name, e-mail address and resident ID number (GB 11643 check
 * character), taken in turn from 200,000 bodies made before the runs.
 *
 * Before the runs, one registration through each server, with MariaDB's general log on,
 * shows that both issue the same statements and write the same rows (counted per table, and
 * the rows' shapes compared); the bff then reads the baseline's registration back with the
 * baseline's access token. Variants are alternated round by round, as in `login`.
 *
 * REGISTER_CPU_PROF=<dir> runs both servers under `node --cpu-prof` (profiles written to
 * <dir>/<variant>/ when they stop); the figures of such a run are slower and not comparable.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';
import {
  databaseCpuProbe,
  freshDatabase,
  load,
  median,
  mysqlUrl,
  sleep,
  startServerProcess,
  summarizeRounds,
} from './lib/common.mjs';
import shared from '../shared/dist/index.js';

const { gb11643CheckChar } = shared;

export const name = 'register';
export const description =
  'POST /api/volunteers (real-name registration + automatic verification) through the bff vs a bare Koa + mysql2 handler running the same statements';

const BFF = fileURLToPath(new URL('./servers/bff.mjs', import.meta.url));
const BASELINE = fileURLToPath(new URL('./servers/register-baseline.mjs', import.meta.url));

const BODIES = 200_000;
const PASSWORD = 'Bench12345';
const POOL_SIZE = 10;
const REGION = '110101';
const PUBLIC_URL = 'https://zhiyuan.bench.example';

const VARIANTS = [
  {
    key: 'baseline',
    role: 'baseline',
    label:
      'baseline: bare Koa + @koa/bodyparser + mysql2 (prepared statements), the same statements and transactions by hand; argon2 hash, AES-256-GCM + HMAC, jsonwebtoken',
  },
  {
    key: 'bff',
    role: 'candidate',
    label: 'bff: the real app, POST /api/volunteers (router, zod, TypeORM, two transactions, pino silent)',
  },
];

/** the tables a registration writes (and the per-table row counts compare) */
const WRITTEN = ['accounts', 'account_roles', 'volunteers', 'identity_claims', 'outbox', 'refresh_tokens'];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '建华',
  '志强',
];

/**
 * `count` registration bodies, each a new person: user name `r<tag>_<i>`, e-mail at
 * bench.example, resident ID 110101 + birth date (1960-01-01 + ⌊i / 1000⌋ days) + a
 * three-digit serial + the GB 11643 check character; all adults, so no guardian is needed.
 */
function registrationBodies(count, tag = randomBytes(2).toString('hex')) {
  const day0 = Date.UTC(1960, 0, 1);
  const bodies = new Array(count);
  for (let i = 0; i < count; i++) {
    const birth = new Date(day0 + Math.floor(i / 1000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `${REGION}${birth}${String(i % 1000).padStart(3, '0')}`;
    const username = `r${tag}_${i}`;
    bodies[i] = JSON.stringify({
      username,
      password: PASSWORD,
      documentType: 'resident_id',
      documentNumber: first17 + gb11643CheckChar(first17),
      realName: SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length],
      email: `${username}@bench.example`,
      regionCode: REGION,
      consent: true,
    });
  }
  return bodies;
}

export async function run({ dbUrl, duration, connections, rounds, warmup, log }) {
  const cores = availableParallelism();
  const db = await freshDatabase(dbUrl);
  log(`database ${db.name}`);
  const secrets = {
    JWT_SECRET: randomBytes(24).toString('base64url'),
    INTERNAL_SECRET: randomBytes(24).toString('base64url'),
    DATA_KEY: randomBytes(32).toString('hex'),
  };
  const profileDir = process.env.REGISTER_CPU_PROF ? resolve(process.env.REGISTER_CPU_PROF) : null;
  const profiled = (key) => {
    if (!profileDir) return {};
    mkdirSync(join(profileDir, key), { recursive: true });
    return { execArgv: ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, key)}`] };
  };
  const servers = {};
  const conn = await createConnection({ uri: db.mysqlUrl, timezone: 'Z' });
  try {
    const t0 = Date.now();
    servers.bff = await startServerProcess(
      BFF,
      { env: { DB_URL: db.url, DB_POOL_SIZE: String(POOL_SIZE), PUBLIC_URL, ...secrets } },
      profiled('bff'),
    );
    log(`bff up (migrations, regions) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    servers.baseline = await startServerProcess(
      BASELINE,
      {
        dbUrl: db.mysqlUrl,
        poolSize: POOL_SIZE,
        jwtSecret: secrets.JWT_SECRET,
        dataKey: secrets.DATA_KEY,
        publicUrl: PUBLIC_URL,
      },
      profiled('baseline'),
    );
    if (profileDir) log(`CPU profiles of both servers go to ${profileDir}/<variant>/ (figures not comparable)`);

    const t1 = Date.now();
    const bodies = registrationBodies(BODIES);
    log(`${bodies.length} registration bodies (new people) in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    let next = 0;
    const take = () => bodies[next++ % bodies.length];

    // ---- correctness before measuring ----
    const checks = [];
    // the first registration of the region also creates its volunteer-number counter: do it once, here
    const primed = await post(servers.bff.url, take());
    if (primed.status !== 201) throw new Error(`first registration: ${primed.status} ${JSON.stringify(primed.body)}`);
    const sanity = {};
    for (const v of VARIANTS) {
      const before = await tableCounts(conn, db.name);
      const { result, statements } = await captureStatements(dbUrl, db.name, () => post(servers[v.key].url, take()));
      const after = await tableCounts(conn, db.name);
      const delta = Object.fromEntries(
        Object.keys(after)
          .map((t) => [t, after[t] - (before[t] ?? 0)])
          .filter(([, d]) => d !== 0),
      );
      sanity[v.key] = { status: result.status, body: result.body, statements, delta };
      checks.push({
        name: `${v.key}: a registration answers 201, verified, with a volunteer number and tokens`,
        ok:
          result.status === 201 &&
          result.body?.volunteer?.verification?.state === 'verified' &&
          /^\d{14}[\dX]$/.test(result.body?.volunteer?.volunteerNumber ?? '') &&
          typeof result.body?.tokens?.accessToken === 'string',
        detail: `${result.status}${result.status === 201 ? `, ${result.body.volunteer.verification.state}, ${result.body.volunteer.volunteerNumber}` : ` ${JSON.stringify(result.body)}`}`,
      });
    }
    for (const c of checks) if (!c.ok) throw new Error(`sanity check failed: ${c.name}: ${c.detail}`);
    const a = sanity.bff;
    const b = sanity.baseline;
    const fmtDelta = (d) =>
      Object.entries(d)
        .map(([t, n]) => `${t} +${n}`)
        .join(', ');
    checks.push({
      name: 'one registration writes the same rows through both (rows added, per table)',
      ok: JSON.stringify(a.delta) === JSON.stringify(b.delta),
      detail: `bff: ${fmtDelta(a.delta)}; baseline: ${fmtDelta(b.delta)}`,
    });
    const shapes = {};
    for (const v of VARIANTS) shapes[v.key] = await rowShapes(conn, sanity[v.key].body);
    const shapeDiff = Object.keys(shapes.bff).filter(
      (t) => JSON.stringify(shapes.bff[t]) !== JSON.stringify(shapes.baseline[t]),
    );
    checks.push({
      name: 'the rows have the same shape (NULL / set columns, constant values)',
      ok: shapeDiff.length === 0,
      detail: shapeDiff.length ? `differ in ${shapeDiff.join(', ')}` : `${Object.keys(shapes.bff).join(', ')} compared`,
    });
    const keysA = keyPaths(a.body).join(' ');
    const keysB = keyPaths(b.body).join(' ');
    checks.push({
      name: 'the replies have the same fields',
      ok: keysA === keysB,
      detail: keysA === keysB ? `${keyPaths(a.body).length} fields` : `bff ${keysA} / baseline ${keysB}`,
    });
    const sigA = a.statements?.map(signature);
    const sigB = b.statements?.map(signature);
    const sameStatements = sigA && sigB && JSON.stringify([...sigA].sort()) === JSON.stringify([...sigB].sort());
    checks.push({
      name: 'the same SQL statements per registration (MariaDB general log)',
      ok: Boolean(sameStatements),
      detail: sigA
        ? `bff ${sigA.length}, baseline ${sigB.length} statements; ${summarize(sigA)}`
        : 'general log not readable (needs SUPER / the mysql.general_log table)',
    });
    if (sigA) {
      log(`statements of one registration (bff, in order):`);
      sigA.forEach((s, i) =>
        log(`  ${String(i + 1).padStart(2)} ${s}${sigB[i] === s ? '' : `   ← baseline: ${sigB[i]}`}`),
      );
    }
    // the bff reads back the baseline's registration with the baseline's token (same JWT secret and DATA_KEY)
    const readBack = await fetch(`${servers.bff.url}/api/me/volunteer`, {
      headers: { authorization: `Bearer ${b.body.tokens.accessToken}` },
    }).then(async (res) => ({ status: res.status, body: await res.json().catch(() => null) }));
    checks.push({
      name: "the bff reads the baseline's registration (its token, its encrypted document number)",
      ok:
        readBack.status === 200 &&
        readBack.body?.volunteerNumber === b.body.volunteer.volunteerNumber &&
        readBack.body?.documentNumber === b.body.volunteer.documentNumber &&
        readBack.body?.verification?.state === 'verified',
      detail: `GET /api/me/volunteer → ${readBack.status}, ${readBack.body?.documentNumber}, ${readBack.body?.volunteerNumber}`,
    });
    for (const c of checks) if (!c.ok) log(`✗ ${c.name}: ${c.detail}`);

    // ---- load ----
    const requests = [
      {
        method: 'POST',
        path: '/api/volunteers',
        headers: { 'content-type': 'application/json' },
        setupRequest(req) {
          req.body = take();
          return req;
        },
      },
    ];
    const dbCpu = await databaseCpuProbe(dbUrl);
    // time spent waiting for InnoDB row locks (server-wide: other databases' work counts too);
    // here nearly all of it is the volunteer-number counter's row, locked from its UPDATE to COMMIT
    const lockWaitMs = async () => {
      const [[row]] = await conn.query("SHOW GLOBAL STATUS LIKE 'Innodb_row_lock_time'");
      return Number(row.Value);
    };
    const measure = async (key, seconds) => {
      const server = servers[key];
      const before = await server.stats();
      const dbBefore = dbCpu();
      const lockBefore = await lockWaitMs();
      const loadBefore = process.cpuUsage();
      const r = await load({ url: server.url, connections, duration: seconds, requests });
      const loadCpu = process.cpuUsage(loadBefore);
      const lockAfter = await lockWaitMs();
      const dbAfter = dbCpu();
      const after = await server.stats();
      // let the requests still in flight finish before anything else runs
      await sleep(1000);
      const per = (ms) => (r.total && ms !== null ? ms / r.total : NaN);
      return {
        ...r,
        cpuMsPerReq: per(after.cpuMs - before.cpuMs),
        loopCpuMsPerReq: before.loopCpuMs === null ? NaN : per(after.loopCpuMs - before.loopCpuMs),
        dbCpuMsPerReq: dbBefore === null || dbAfter === null ? NaN : per(dbAfter - dbBefore),
        loadCpuMsPerReq: per((loadCpu.user + loadCpu.system) / 1000),
        lockWaitMsPerReq: per(lockAfter - lockBefore),
        elu:
          (after.elu.active - before.elu.active) /
          (after.elu.idle + after.elu.active - before.elu.idle - before.elu.active),
        rssMb: after.rssMb,
      };
    };

    if (warmup > 0) {
      for (const v of VARIANTS) {
        const r = await measure(v.key, warmup);
        log(`warm-up ${v.key}: ${r.reqPerSec.toFixed(1)} req/s, non2xx ${r.non2xx}`);
      }
    }

    const countsBefore = await tableCounts(conn, db.name);
    const usedBefore = next;
    const perVariant = Object.fromEntries(VARIANTS.map((v) => [v.key, []]));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const v of order) {
        const r = await measure(v.key, duration);
        perVariant[v.key].push(r);
        log(
          `round ${round + 1}/${rounds} ${v.key.padEnd(8)} ${r.reqPerSec.toFixed(1).padStart(7)} req/s` +
            `  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  row-lock wait ${r.lockWaitMsPerReq.toFixed(0)} ms/req` +
            `  non2xx ${r.non2xx}  errors ${r.errors}`,
        );
      }
    }

    // ---- after the runs: every 2xx wrote one person, verified, and two e-mails ----
    await sleep(2000);
    const countsAfter = await tableCounts(conn, db.name);
    const grown = (t) => countsAfter[t] - countsBefore[t];
    const written = grown('accounts');
    const counted = VARIANTS.reduce((n, v) => n + perVariant[v.key].reduce((m, r) => m + r.ok2xx, 0), 0);
    const slack = 2 * rounds * connections;
    checks.push({
      name: 'one account per counted 2xx',
      ok: written >= counted && written <= counted + slack,
      detail: `${written} accounts written, ${counted} 2xx counted (up to ${slack} more in flight)`,
    });
    const perPerson = { account_roles: 1, volunteers: 1, identity_claims: 1, refresh_tokens: 1, outbox: 2 };
    const off = Object.entries(perPerson).filter(([t, k]) => grown(t) !== k * written);
    const [[{ unverified }]] = await conn.query(
      "SELECT COUNT(*) AS unverified FROM volunteers WHERE verification_state <> 'verified'",
    );
    checks.push({
      name: 'per account: a role, a volunteer (verified), a claim, a refresh token, 2 outbox rows',
      ok: off.length === 0 && Number(unverified) === 0,
      detail:
        `${Object.keys(perPerson)
          .map((t) => `${t} +${grown(t)}`)
          .join(', ')}; unverified ${unverified}` + (off.length ? `; off: ${off.map(([t]) => t).join(', ')}` : ''),
    });
    checks.push({
      name: 'every request a new person',
      ok: next <= bodies.length,
      detail: `${next} of ${bodies.length} bodies used (${next - usedBefore} in the rounds)`,
    });

    const variants = VARIANTS.map((v) => {
      const rs = perVariant[v.key];
      return {
        key: v.key,
        role: v.role,
        label: v.label,
        summary: {
          ...summarizeRounds(rs, cores),
          lockWaitMsPerReq: median(rs.map((r) => r.lockWaitMsPerReq)),
          statementsPerRequest: sanity[v.key].statements?.length ?? null,
        },
        rounds: rs,
      };
    });
    const va = variants.find((v) => v.key === 'bff').summary;
    const vb = variants.find((v) => v.key === 'baseline').summary;
    log(
      `row-lock wait per registration (median of the rounds; Innodb_row_lock_time, server-wide): ` +
        `baseline ${vb.lockWaitMsPerReq.toFixed(1)} ms, bff ${va.lockWaitMsPerReq.toFixed(1)} ms`,
    );
    return {
      settings: { bodies: BODIES, poolSize: POOL_SIZE, region: REGION },
      sanity: {
        statements: { bff: sanity.bff.statements, baseline: sanity.baseline.statements },
        rowsAdded: { bff: sanity.bff.delta, baseline: sanity.baseline.delta },
      },
      variants,
      ratios: [
        {
          name: 'bff / baseline',
          value: va.reqPerSec / vb.reqPerSec,
          perRound: perVariant.bff.map((r, i) => r.reqPerSec / perVariant.baseline[i].reqPerSec),
          cpuPerReq: va.cpuMsPerReq / vb.cpuMsPerReq,
          loopCpuPerReq: va.loopCpuMsPerReq / vb.loopCpuMsPerReq,
          capacity: va.capacity / vb.capacity,
          meaning: `registrations through the bff against the same statements by hand (asked: ≥ 0.5); ${va.statementsPerRequest ?? '?'} vs ${vb.statementsPerRequest ?? '?'} statements`,
        },
      ],
      checks,
    };
  } finally {
    await conn.end().catch(() => {});
    await Promise.allSettled(Object.values(servers).map((s) => s.close()));
    await db.drop();
    log(`database ${db.name} dropped`);
  }
}

async function post(url, body) {
  const res = await fetch(`${url}/api/volunteers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** rows of every table of the database */
async function tableCounts(conn, dbName) {
  const [tables] = await conn.query(
    "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    [dbName],
  );
  const counts = {};
  for (const { t } of tables) {
    const [[{ n }]] = await conn.query(`SELECT COUNT(*) AS n FROM \`${t}\``);
    counts[t] = Number(n);
  }
  return counts;
}

/**
 * Runs `fn` with MariaDB's general log on (into the mysql.general_log table, for as short as
 * it takes), then returns the statements the connections to `dbName` ran meanwhile (Query and
 * Execute; not Prepare). The log settings are put back as they were. `statements` is null
 * when the log cannot be switched (no SUPER privilege).
 */
async function captureStatements(dbUrl, dbName, fn) {
  const admin = new URL(mysqlUrl(dbUrl));
  admin.pathname = '/';
  const conn = await createConnection(admin.toString());
  try {
    const [[prev]] = await conn.query('SELECT @@global.general_log AS gl, @@global.log_output AS lo');
    const outputs = String(prev.lo).split(',');
    const output = outputs.includes('TABLE') ? prev.lo : prev.lo === 'NONE' ? 'TABLE' : `${prev.lo},TABLE`;
    const [[{ since }]] = await conn.query('SELECT NOW(6) AS since');
    let switched = true;
    try {
      await conn.query(`SET GLOBAL log_output = '${output}'`);
      await conn.query('SET GLOBAL general_log = 1');
    } catch {
      switched = false;
    }
    let result;
    try {
      result = await fn();
    } finally {
      if (switched) {
        await conn.query(`SET GLOBAL general_log = ${Number(prev.gl) ? 1 : 0}`);
        await conn.query(`SET GLOBAL log_output = '${prev.lo}'`);
      }
    }
    if (!switched) return { result, statements: null };
    // the servers' pooled connections are the ones on this database (this one has none)
    const [threads] = await conn.query('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ?', [dbName]);
    if (!threads.length) return { result, statements: [] };
    const [rows] = await conn.query(
      "SELECT CONVERT(argument USING utf8mb4) AS statement FROM mysql.general_log WHERE event_time >= ? AND command_type IN ('Query', 'Execute') AND thread_id IN (?) ORDER BY event_time",
      [since, threads.map((t) => t.id)],
    );
    return { result, statements: rows.map((r) => r.statement) };
  } finally {
    await conn.end();
  }
}

/** `COUNT accounts by username`, `INSERT outbox`, `SELECT volunteers by id`, `START TRANSACTION` … */
function signature(statement) {
  const s = statement.replace(/`/g, '').replace(/\s+/g, ' ').trim();
  const head = s.toUpperCase();
  if (head.startsWith('START TRANSACTION') || head === 'BEGIN') return 'START TRANSACTION';
  if (head.startsWith('COMMIT')) return 'COMMIT';
  if (head.startsWith('ROLLBACK')) return 'ROLLBACK';
  const by = (rest) => {
    const w = /\bWHERE (.*?)(?: ORDER BY | LIMIT |$)/i.exec(rest);
    if (!w) return '';
    return ` by ${[...w[1].matchAll(/(?:\w+\.)?(\w+)\)* (?:=|IS NULL)/gi)].map((m) => m[1]).join(', ')}`;
  };
  let m = /^INSERT INTO (\w+)/i.exec(s);
  if (m) return `INSERT ${m[1]}`;
  m = /^UPDATE (\w+) SET (.*)$/i.exec(s);
  if (m) return `UPDATE ${m[1]}${by(m[2])}`;
  m = /^SELECT (.*?) FROM (\w+)(.*)$/i.exec(s);
  if (m) return `${/^COUNT\(/i.test(m[1]) ? 'COUNT' : 'SELECT'} ${m[2]}${by(m[3])}`;
  return s.slice(0, 60);
}

/** "8 SELECT, 5 COUNT, 7 INSERT, 3 UPDATE, 2 START TRANSACTION, 2 COMMIT" */
function summarize(signatures) {
  const n = new Map();
  for (const s of signatures) {
    const verb = s.startsWith('START') ? 'START TRANSACTION' : s.split(' ')[0];
    n.set(verb, (n.get(verb) ?? 0) + 1);
  }
  return [...n].map(([verb, k]) => `${k} ${verb}`).join(', ');
}

/** the columns whose values (not only NULL or not) must be equal between the two registrations */
const CONSTANT = new Set([
  'status',
  'role',
  'region_code',
  'wechat_openid',
  'document_type',
  'verification_state',
  'verification_reason',
  'source',
  'imported_minutes',
  'skills',
  'service_categories',
  'event',
  'channel',
  'subject',
  'payload',
  'attempts',
]);

/** The rows one registration wrote, each column reduced to NULL / set or, for CONSTANT ones, its value. */
async function rowShapes(conn, reply) {
  const accountId = reply.user.id;
  const volunteerId = reply.volunteer.id;
  const [[{ email }]] = await conn.query('SELECT email FROM accounts WHERE id = ?', [accountId]);
  const queries = {
    accounts: ['SELECT * FROM accounts WHERE id = ?', accountId],
    account_roles: ['SELECT * FROM account_roles WHERE account_id = ?', accountId],
    volunteers: ['SELECT * FROM volunteers WHERE id = ?', volunteerId],
    identity_claims: ['SELECT * FROM identity_claims WHERE volunteer_id = ?', volunteerId],
    outbox: ['SELECT * FROM outbox WHERE recipient = ? ORDER BY event', email],
    refresh_tokens: ['SELECT * FROM refresh_tokens WHERE account_id = ?', accountId],
  };
  const shapes = {};
  for (const t of WRITTEN) {
    const [rows] = await conn.query(queries[t][0], [queries[t][1]]);
    shapes[t] = rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, CONSTANT.has(k) ? v : v === null ? null : 'set'])),
    );
  }
  return shapes;
}

/** "user.id user.roles[].role …", sorted */
function keyPaths(value, prefix = '') {
  if (Array.isArray(value)) return value.length ? keyPaths(value[0], `${prefix}[]`) : [`${prefix}[]`];
  if (value && typeof value === 'object') {
    return Object.keys(value)
      .flatMap((k) => keyPaths(value[k], prefix ? `${prefix}.${k}` : k))
      .sort();
  }
  return [prefix];
}
