/**
 * The daily review digest (T-5), end to end, with no browser: the bff and the bot run as
 * their own processes, the bot delivers to a real SMTP server and to a real HTTP receiver
 * standing in for the group robots (WeCom for a liaison team, DingTalk for a registration
 * authority). The job is fired through the internal endpoint exactly as the bot's 09:00
 * schedule fires it (bffJob('teams.review-digest', '0 9 * * *')); the bff runs with a clock
 * set to a working day (e2e/support/bff-with-clock.mjs), so the test does not depend on the
 * day it runs. Running the job again the same day sends nothing; the next working day
 * brings a new digest.
 *
 * Needs the libraries (npm run build:lib). SQLite by default, MariaDB/MySQL when DB_URL is set.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

const root = fileURLToPath(new URL('..', import.meta.url));
const INTERNAL_SECRET = randomBytes(16).toString('hex');
/** Tuesday 2026-11-24, 09:00 in Shanghai */
const TUESDAY_9AM = '2026-11-24T01:00:00.000Z';
const DAY = 86_400_000;

const mails = [];
const robotPosts = [];
let smtp, receiver, bff, bot, base, dataDir, robotBase, db;
let dropDatabase = async () => {};
const children = [];

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

async function waitFor(what, cond, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let clockSeq = 0;
/** Sets the bff's clock (it flows on from there). */
function setClock(at) {
  const seq = ++clockSeq;
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (m?.type === 'clock' && m.seq === seq) {
        bff.off('message', onMessage);
        resolve();
      }
    };
    bff.on('message', onMessage);
    bff.send({ type: 'clock', at, seq });
  });
}

/** POST /internal/jobs/teams.review-digest/run, as the bot's schedule does. */
async function runDigest(owner = 'e2e-schedule') {
  const res = await fetch(`${base}/internal/jobs/teams.review-digest/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-internal-secret': INTERNAL_SECRET },
    body: JSON.stringify({ owner }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return res.json();
}

/** The test's own connection to the bff's database, to write the world as registration leaves it. */
async function openDatabase(env) {
  if (env.DB_URL) {
    const mysql = require('mysql2/promise');
    const c = await mysql.createConnection(env.DB_URL);
    return { run: (sql, params) => c.query(sql, params), close: () => c.end() };
  }
  const Database = require('better-sqlite3');
  const d = new Database(join(dataDir, 'zhiyuan.sqlite'));
  d.pragma('busy_timeout = 5000');
  return { run: async (sql, params) => d.prepare(sql).run(...params), close: async () => d.close() };
}

/** datetime(3) as both databases store it: UTC `YYYY-MM-DD HH:MM:SS.mmm` */
const instant = (d) => new Date(d).toISOString().replace('T', ' ').replace('Z', '');

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, cb) {
      simpleParser(stream).then((m) => {
        mails.push(m);
        cb();
      }, cb);
    },
  });
  const smtpPort = await listen(smtp.server ?? smtp);
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      robotPosts.push({ url: req.url, body: JSON.parse(body) });
      res.setHeader('content-type', 'application/json');
      res.end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  robotBase = `http://127.0.0.1:${await listen(receiver)}`;

  dataDir = mkdtempSync(join(tmpdir(), 'zy-e2e-digest-'));
  const port = 3800 + Math.floor(Math.random() * 400);
  base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    H5_DIR: join(dataDir, 'no-h5'),
    PUBLIC_URL: base,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    JWT_SECRET: randomBytes(16).toString('hex'),
    INTERNAL_SECRET,
    DATA_KEY: randomBytes(32).toString('hex'),
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    GROUP_ROBOT_URL: '',
    BOT_POLL_SECONDS: '1',
    // the test fires the digest itself; the bot's own 09:00 (real time) must not race it
    BOT_DISABLED_JOBS: 'teams.review-digest',
    E2E_CLOCK: TUESDAY_9AM,
  };
  if (process.env.DB_URL) {
    // a fresh database of its own on the MySQL/MariaDB server
    const mysql = require('mysql2/promise');
    const url = new URL(process.env.DB_URL.replace(/^mariadb:/, 'mysql:'));
    const name = `zy_e2e_digest_${Date.now().toString(36)}`;
    url.pathname = '/';
    const c = await mysql.createConnection(url.toString());
    await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await c.end();
    url.pathname = `/${name}`;
    env.DB_URL = url.toString();
    dropDatabase = async () => {
      url.pathname = '/';
      const d = await mysql.createConnection(url.toString());
      await d.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await d.end();
    };
  }
  bff = fork(join(root, 'e2e/support/bff-with-clock.mjs'), [], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(bff);
  await new Promise((resolve, reject) => {
    bff.on('message', (m) => m?.type === 'ready' && resolve());
    bff.on('exit', (code) => reject(new Error(`bff exited with ${code}`)));
  });
  bot = spawn(process.execPath, [join(root, 'bot/dist/main.js')], { cwd: root, env, stdio: 'inherit' });
  children.push(bot);
  db = await openDatabase(env);
});

after(async () => {
  await db?.close();
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))));
  smtp?.close();
  receiver?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await dropDatabase();
});

const tag = Date.now().toString(36);
const world = {
  liaisonAdmins: [`liaison.a.${tag}@example.com`, `liaison.b.${tag}@example.com`],
  authorityAdmin: `xicheng.${tag}@example.com`,
  liaisonRobotPath: `/cgi-bin/webhook/send?key=liaison-${tag}`,
  authorityRobotPath: `/robot/send?access_token=xicheng-${tag}`,
  authorityRobotSecret: `SEC${tag}`,
  liaisonName: `东城联络${tag}志愿服务队`,
};

async function account(email) {
  const id = randomUUID();
  const now = instant(TUESDAY_9AM);
  await db.run(
    'INSERT INTO accounts (id, username, password_hash, email, mobile, region_code, wechat_openid, status, created_at, updated_at) ' +
      "VALUES (?, ?, NULL, ?, NULL, NULL, NULL, 'active', ?, ?)",
    [id, `e2e_${id.slice(0, 8)}`, email, now, now],
  );
  return id;
}

async function team(t) {
  const id = randomUUID();
  const now = instant(TUESDAY_9AM);
  await db.run(
    'INSERT INTO teams (id, name, region_code, registration_status, liaison_team_id, reviewer_kind, reviewer_region_code, status, ' +
      'submitted_at, service_categories, join_mode, accepts_sub_teams, robot_url, robot_kind, applicant_account_id, member_count, created_at, updated_at) ' +
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', 'closed', ?, ?, ?, ?, 0, ?, ?)",
    [
      id,
      t.name,
      t.regionCode ?? '110101',
      t.liaisonTeamId ? 'unregistered' : 'registered_org',
      t.liaisonTeamId ?? null,
      t.liaisonTeamId ? 'liaison_team' : 'authority',
      t.liaisonTeamId ? null : (t.regionCode ?? '110101'),
      t.status ?? 'pending',
      instant(t.submittedAt ?? TUESDAY_9AM),
      t.acceptsSubTeams ? 1 : 0,
      t.robotUrl ?? null,
      t.robotKind ?? 'wecom',
      randomUUID(),
      now,
      now,
    ],
  );
  return id;
}

test('the world: a liaison team and a registration authority with teams waiting on them', async () => {
  const ago = (ms) => new Date(new Date(TUESDAY_9AM).getTime() - ms).toISOString();
  const liaison = await team({
    name: world.liaisonName,
    status: 'approved',
    acceptsSubTeams: true,
    robotUrl: robotBase + world.liaisonRobotPath,
    robotKind: 'wecom',
    submittedAt: ago(90 * DAY),
  });
  for (const email of world.liaisonAdmins) {
    await db.run(
      "INSERT INTO team_members (id, team_id, account_id, volunteer_id, role, joined_at) VALUES (?, ?, ?, NULL, 'admin', ?)",
      [randomUUID(), liaison, await account(email), instant(TUESDAY_9AM)],
    );
  }
  await team({ name: `久等${tag}志愿服务队`, liaisonTeamId: liaison, submittedAt: ago(6 * DAY + 3_600_000) });
  await team({ name: `新来${tag}志愿服务队`, liaisonTeamId: liaison, submittedAt: ago(1 * DAY + 3_600_000) });

  await db.run(
    'INSERT INTO region_authorities (region_code, authority_name, robot_url, robot_kind, robot_secret, updated_at) ' +
      "VALUES ('110102', '西城区民政局', ?, 'dingtalk', ?, ?)",
    [robotBase + world.authorityRobotPath, world.authorityRobotSecret, instant(TUESDAY_9AM)],
  );
  await db.run(
    "INSERT INTO account_roles (id, account_id, role, region_code, created_at) VALUES (?, ?, 'regional_admin', '110102', ?)",
    [randomUUID(), await account(world.authorityAdmin), instant(TUESDAY_9AM)],
  );
  await team({ name: `西城${tag}志愿服务队`, regionCode: '110102', submittedAt: ago(5 * DAY) });
});

test('on a working day the digest reaches each reviewer by e-mail and on its group robot', async () => {
  const reply = await runDigest();
  assert.deepEqual(reply, {
    ran: true,
    result: { date: '2026-11-24', reviewers: 2, messages: 5, skippedAlreadySent: 0, withoutRecipients: 0 },
  });

  // e-mail: both admins of the liaison team, the regional admin of 西城区
  const liaisonMails = await waitFor('the liaison team admins’ digests', () => {
    const got = mails.filter((m) => world.liaisonAdmins.includes(m.to?.text));
    return got.length === 2 && got;
  });
  for (const mail of liaisonMails) {
    assert.equal(mail.subject, '志愿团体审核提醒：2 个团体等待审核');
    assert.match(mail.text, new RegExp(`志愿团体审核提醒（${world.liaisonName}）`));
    assert.match(mail.text, new RegExp(`1\\. 久等${tag}志愿服务队（东城区） 【已等待 6 天】`));
    assert.match(mail.text, new RegExp(`2\\. 新来${tag}志愿服务队（东城区） 等待 1 天`));
    assert.ok(mail.text.includes(`${base}/packages/teams/pages/reviews/index`), mail.text);
  }
  const authorityMail = await waitFor('the authority admin’s digest', () =>
    mails.find((m) => m.to?.text === world.authorityAdmin),
  );
  assert.equal(authorityMail.subject, '志愿团体审核提醒：1 个团体等待审核');
  assert.match(authorityMail.text, /志愿团体审核提醒（西城区民政局）/);
  assert.match(authorityMail.text, /【已等待 5 天】/);

  // group robots: the liaison team's WeCom robot and the authority's DingTalk robot
  const wecom = await waitFor('the liaison team’s robot', () =>
    robotPosts.find((p) => p.url === world.liaisonRobotPath),
  );
  assert.equal(wecom.body.msgtype, 'text');
  assert.match(wecom.body.text.content, new RegExp(`共有 2 个志愿团体等待您审核，其中 1 个已等待超过 4 天`));
  assert.match(wecom.body.text.content, new RegExp(`久等${tag}志愿服务队`));
  const dingtalk = await waitFor('the authority’s robot', () =>
    robotPosts.find((p) => p.url.startsWith(world.authorityRobotPath)),
  );
  // signed with the authority's own robot secret (加签): timestamp and sign in the query
  const query = new URL(dingtalk.url, robotBase).searchParams;
  const expectedSign = createHmac('sha256', world.authorityRobotSecret)
    .update(`${query.get('timestamp')}\n${world.authorityRobotSecret}`)
    .digest('base64');
  assert.equal(query.get('sign'), expectedSign);
  assert.equal(dingtalk.body.msgtype, 'text');
  assert.match(dingtalk.body.text.content, /西城区民政局/);
});

test('running it again the same day sends nothing', async () => {
  await setClock('2026-11-24T08:00:00.000Z'); // 16:00 the same Tuesday
  const reply = await runDigest('e2e-second-bot');
  assert.deepEqual(reply, {
    ran: true,
    result: { date: '2026-11-24', reviewers: 0, messages: 0, skippedAlreadySent: 2, withoutRecipients: 0 },
  });
  // several drain rounds of the bot (every second): nothing more arrives
  await new Promise((r) => setTimeout(r, 3500));
  assert.equal(mails.filter((m) => m.subject?.startsWith('志愿团体审核提醒')).length, 3);
  assert.equal(robotPosts.length, 2);
});

test('a Saturday sends nothing; the next working day brings a new digest, a few days older', async () => {
  await setClock('2026-11-28T01:00:00.000Z');
  assert.deepEqual(await runDigest(), { ran: true, result: { skipped: 'not a working day', date: '2026-11-28' } });

  await setClock('2026-11-30T01:00:00.000Z'); // Monday
  const reply = await runDigest();
  assert.equal(reply.result.messages, 5);
  const monday = await waitFor('Monday’s digests', () => {
    const got = mails.filter((m) => m.subject?.startsWith('志愿团体审核提醒'));
    return got.length === 6 && robotPosts.length === 4 && got.slice(3);
  });
  const liaison = monday.find((m) => m.to?.text === world.liaisonAdmins[0]);
  assert.match(liaison.text, new RegExp(`久等${tag}志愿服务队（东城区） 【已等待 12 天】`));
  assert.match(liaison.text, new RegExp(`新来${tag}志愿服务队（东城区） 【已等待 7 天】`));
});
