#!/usr/bin/env node
/**
 * npm start: builds what changed (the libraries, the H5 app), then runs the bff (API and H5
 * on PORT, migrations applied at start on the embedded SQLite by default) and the bot.
 * Ctrl-C stops both. `npm run demo` does the same with a demo region filled in.
 */
import { spawn, spawnSync, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const demo = process.argv.includes('--demo');
const t0 = Date.now();
const say = (msg) => console.log(`[start] ${msg}`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args, label) {
  const t = Date.now();
  say(`${label} …`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  if (r.status !== 0) {
    console.error(`[start] ${label} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
  say(`${label}: done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

/** A hash of every file the H5 build reads from this repository. */
function h5SourceHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name === 'dist' || name === '.temp') continue;
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else hash.update(relative(root, p)).update(readFileSync(p));
    }
  };
  for (const d of ['miniapp/src', 'miniapp/config', 'shared/src']) walk(join(root, d));
  for (const f of [
    'miniapp/package.json',
    'miniapp/babel.config.js',
    'miniapp/tsconfig.json',
    'miniapp/.env',
    'miniapp/.env.production',
    'miniapp/.env.h5',
    'package-lock.json',
  ]) {
    const p = join(root, f);
    if (existsSync(p)) hash.update(f).update(readFileSync(p));
  }
  return hash.digest('hex');
}

if (!existsSync(join(root, 'node_modules'))) {
  console.error('[start] dependencies are missing: run `npm install` first');
  process.exit(1);
}

// 1. the libraries (incremental: a no-op when nothing changed)
run(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'],
  'build shared, config, bff, bot',
);

// 2. the H5 app, only when its sources changed
const stampFile = join(root, 'miniapp/dist/h5/.build-stamp');
const hash = h5SourceHash();
if (
  existsSync(stampFile) &&
  readFileSync(stampFile, 'utf8') === hash &&
  existsSync(join(root, 'miniapp/dist/h5/index.html'))
) {
  say('H5 app is up to date');
} else {
  run(npm, ['run', 'build:h5', '-w', '@zhiyuan/miniapp'], 'build the H5 app (first time: about a minute)');
  writeFileSync(stampFile, hash);
}

// 3. the bff, then the bot
const env = { ...process.env, ...(demo ? { DEMO: 'true' } : {}) };
const children = [];
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  say('stopping …');
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    process.exit(code || 1);
  }, 12_000);
  force.unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() => {
    say('stopped');
    process.exit(code);
  });
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

const bff = fork(join(root, 'bff/dist/main.js'), [], {
  cwd: root,
  env,
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
children.push(bff);
bff.on('exit', (code) => {
  if (!stopping) {
    console.error(`[start] the bff exited (code ${code})`);
    stopAll(code || 1);
  }
});

bff.on('message', (msg) => {
  if (msg?.type !== 'ready') return;
  const bot = spawn(process.execPath, [join(root, 'bot/dist/main.js')], { cwd: root, env, stdio: 'inherit' });
  children.push(bot);
  bot.on('exit', (code) => {
    if (!stopping) {
      console.error(`[start] the bot exited (code ${code})`);
      stopAll(code || 1);
    }
  });
  const lines = [
    '',
    `  志愿 Zhiyuan is running: ${msg.url}   (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    `  API document: ${msg.url}/api/openapi.json`,
    msg.admin.password
      ? `  first system admin: user name ${msg.admin.username}, password ${msg.admin.password}   (shown once; keep it)`
      : `  system admin: ${msg.admin.username} (password shown at the first start; a new one: npm run admin:reset-password)`,
    ...(msg.demo ?? []).map((d) => `  demo ${d.label}: ${d.username} / ${d.password}`),
    '  Ctrl-C stops the bff and the bot.',
    '',
  ];
  console.log(lines.join('\n'));
});
