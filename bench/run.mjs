#!/usr/bin/env node
/**
 * Benchmark runner: `npm run bench [-- <scenario…>] [--duration s] [--connections n]`.
 *
 * Scenarios are the `bench/*.bench.mjs` files (each exports name, description, run()). Each
 * compares a candidate with a baseline measured in the same run, on a fresh MariaDB
 * database it creates and drops. The runner prints the figures and the ratios and writes
 * them as JSON into bench/results/. It asserts nothing about speed; it fails only when
 * a scenario's correctness checks fail or requests errored / answered non-2xx.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_DB_URL, pendingDrops, runningServers, serverInfo } from './lib/common.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));

const USAGE = `usage: npm run bench -- [scenario…] [options]

  scenario            name of a bench/<name>.bench.mjs (default: all)
  --duration <s>      seconds of each measured run (default 4)
  --connections <n>   concurrent connections of the load generator (default 10)
  --rounds <n>        measured runs per variant, alternated (default 7)
  --warmup <s>        seconds of warm-up per variant (default 3; 0 for none)
  --db-url <url>      server to create the scratch databases on
                      (default $DB_URL or ${DEFAULT_DB_URL})
  --list              list the scenarios
  -h, --help          this text`;

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: 'string', default: '4' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '3' },
    'db-url': { type: 'string' },
    list: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}

const positive = (name, min = 1) => {
  const n = Number(opts[name]);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be an integer ≥ ${min}\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
};
const settings = {
  duration: positive('duration'),
  connections: positive('connections'),
  rounds: positive('rounds'),
  warmup: positive('warmup', 0),
  dbUrl: opts['db-url'] || process.env.DB_URL || DEFAULT_DB_URL,
};

/** the URL without its password */
function redact(url) {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:…@');
}

const available = [];
for (const file of readdirSync(BENCH)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort()) {
  const mod = await import(pathToFileURL(join(BENCH, file)).href);
  available.push({ file, ...mod, run: mod.run });
}

if (opts.list) {
  for (const s of available) console.log(`${s.name.padEnd(12)} ${s.description}`);
  process.exit(0);
}

const unknown = positionals.filter((p) => !available.some((s) => s.name === p));
if (unknown.length) {
  console.error(`unknown scenario: ${unknown.join(', ')} (have: ${available.map((s) => s.name).join(', ')})`);
  process.exit(2);
}
const chosen = positionals.length ? available.filter((s) => positionals.includes(s.name)) : available;

// Ctrl-C: drop the scratch databases; the server processes leave with their IPC channel
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) process.exit(130);
    stopping = true;
    console.error(`\n${signal}: stopping the servers, dropping ${pendingDrops.size} scratch database(s)…`);
    await Promise.allSettled(
      [...runningServers].map(
        (child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGKILL'))),
      ),
    );
    await Promise.allSettled([...pendingDrops].map((d) => d.drop()));
    process.exit(130);
  });
}

let db;
try {
  db = await serverInfo(settings.dbUrl);
} catch (err) {
  console.error(
    `cannot reach the database server at ${redact(settings.dbUrl)}: ${err.message}\n` +
      'start MariaDB (e.g. start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd) or pass --db-url',
  );
  process.exit(2);
}

const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: BENCH, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};
const startedAt = new Date();
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? null,
  memGb: Math.round(os.totalmem() / 2 ** 30),
  loadavgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  database: db.version,
};
const commit = git('rev-parse', '--short', 'HEAD');
const dirty = git('status', '--porcelain', '--', '.', ':!bench') ? ' (uncommitted changes)' : '';

console.log(
  `zhiyuan bench — ${startedAt.toISOString()} — ${machine.cpus} × ${machine.cpuModel}, load ${machine.loadavgAtStart.join(' ')}\n` +
    `node ${machine.node}, database ${machine.database}, commit ${commit ?? '?'}${dirty}\n` +
    `each variant: ${settings.warmup} s warm-up, then ${settings.rounds} × ${settings.duration} s, ` +
    `${settings.connections} connections; figures are medians of the rounds\n`,
);

const results = [];
let failed = false;
for (const scenario of chosen) {
  console.log(`▶ ${scenario.name}: ${scenario.description}`);
  const t0 = Date.now();
  try {
    const out = await scenario.run({ ...settings, log: (line) => console.log(`  · ${line}`) });
    const seconds = (Date.now() - t0) / 1000;
    if (out.report)
      console.log(out.report); // scenarios that are not request/s (import) print their own table
    else printScenario(out);
    const bad = out.checks.filter((c) => !c.ok);
    const badCounts = out.variants.filter((v) => v.summary.errors || v.summary.non2xx || v.summary.timeouts);
    if (bad.length || badCounts.length) failed = true;
    results.push({ name: scenario.name, description: scenario.description, seconds, ...out });
    console.log(`  (${seconds.toFixed(0)} s)\n`);
  } catch (err) {
    failed = true;
    console.error(`  ✗ ${scenario.name} failed: ${err.stack ?? err}\n`);
    results.push({ name: scenario.name, description: scenario.description, error: String(err.stack ?? err) });
  }
}

const outDir = join(BENCH, 'results');
mkdirSync(outDir, { recursive: true });
const stamp = startedAt
  .toISOString()
  .replace(/[:.]/g, '-')
  .replace(/-\d{3}Z$/, 'Z');
const outFile = join(outDir, `${stamp}-${chosen.map((s) => s.name).join('+')}.json`);
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
writeFileSync(
  outFile,
  JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      command,
      commit,
      dirty: Boolean(dirty),
      settings: { ...settings, dbUrl: redact(settings.dbUrl) },
      machine: { ...machine, loadavgAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
      scenarios: results,
    },
    null,
    2,
  ) + '\n',
);
console.log(`results: ${outFile.slice(BENCH.length - 'bench'.length)}`);
if (failed) {
  console.error('✗ some checks failed (see above): the figures of that scenario are not trustworthy');
  process.exit(1);
}

function printScenario(out) {
  const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const range = (xs) => `${fmt(Math.min(...xs), 0)}–${fmt(Math.max(...xs), 0)}`;
  const table = [
    [
      'variant',
      'req/s',
      'rounds min–max',
      'p50 ms',
      'p99 ms',
      'requests',
      'errors',
      'non2xx',
      'CPU ms/req',
      'loop CPU',
      'DB CPU',
      'CPU-bound req/s',
    ],
    ...out.variants.map((v) => [
      `${v.role === 'baseline' ? '  ' : '★ '}${v.key}`,
      fmt(v.summary.reqPerSec),
      range(v.rounds.map((r) => r.reqPerSec)),
      fmt(v.summary.p50, 0),
      fmt(v.summary.p99, 0),
      String(v.summary.requests),
      String(v.summary.errors + v.summary.timeouts),
      String(v.summary.non2xx),
      fmt(v.summary.cpuMsPerReq),
      fmt(v.summary.loopCpuMsPerReq, 2),
      fmt(v.summary.dbCpuMsPerReq, 2),
      fmt(v.summary.capacity, 0),
    ]),
  ];
  console.log('');
  printTable(table);
  console.log('');
  for (const v of out.variants) console.log(`  ${v.role === 'baseline' ? '  ' : '★ '}${v.label}`);
  console.log(
    '  (★ candidate. CPU ms/req: the whole server process (argon2 pool threads + event loop); loop CPU: its\n' +
      '   main thread alone (JS, parsing, ORM, syscalls); DB CPU: mariadbd; CPU-bound req/s: cores × 1000 ms\n' +
      '   over the CPU ms a request costs in server + database + load generator, i.e. what an otherwise idle\n' +
      '   machine could serve if CPU is the limit (it is for argon2 logins). Per-round figures: JSON file.)\n',
  );
  printTable([
    ['ratio', 'req/s', 'per round', 'CPU-bound', 'CPU/req', 'loop CPU/req', 'meaning'],
    ...out.ratios.map((r) => [
      r.name,
      `${fmt(r.value, 2)}×`,
      r.perRound.map((x) => fmt(x, 2)).join(' '),
      `${fmt(r.capacity, 2)}×`,
      `${fmt(r.cpuPerReq, 2)}×`,
      `${fmt(r.loopCpuPerReq, 2)}×`,
      r.meaning,
    ]),
  ]);
  console.log('');
  for (const c of out.checks) console.log(`  ${c.ok ? '✓' : '✗'} ${c.name} (${c.detail})`);
  const spread = Math.max(
    ...out.variants.map((v) => {
      const xs = v.rounds.map((r) => r.reqPerSec);
      return (Math.max(...xs) - Math.min(...xs)) / v.summary.reqPerSec;
    }),
  );
  if (spread > 0.3) {
    console.log(
      `  ! req/s of one variant varied by ${(spread * 100).toFixed(0)} % of its median between rounds: the machine was busy\n` +
        '    (load average now ' +
        os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(' ') +
        '). The req/s ratios are rough; the per-request CPU columns and CPU-bound req/s are steadier.',
    );
  }
}

function printTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  rows.forEach((row, n) => {
    const line = row
      .map((cell, i) => (i === 0 || rows[0][i] === 'meaning' ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ');
    console.log(`  ${line.trimEnd()}`);
    if (n === 0) console.log(`  ${widths.map((w) => '─'.repeat(w)).join('  ')}`);
  });
}
