/**
 * Shared helpers of the benchmarks: a fresh MariaDB database per scenario, server processes
 * (one per variant, so each has its own event loop, heap and CPU account), load with
 * autocannon, and small statistics.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createConnection } from 'mysql2/promise';
import { procCpuMs } from './proc.mjs';

export const DEFAULT_DB_URL = 'mariadb://root@127.0.0.1:3306/mysql';

/** databases made and not dropped yet, for the runner to drop on Ctrl-C */
export const pendingDrops = new Set();
/** server processes running, for the runner to stop first on Ctrl-C */
export const runningServers = new Set();

/** mysql2 understands mysql:// only; the bff's config takes mariadb:// too. */
export const mysqlUrl = (url) => url.replace(/^mariadb:/, 'mysql:');

/** Creates `zy_bench_<random>` on the server of `dbUrl`; `drop()` removes it. */
export async function freshDatabase(dbUrl) {
  const base = new URL(mysqlUrl(dbUrl));
  const admin = new URL(base);
  admin.pathname = '/';
  const name = `zy_bench_${randomBytes(5).toString('hex')}`;
  const conn = await createConnection(admin.toString());
  try {
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  let dropped = false;
  const handle = {
    name,
    /** the same URL in the scheme it was given (mariadb:// or mysql://) */
    url: dbUrl.startsWith('mariadb:') ? url.toString().replace(/^mysql:/, 'mariadb:') : url.toString(),
    mysqlUrl: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      pendingDrops.delete(handle);
      const c = await createConnection(admin.toString());
      try {
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
  pendingDrops.add(handle);
  return handle;
}

/** Server version, to write next to the figures. */
export async function serverInfo(dbUrl) {
  const admin = new URL(mysqlUrl(dbUrl));
  admin.pathname = '/';
  const conn = await createConnection({ uri: admin.toString(), connectTimeout: 5000 });
  try {
    const [[row]] = await conn.query('SELECT VERSION() AS version');
    return { version: row.version };
  } finally {
    await conn.end();
  }
}

const SERVE = fileURLToPath(new URL('./serve.mjs', import.meta.url));

/**
 * Starts `module` (a file exporting `start(options) → { url, close() }`) in a child process
 * and resolves when it listens. `stats()` returns the child's CPU time and event-loop
 * utilisation so far; `close()` stops it.
 */
export function startServerProcess(module, options, { env = {}, execArgv = [] } = {}) {
  const child = fork(SERVE, [], {
    env: { ...process.env, ...env },
    execArgv: [...process.execArgv, ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let seq = 0;
  const waiting = new Map();
  let exited = false;
  const ready = new Promise((resolve, reject) => {
    child.on('message', (msg) => {
      if (msg.type === 'ready') resolve(msg.url);
      else if (msg.type === 'failed') reject(new Error(`${module}: ${msg.error}`));
      else if (waiting.has(msg.seq)) {
        waiting.get(msg.seq)(msg);
        waiting.delete(msg.seq);
      }
    });
    child.once('error', (err) => reject(new Error(`${module}: ${err.message}`)));
    child.once('exit', (code, signal) => {
      exited = true;
      reject(new Error(`${module} exited before it listened (${signal ?? code})`));
      for (const resolveWaiting of waiting.values()) resolveWaiting({ error: 'exited' });
      waiting.clear();
    });
  });
  const ask = (type) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error(`${module} is not running`));
      const id = ++seq;
      waiting.set(id, (msg) => (msg.error ? reject(new Error(msg.error)) : resolve(msg)));
      child.send({ type, seq: id });
    });
  runningServers.add(child);
  child.once('exit', () => runningServers.delete(child));
  child.send({ type: 'start', module, options });
  return ready.then((url) => ({
    url,
    pid: child.pid,
    stats: () => ask('stats'),
    async close() {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      await ask('close').catch(() => {});
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  }));
}

/**
 * One autocannon run. `requests` as autocannon takes them; the result keeps the figures
 * the tables show.
 */
export async function load({ url, connections, duration, requests, timeout = 30 }) {
  const r = await autocannon({ url, connections, duration, requests, timeout });
  return {
    reqPerSec: r.requests.average,
    total: r.requests.total,
    ok2xx: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    latency: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    duration: r.duration,
  };
}

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * CPU time of the database server process so far (ms), when it runs on this machine and
 * its /proc entry is readable; otherwise null. Returns a function to call around a run.
 */
export async function databaseCpuProbe(dbUrl) {
  try {
    const host = new URL(mysqlUrl(dbUrl)).hostname;
    if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) return () => null;
    const admin = new URL(mysqlUrl(dbUrl));
    admin.pathname = '/';
    const conn = await createConnection(admin.toString());
    let pidFile;
    try {
      [[{ pidFile }]] = await conn.query('SELECT @@pid_file AS pidFile');
    } finally {
      await conn.end();
    }
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    const read = () => procCpuMs(pid);
    return read() === null ? () => null : read;
  } catch {
    return () => null;
  }
}

/**
 * The summary of one variant's measured rounds: medians of throughput, latency and CPU per
 * request, totals of requests and failures, and the CPU-bound capacity (what the machine could
 * serve if every core did nothing else: cores × 1000 ms over the CPU one request costs in the
 * server, the database and the load generator).
 */
export function summarizeRounds(rs, cores) {
  return {
    reqPerSec: median(rs.map((r) => r.reqPerSec)),
    p50: median(rs.map((r) => r.latency.p50)),
    p99: median(rs.map((r) => r.latency.p99)),
    requests: rs.reduce((n, r) => n + r.total, 0),
    errors: rs.reduce((n, r) => n + r.errors, 0),
    timeouts: rs.reduce((n, r) => n + r.timeouts, 0),
    non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
    cpuMsPerReq: median(rs.map((r) => r.cpuMsPerReq)),
    loopCpuMsPerReq: median(rs.map((r) => r.loopCpuMsPerReq)),
    dbCpuMsPerReq: median(rs.map((r) => r.dbCpuMsPerReq)),
    capacity: median(
      rs.map(
        (r) =>
          (cores * 1000) /
          (r.cpuMsPerReq + (Number.isFinite(r.dbCpuMsPerReq) ? r.dbCpuMsPerReq : 0) + r.loadCpuMsPerReq),
      ),
    ),
    elu: median(rs.map((r) => r.elu)),
  };
}
