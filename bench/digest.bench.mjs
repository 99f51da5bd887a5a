/**
 * Scenario `digest`: the daily review digest (T-5, job `teams.review-digest`) over 100,000
 * pending teams waiting on 10,000 reviewers — 8,000 liaison teams (1–2 admins each, most with
 * a WeCom robot) and 2,000 registration authorities (real county codes of GB/T 2260, one or
 * two regional admins each, half with a DingTalk robot) — on a fresh MariaDB database, with
 * approved and rejected teams, ordinary members and every account's volunteer role around
 * them so that the indices have something to skip.
 *
 * - ★ job: the real bff in its own child process (lib/serve.mjs, clock fixed at a working-day
 *   09:00), the job run through `POST /internal/jobs/teams.review-digest/run` as the bot runs
 *   it: wall time, CPU of the bff and of mariadbd, peak RSS (sampled, and the kernel's VmHWM
 *   reset just before the run), outbox rows written; then run again: it must write nothing.
 * - baseline: the same statements (imported from bff/dist, REVIEW_DIGEST_SQL) run by raw
 *   mysql2 on one connection, without writing: every reviewer page, the already-sent check,
 *   the e-mail and robot batches, and each reviewer's 20 oldest. The difference is the cost of
 *   the writes (one transaction per reviewer: its digest_sends row and its outbox rows) and
 *   of TypeORM.
 * - EXPLAIN of each of those statements, to show the index each uses (`key`), run as MariaDB's
 *   ANALYZE so the rows really read (`r_rows`) stand beside the estimate.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';
import { databaseCpuProbe, freshDatabase, sleep, startServerProcess } from './lib/common.mjs';
import repoModule from '../bff/dist/modules/teams/review-digest.repository.js';

const { REVIEW_DIGEST_SQL: SQL, sqlInstant } = repoModule;

export const name = 'digest';
export const description =
  'daily review digest (T-5) over 100,000 pending teams and 10,000 reviewers: the job through the bff vs its reads by raw mysql2; EXPLAIN';

const SERVER = fileURLToPath(new URL('./servers/digest-bff.mjs', import.meta.url));
const REGIONS_FILE = fileURLToPath(new URL('../bff/data/regions/gb2260.json', import.meta.url));

const NOW = '2026-11-24T01:00:00.000Z'; // Tuesday 09:00 in Shanghai, a working day
const DATE = '2026-11-24';
const DAY = 86_400_000;
const LIAISONS = 8_000;
const AUTHORITIES = 2_000;
const PENDING = 100_000;
const PENDING_UNDER_LIAISONS = 80_000;
const OTHER_TEAMS = 25_000; // approved and rejected, under the liaison teams
const MEMBERS_PER_LIAISON = 3;
const BATCH = 1_000;
const PAGE = 500;
const LISTED = 20;

/** A small deterministic generator, so two runs build the same world. */
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function insertRows(conn, table, columns, rows) {
  for (let i = 0; i < rows.length; i += BATCH) {
    await conn.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ?`, [rows.slice(i, i + BATCH)]);
  }
}

const TEAM_COLUMNS = [
  'id',
  'name',
  'region_code',
  'registration_status',
  'liaison_team_id',
  'reviewer_kind',
  'reviewer_region_code',
  'status',
  'submitted_at',
  'service_categories',
  'join_mode',
  'accepts_sub_teams',
  'robot_url',
  'robot_kind',
  'applicant_account_id',
  'member_count',
  'created_at',
  'updated_at',
];

/**
 * Writes the world with batched INSERTs and returns what the job should send: the number of
 * reviewers and of messages (one per admin e-mail, one per robot).
 */
async function seed(conn, log) {
  const rand = prng(20261124);
  const now = new Date(NOW);
  const regions = JSON.parse(readFileSync(REGIONS_FILE, 'utf8'));
  const counties = regions.filter((r) => r.level === 'county').map((r) => r.code);
  const cities = regions.filter((r) => r.level === 'city').map((r) => r.code);
  const t0 = performance.now();

  const accounts = [];
  const roles = [];
  const account = (email) => {
    const id = randomUUID();
    accounts.push([id, `b_${id.replace(/-/g, '').slice(0, 24)}`, null, email, null, null, null, 'active', now, now]);
    roles.push([randomUUID(), id, 'volunteer', null, now]);
    return id;
  };

  // liaison teams, their admins (with e-mail) and ordinary members
  const liaisons = [];
  const teams = [];
  const members = [];
  for (let j = 0; j < LIAISONS; j++) {
    const id = randomUUID();
    const region = counties[j % counties.length];
    const robot = j % 4 !== 0 ? `http://127.0.0.1:9/cgi-bin/webhook/send?key=L${j}` : null;
    const admins = 1 + (j % 2);
    liaisons.push({ id, region, messages: admins + (robot ? 1 : 0), pending: 0 });
    const firstAdmin = account(`liaison${j}.admin0@bench.example`);
    teams.push([
      id,
      `基准联络${j}志愿服务队`,
      region,
      'registered_org',
      null,
      'authority',
      region,
      'approved',
      new Date(now - 400 * DAY),
      '[]',
      'review',
      1,
      robot,
      'wecom',
      firstAdmin,
      admins + MEMBERS_PER_LIAISON,
      now,
      now,
    ]);
    members.push([randomUUID(), id, firstAdmin, null, 'admin', now]);
    for (let k = 1; k < admins; k++)
      members.push([randomUUID(), id, account(`liaison${j}.admin${k}@bench.example`), null, 'admin', now]);
    for (let k = 0; k < MEMBERS_PER_LIAISON; k++)
      members.push([randomUUID(), id, account(`liaison${j}.member${k}@bench.example`), null, 'member', now]);
  }

  // registration authorities: 2,000 distinct real county codes; regional admins of exactly that code,
  // and some of the city above (they are not its reviewer)
  const shuffled = counties.slice();
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const authorityCodes = shuffled.slice(0, AUTHORITIES);
  const authorities = [];
  const authorityRows = [];
  for (let k = 0; k < authorityCodes.length; k++) {
    const code = authorityCodes[k];
    const robot = k % 2 === 0 ? `http://127.0.0.1:9/robot/send?access_token=A${code}` : null;
    const admins = 1 + (k % 3 === 0 ? 1 : 0);
    authorities.push({ code, messages: admins + (robot ? 1 : 0), pending: 0 });
    authorityRows.push([code, `${code}民政局`, robot, 'dingtalk', now]);
    for (let a = 0; a < admins; a++)
      roles.push([randomUUID(), account(`authority${code}.admin${a}@bench.example`), 'regional_admin', code, now]);
  }
  for (let c = 0; c < 500; c++)
    roles.push([
      randomUUID(),
      account(`city${c}.admin@bench.example`),
      'regional_admin',
      cities[c % cities.length],
      now,
    ]);

  // 100,000 pending teams: 80,000 under liaison teams, 20,000 under authorities, skewed so that
  // some reviewers have hundreds and some none; submitted over the last 30 days
  let serial = 0;
  for (let i = 0; i < PENDING; i++) {
    const submitted = new Date(now - Math.floor(rand() * 30 * DAY));
    if (i < PENDING_UNDER_LIAISONS) {
      const l = liaisons[Math.floor(LIAISONS * rand() ** 2)];
      l.pending += 1;
      teams.push([
        randomUUID(),
        `基准${serial++}志愿服务队`,
        l.region,
        'unregistered',
        l.id,
        'liaison_team',
        null,
        'pending',
        submitted,
        '[]',
        'closed',
        0,
        null,
        'wecom',
        randomUUID(),
        0,
        now,
        now,
      ]);
    } else {
      const a = authorities[Math.floor(AUTHORITIES * rand() ** 1.5)];
      a.pending += 1;
      teams.push([
        randomUUID(),
        `基准${serial++}志愿服务队`,
        a.code,
        'registered_org',
        null,
        'authority',
        a.code,
        'pending',
        submitted,
        '[]',
        'closed',
        0,
        null,
        'wecom',
        randomUUID(),
        0,
        now,
        now,
      ]);
    }
  }
  // decided teams around them: the status column of the index has to skip these
  for (let i = 0; i < OTHER_TEAMS; i++) {
    const l = liaisons[Math.floor(LIAISONS * rand())];
    const status = i % 5 === 0 ? 'rejected' : 'approved';
    teams.push([
      randomUUID(),
      `基准${serial++}志愿服务队`,
      l.region,
      'unregistered',
      l.id,
      'liaison_team',
      null,
      status,
      new Date(now - 200 * DAY),
      '[]',
      'closed',
      0,
      null,
      'wecom',
      randomUUID(),
      0,
      now,
      now,
    ]);
  }

  await insertRows(
    conn,
    'accounts',
    [
      'id',
      'username',
      'password_hash',
      'email',
      'mobile',
      'region_code',
      'wechat_openid',
      'status',
      'created_at',
      'updated_at',
    ],
    accounts,
  );
  await insertRows(conn, 'account_roles', ['id', 'account_id', 'role', 'region_code', 'created_at'], roles);
  await insertRows(conn, 'teams', TEAM_COLUMNS, teams);
  await insertRows(conn, 'team_members', ['id', 'team_id', 'account_id', 'volunteer_id', 'role', 'joined_at'], members);
  await insertRows(
    conn,
    'region_authorities',
    ['region_code', 'authority_name', 'robot_url', 'robot_kind', 'updated_at'],
    authorityRows,
  );
  await conn.query('ANALYZE TABLE teams, team_members, accounts, account_roles, region_authorities, regions');

  const waiting = [...liaisons, ...authorities].filter((r) => r.pending > 0);
  const expected = {
    reviewers: waiting.length,
    liaisonReviewers: liaisons.filter((r) => r.pending > 0).length,
    authorityReviewers: authorities.filter((r) => r.pending > 0).length,
    messages: waiting.reduce((n, r) => n + r.messages, 0),
    maxPending: Math.max(...waiting.map((r) => r.pending)),
    busiestLiaison: liaisons.reduce((a, b) => (b.pending > a.pending ? b : a)).id,
    busiestAuthority: authorities.reduce((a, b) => (b.pending > a.pending ? b : a)).code,
    rows: { teams: teams.length, accounts: accounts.length, account_roles: roles.length, team_members: members.length },
  };
  log(
    `seeded ${teams.length} teams (${PENDING} pending), ${accounts.length} accounts, ${roles.length} roles, ` +
      `${members.length} members, ${authorityRows.length} authorities in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
      `${expected.reviewers} reviewers with teams waiting (${expected.liaisonReviewers} liaison teams, ${expected.authorityReviewers} authorities, ` +
      `up to ${expected.maxPending} teams each), ${expected.messages} messages expected`,
  );
  return expected;
}

/** What the job reads, by hand: the same statements in the same order, on one connection, no writes. */
async function baselineReads(conn) {
  const cutoff = sqlInstant(new Date(new Date(NOW).getTime() - 4 * DAY));
  const counts = { reviewers: 0, queries: 0, teamsListed: 0, emails: 0 };
  const t0 = performance.now();
  for (const [kind, prefix] of [
    ['liaison_team', 'team'],
    ['authority', 'region'],
  ]) {
    let after = '';
    for (;;) {
      const [page] = await conn.query(SQL.reviewerPage(kind), [cutoff, after, PAGE]);
      counts.queries += 1;
      if (!page.length) break;
      after = page[page.length - 1].id;
      const ids = page.map((r) => r.id);
      await conn.query(SQL.alreadySent(ids.length), [DATE, ...ids.map((id) => `${prefix}:${id}`)]);
      const emailSql =
        kind === 'liaison_team' ? SQL.liaisonAdminEmails(ids.length) : SQL.authorityAdminEmails(ids.length);
      const robotSql = kind === 'liaison_team' ? SQL.liaisonRobots(ids.length) : SQL.authorityRobots(ids.length);
      const [emails] = await conn.query(emailSql, ids);
      await conn.query(robotSql, ids);
      counts.queries += 3;
      counts.emails += emails.length;
      for (const id of ids) {
        const [teams] = await conn.query(SQL.oldestPending(kind), [id, LISTED]);
        counts.queries += 1;
        counts.teamsListed += teams.length;
      }
      counts.reviewers += page.length;
      if (page.length < PAGE) break;
    }
  }
  return { wallMs: performance.now() - t0, ...counts };
}

/** EXPLAIN of each statement of the job, with representative parameters. */
async function explainAll(conn, expected, schema) {
  const cutoff = sqlInstant(new Date(new Date(NOW).getTime() - 4 * DAY));
  const [liaisonPage] = await conn.query(SQL.reviewerPage('liaison_team'), [cutoff, '', PAGE]);
  const [authorityPage] = await conn.query(SQL.reviewerPage('authority'), [cutoff, '', PAGE]);
  const lIds = liaisonPage.map((r) => r.id);
  const aIds = authorityPage.map((r) => r.id);
  const statements = [
    ['reviewer page, liaison teams', SQL.reviewerPage('liaison_team'), [cutoff, lIds[PAGE / 2 - 1] ?? '', PAGE]],
    ['reviewer page, authorities', SQL.reviewerPage('authority'), [cutoff, aIds[PAGE / 2 - 1] ?? '', PAGE]],
    ['20 oldest, liaison team', SQL.oldestPending('liaison_team'), [expected.busiestLiaison, LISTED]],
    ['20 oldest, authority', SQL.oldestPending('authority'), [expected.busiestAuthority, LISTED]],
    ['already sent (500 keys)', SQL.alreadySent(lIds.length), [DATE, ...lIds.map((id) => `team:${id}`)]],
    ['admin e-mails, liaison (500)', SQL.liaisonAdminEmails(lIds.length), lIds],
    ['admin e-mails, authority (500)', SQL.authorityAdminEmails(aIds.length), aIds],
    ['robots, liaison (500)', SQL.liaisonRobots(lIds.length), lIds],
    ['robots, authority (500)', SQL.authorityRobots(aIds.length), aIds],
  ];
  const out = [];
  for (const [label, sql, params] of statements) {
    // MariaDB's ANALYZE runs the statement and adds what really happened (r_rows) to EXPLAIN's columns
    const [rows] = await conn.query(`ANALYZE ${sql}`, params);
    for (const r of rows) {
      out.push({
        statement: label,
        table: r.table,
        type: r.type,
        key: r.key ?? 'NULL',
        key_len: r.key_len ?? '',
        ref: (r.ref ?? '').replaceAll(`${schema}.`, ''), // the scratch database's name says nothing
        rows: String(r.rows ?? ''),
        r_rows: r.r_rows === null || r.r_rows === undefined ? '' : String(Math.round(Number(r.r_rows))),
        extra: r.Extra ?? '',
      });
    }
  }
  const shown = out;
  const cols = ['statement', 'table', 'type', 'key', 'key_len', 'ref', 'rows', 'r_rows', 'extra'];
  const widths = cols.map((c) => Math.max(c.length, ...shown.map((r) => String(r[c]).length)));
  const line = (r) => `| ${cols.map((c, i) => String(r[c]).padEnd(widths[i])).join(' | ')} |`;
  const text = [
    line(Object.fromEntries(cols.map((c) => [c, c]))),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...shown.map(line),
  ].join('\n');
  return { rows: out, text };
}

function vmHwmMb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Resets the kernel's peak-RSS mark of a process (Linux: write 5 to clear_refs); false if not allowed. */
async function resetHwm(pid) {
  try {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Runs the job through the internal endpoint, sampling the server's RSS every 50 ms. */
async function runJob(server, secret, dbCpu) {
  const before = await server.stats();
  const hwmReset = await resetHwm(server.pid);
  let peak = before.rssMb;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const s = await server.stats().catch(() => null);
      if (s) peak = Math.max(peak, s.rssMb);
      await sleep(50);
    }
  })();
  const db0 = dbCpu();
  const t0 = performance.now();
  const res = await fetch(`${server.url}/internal/jobs/teams.review-digest/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-internal-secret': secret },
    body: JSON.stringify({ owner: 'bench' }),
  });
  const body = await res.json();
  const wallMs = performance.now() - t0;
  const db1 = dbCpu();
  sampling = false;
  await sampler;
  const after = await server.stats();
  return {
    status: res.status,
    body,
    wallMs,
    cpuMs: after.cpuMs - before.cpuMs,
    dbCpuMs: db0 === null || db1 === null ? NaN : db1 - db0,
    idleRssMb: before.rssMb,
    peakRssMb: peak,
    vmHwmMb: hwmReset ? vmHwmMb(server.pid) : NaN,
  };
}

export async function run({ dbUrl, log }) {
  const db = await freshDatabase(dbUrl);
  log(`database ${db.name}`);
  const secrets = {
    JWT_SECRET: randomBytes(24).toString('base64url'),
    INTERNAL_SECRET: randomBytes(24).toString('base64url'),
    DATA_KEY: randomBytes(32).toString('hex'),
  };
  let server;
  const conn = await createConnection({ uri: db.mysqlUrl, timezone: 'Z', charset: 'utf8mb4_unicode_ci' });
  try {
    const t0 = performance.now();
    server = await startServerProcess(SERVER, { env: { DB_URL: db.url, DB_POOL_SIZE: '10', ...secrets }, clock: NOW });
    log(`bff up (migrations, regions) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const expected = await seed(conn, log);
    const dbCpu = await databaseCpuProbe(dbUrl);

    const base1 = await baselineReads(conn);
    log(
      `baseline reads: ${(base1.wallMs / 1000).toFixed(2)} s, ${base1.queries} queries, ${base1.reviewers} reviewers, ${base1.teamsListed} teams listed`,
    );

    const job = await runJob(server, secrets.INTERNAL_SECRET, dbCpu);
    log(`job: HTTP ${job.status} ${JSON.stringify(job.body)} in ${(job.wallMs / 1000).toFixed(2)} s`);
    const [[{ outbox }]] = await conn.query(
      "SELECT COUNT(*) AS outbox FROM outbox WHERE event = 'teams.review-digest'",
    );
    const [[{ sends }]] = await conn.query('SELECT COUNT(*) AS sends FROM digest_sends');
    const [[{ emails }]] = await conn.query(
      "SELECT COUNT(*) AS emails FROM outbox WHERE event = 'teams.review-digest' AND channel = 'email'",
    );

    const again = await runJob(server, secrets.INTERNAL_SECRET, dbCpu);
    log(`job again, same day: ${JSON.stringify(again.body)} in ${(again.wallMs / 1000).toFixed(2)} s`);
    const [[{ outbox: outboxAfter }]] = await conn.query(
      "SELECT COUNT(*) AS outbox FROM outbox WHERE event = 'teams.review-digest'",
    );

    const base2 = await baselineReads(conn);
    log(`baseline reads again: ${(base2.wallMs / 1000).toFixed(2)} s`);
    const explain = await explainAll(conn, expected, db.name);

    const r = job.body.result ?? {};
    const checks = [
      { name: 'the job ran', ok: job.status === 200 && job.body.ran === true, detail: `HTTP ${job.status}` },
      {
        name: 'one digest per reviewer with teams waiting',
        ok: r.reviewers === expected.reviewers && Number(sends) === expected.reviewers,
        detail: `${r.reviewers} reported, ${sends} digest_sends rows, ${expected.reviewers} expected`,
      },
      {
        name: 'one message per admin e-mail and robot',
        ok: r.messages === expected.messages && Number(outbox) === expected.messages,
        detail: `${r.messages} reported, ${outbox} outbox rows, ${expected.messages} expected`,
      },
      {
        name: 'the baseline read the same reviewers',
        ok: base1.reviewers === expected.reviewers,
        detail: `${base1.reviewers}`,
      },
      {
        name: 'run again the same day: nothing written',
        ok:
          again.body.ran === true &&
          again.body.result?.messages === 0 &&
          again.body.result?.skippedAlreadySent === expected.reviewers &&
          Number(outboxAfter) === Number(outbox),
        detail: JSON.stringify(again.body.result),
      },
      {
        // `regions` is the GB/T 2260 reference table (3,218 rows): for 500 codes the optimizer reads it whole
        name: 'every statement on teams, members, roles, accounts and digest_sends uses an index',
        ok: explain.rows.every((x) => x.key !== 'NULL' || x.table === 'r'),
        detail: [...new Set(explain.rows.map((x) => `${x.table}:${x.key}`))].join(', '),
      },
    ];

    const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
    const mb = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} MB` : '–');
    const report = [
      '',
      `  world: ${expected.rows.teams} teams (${PENDING} pending), ${expected.reviewers} reviewers with teams waiting, ${expected.rows.accounts} accounts, ${expected.rows.account_roles} roles, ${expected.rows.team_members} members`,
      '',
      '  variant                         wall      bff CPU   DB CPU    peak RSS (sampled / VmHWM)   idle RSS   written',
      `  ★ job, first run of the day     ${fmtS(job.wallMs).padEnd(9)} ${fmtS(job.cpuMs).padEnd(9)} ${fmtS(job.dbCpuMs).padEnd(9)} ${`${mb(job.peakRssMb)} / ${mb(job.vmHwmMb)}`.padEnd(28)} ${mb(job.idleRssMb).padEnd(10)} ${outbox} outbox rows (${emails} e-mail), ${sends} digest_sends`,
      `  ★ job, again the same day       ${fmtS(again.wallMs).padEnd(9)} ${fmtS(again.cpuMs).padEnd(9)} ${fmtS(again.dbCpuMs).padEnd(9)} ${`${mb(again.peakRssMb)} / ${mb(again.vmHwmMb)}`.padEnd(28)} ${mb(again.idleRssMb).padEnd(10)} ${Number(outboxAfter) - Number(outbox)} rows`,
      `    baseline: reads only, mysql2  ${fmtS(base1.wallMs).padEnd(9)} (again after the job: ${fmtS(base2.wallMs)}; ${base1.queries} queries on one connection)`,
      '',
      `  job / baseline reads: ${(job.wallMs / base1.wallMs).toFixed(2)}× — the rest is ${expected.reviewers} transactions (a digest_sends row + ${(expected.messages / expected.reviewers).toFixed(1)} outbox rows each, the idempotency look-up before each) and TypeORM`,
      `  per reviewer: job ${(job.wallMs / expected.reviewers).toFixed(2)} ms, reads alone ${(base1.wallMs / expected.reviewers).toFixed(2)} ms`,
      '',
      "  EXPLAIN of the job's statements (MariaDB ANALYZE: EXPLAIN's columns, and r_rows, the rows really read):",
      ...explain.text.split('\n').map((l) => `  ${l}`),
      '',
      ...checks.map((c) => `  ${c.ok ? '✓' : '✗'} ${c.name} (${c.detail})`),
    ].join('\n');

    return {
      settings: { liaisons: LIAISONS, authorities: AUTHORITIES, pending: PENDING, page: PAGE },
      expected,
      job: { ...job, body: job.body },
      again,
      baseline: [base1, base2],
      explain: explain.rows,
      variants: [],
      ratios: [],
      checks,
      report,
    };
  } finally {
    await conn.end().catch(() => {});
    await server?.close();
    await db.drop();
  }
}
