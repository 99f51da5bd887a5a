/**
 * Scenario `login`: password logins per second through the real bff (POST /api/auth/login)
 * against two bare Koa + mysql2 baselines doing the same work by hand, on one fresh MariaDB
 * database and the same account rows. Each server runs in its own child process; the load
 * (autocannon) comes from this process and rotates over the seeded accounts. Variants are
 * alternated round by round, so noise on this shared machine hits all of them alike.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';
import { databaseCpuProbe, freshDatabase, load, sleep, startServerProcess, summarizeRounds } from './lib/common.mjs';

export const name = 'login';
export const description =
  'POST /api/auth/login through the bff vs bare Koa + mysql2 (+ argon2) baselines, same DB and accounts';

const BFF = fileURLToPath(new URL('./servers/bff.mjs', import.meta.url));
const BASELINE = fileURLToPath(new URL('./servers/login-baseline.mjs', import.meta.url));

const ACCOUNTS = 1000;
/** accounts registered through POST /api/accounts; the rest are cloned rows with the same argon2 hash */
const REGISTERED = 8;
const PASSWORD = 'Bench12345';
const POOL_SIZE = 10;

const VARIANTS = [
  {
    key: 'baseline',
    role: 'baseline',
    label: 'baseline: bare Koa + @koa/bodyparser + mysql2; 1 prepared SELECT + argon2 verify',
  },
  {
    key: 'baseline+session',
    role: 'baseline',
    label: 'baseline+session: baseline + roles SELECT + refresh-token INSERT + HS256 JWT (jsonwebtoken)',
  },
  {
    key: 'bff',
    role: 'candidate',
    label: 'bff: the real app, POST /api/auth/login (router, zod, limiter, TypeORM, transaction, pino silent)',
  },
];

export async function run({ dbUrl, duration, connections, rounds, warmup, log }) {
  const cores = availableParallelism();
  const db = await freshDatabase(dbUrl);
  log(`database ${db.name}`);
  const secrets = {
    JWT_SECRET: randomBytes(24).toString('base64url'),
    INTERNAL_SECRET: randomBytes(24).toString('base64url'),
    DATA_KEY: randomBytes(32).toString('hex'),
  };
  const servers = {};
  try {
    const t0 = Date.now();
    servers.bff = await startServerProcess(BFF, {
      env: {
        DB_URL: db.url,
        DB_POOL_SIZE: String(POOL_SIZE),
        // the limiter must never block: every login of the run is a success anyway
        LOGIN_MAX_FAILURES: '1000000',
        ...secrets,
      },
    });
    log(`bff up (migrations, regions) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const t1 = Date.now();
    const usernames = await seedAccounts(servers.bff.url, db.mysqlUrl);
    log(
      `${usernames.length} accounts (${REGISTERED} via POST /api/accounts) in ${((Date.now() - t1) / 1000).toFixed(1)} s`,
    );

    const baselineOptions = { dbUrl: db.mysqlUrl, poolSize: POOL_SIZE, jwtSecret: secrets.JWT_SECRET };
    servers.baseline = await startServerProcess(BASELINE, { ...baselineOptions, variant: 'baseline' });
    servers['baseline+session'] = await startServerProcess(BASELINE, { ...baselineOptions, variant: 'session' });

    const checks = [];
    for (const v of VARIANTS) checks.push(...(await sanityCheck(v.key, servers[v.key].url, usernames)));
    for (const c of checks) if (!c.ok) throw new Error(`sanity check failed: ${c.name}: ${c.detail}`);

    // start each run somewhere else in the list, and go round it request by request
    let next = Math.floor(Math.random() * usernames.length);
    const bodies = usernames.map((username) => JSON.stringify({ username, password: PASSWORD }));
    const requests = [
      {
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        setupRequest(req) {
          req.body = bodies[next++ % bodies.length];
          return req;
        },
      },
    ];

    const dbCpu = await databaseCpuProbe(dbUrl);
    const measure = async (key, seconds) => {
      const server = servers[key];
      const before = await server.stats();
      const dbBefore = dbCpu();
      const loadBefore = process.cpuUsage();
      const r = await load({ url: server.url, connections, duration: seconds, requests });
      const loadCpu = process.cpuUsage(loadBefore);
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
        // share of wall time the server's main thread was busy (inflated when the cores are oversubscribed)
        elu:
          (after.elu.active - before.elu.active) /
          (after.elu.idle + after.elu.active - before.elu.idle - before.elu.active),
        rssMb: after.rssMb,
      };
    };

    if (warmup > 0) {
      for (const v of VARIANTS) {
        const r = await measure(v.key, warmup);
        log(`warm-up ${v.key}: ${r.reqPerSec.toFixed(1)} req/s`);
      }
    }

    const countTokens = async () => {
      const conn = await createConnection(db.mysqlUrl);
      try {
        const [[{ n }]] = await conn.query('SELECT COUNT(*) AS n FROM refresh_tokens');
        return Number(n);
      } finally {
        await conn.end();
      }
    };
    const tokensBefore = await countTokens();
    const perVariant = Object.fromEntries(VARIANTS.map((v) => [v.key, []]));
    for (let round = 0; round < rounds; round++) {
      // A B C, C B A, A B C …: no variant always runs first or last
      const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const v of order) {
        const r = await measure(v.key, duration);
        perVariant[v.key].push(r);
        log(
          `round ${round + 1}/${rounds} ${v.key.padEnd(16)} ${r.reqPerSec.toFixed(1).padStart(7)} req/s` +
            `  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  non2xx ${r.non2xx}  errors ${r.errors}`,
        );
      }
    }

    // every 2xx of the bff and of baseline+session wrote one refresh-token row; requests still
    // in flight when a run ends are not counted by autocannon but may still write theirs
    const written = (await countTokens()) - tokensBefore;
    const counted = ['bff', 'baseline+session'].reduce(
      (n, key) => n + perVariant[key].reduce((m, r) => m + r.ok2xx, 0),
      0,
    );
    const slack = 2 * rounds * connections;
    checks.push({
      name: 'one refresh-token row per session login',
      ok: written >= counted && written <= counted + slack,
      detail: `${written} rows written, ${counted} 2xx counted (bff + baseline+session; up to ${slack} more in flight)`,
    });

    const variants = VARIANTS.map((v) => {
      const rs = perVariant[v.key];
      return {
        key: v.key,
        role: v.role,
        label: v.label,
        summary: summarizeRounds(rs, cores),
        rounds: rs,
      };
    });
    const ratio = (a, b, meaning) => {
      const per = perVariant[a].map((r, i) => r.reqPerSec / perVariant[b][i].reqPerSec);
      const va = variants.find((v) => v.key === a).summary;
      const vb = variants.find((v) => v.key === b).summary;
      return {
        name: `${a} / ${b}`,
        value: va.reqPerSec / vb.reqPerSec,
        perRound: per,
        cpuPerReq: va.cpuMsPerReq / vb.cpuMsPerReq,
        loopCpuPerReq: va.loopCpuMsPerReq / vb.loopCpuMsPerReq,
        capacity: va.capacity / vb.capacity,
        meaning,
      };
    };
    return {
      settings: { accounts: usernames.length, registeredViaApi: REGISTERED, poolSize: POOL_SIZE },
      variants,
      ratios: [
        ratio('bff', 'baseline+session', 'cost of the framework alone (same DB work, same tokens)'),
        ratio('bff', 'baseline', 'bff login against the bare minimum (no session)'),
        ratio('baseline+session', 'baseline', 'cost of opening a session (roles, refresh-token INSERT, JWT)'),
      ],
      checks,
    };
  } finally {
    await Promise.allSettled(Object.values(servers).map((s) => s.close()));
    await db.drop();
    log(`database ${db.name} dropped`);
  }
}

/** A few accounts through the bff's sign-up, then clones of the first one's row (same argon2 hash). */
export async function seedAccounts(bffUrl, mysqlUrl) {
  const tag = randomBytes(3).toString('hex');
  const usernames = Array.from({ length: ACCOUNTS }, (_, i) => `bench_${tag}_${String(i).padStart(4, '0')}`);
  for (let i = 0; i < REGISTERED; i += 4) {
    await Promise.all(
      usernames.slice(i, Math.min(i + 4, REGISTERED)).map(async (username) => {
        const res = await fetch(`${bffUrl}/api/accounts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: PASSWORD, email: `${username}@bench.example` }),
        });
        if (res.status !== 201) throw new Error(`sign-up of ${username}: ${res.status} ${await res.text()}`);
      }),
    );
  }
  const conn = await createConnection({ uri: mysqlUrl, timezone: 'Z' });
  try {
    const [[first]] = await conn.execute('SELECT password_hash FROM accounts WHERE username = ?', [usernames[0]]);
    const now = new Date();
    const rest = usernames.slice(REGISTERED);
    for (let i = 0; i < rest.length; i += 250) {
      const chunk = rest.slice(i, i + 250).map((username) => ({ id: randomUUID(), username }));
      await conn.query(
        'INSERT INTO accounts (id, username, password_hash, email, mobile, region_code, wechat_openid, status, created_at, updated_at) VALUES ?',
        [
          chunk.map((a) => [
            a.id,
            a.username,
            first.password_hash,
            `${a.username}@bench.example`,
            null,
            null,
            null,
            'active',
            now,
            now,
          ]),
        ],
      );
      await conn.query('INSERT INTO account_roles (id, account_id, role, region_code, created_at) VALUES ?', [
        chunk.map((a) => [randomUUID(), a.id, 'volunteer', null, now]),
      ]);
    }
  } finally {
    await conn.end();
  }
  return usernames;
}

/** A right password answers 200 with the variant's body; a wrong one 401 (so argon2 really runs). */
async function sanityCheck(key, url, usernames) {
  const post = (username, password) =>
    fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    }).then(async (res) => ({ status: res.status, body: await res.json().catch(() => null) }));
  const good = await post(usernames[usernames.length - 1], PASSWORD);
  const bad = await post(usernames[0], `${PASSWORD}x`);
  const wantsTokens = key !== 'baseline';
  const hasTokens =
    typeof good.body?.tokens?.accessToken === 'string' && typeof good.body?.tokens?.refreshToken === 'string';
  return [
    {
      name: `${key}: right password → 200${wantsTokens ? ' with tokens' : ''}`,
      ok: good.status === 200 && (!wantsTokens || hasTokens),
      detail: `${good.status}`,
    },
    { name: `${key}: wrong password → 401`, ok: bad.status === 401, detail: `${bad.status}` },
  ];
}
