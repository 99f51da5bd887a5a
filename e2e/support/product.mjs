/**
 * The whole product for a browser test: a real SMTP server and a group-robot receiver, the
 * bff (H5 app + API) and the bot as their own processes, on SQLite by default or a fresh
 * MySQL/MariaDB database when DB_URL is set, with the demo region (DEMO=true) so a regional
 * admin of 东城区 exists. Chromium is Debian's, driven by playwright-core.
 */
import { fork, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');
const { chromium } = require('playwright-core');

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const artifacts = join(root, 'e2e/artifacts');
mkdirSync(artifacts, { recursive: true });

const listen = (server) =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));

export async function waitFor(what, cond, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `options.clock`: the bff runs with a clock the test sets (`setClock`), for waits of days. */
export async function startProduct(extraEnv = {}, options = {}) {
  const mails = [];
  const robotPosts = [];
  const children = [];
  const smtp = new SMTPServer({
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
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      robotPosts.push({ url: req.url, body: JSON.parse(body || '{}') });
      res.setHeader('content-type', 'application/json');
      res.end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  const robotPort = await listen(receiver);
  const dataDir = mkdtempSync(join(tmpdir(), 'zy-e2e-'));
  const port = 3400 + Math.floor(Math.random() * 500);
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_URL: base,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    GROUP_ROBOT_URL: `http://127.0.0.1:${robotPort}/cgi-bin/webhook/send?key=ops`,
    BOT_POLL_SECONDS: '1',
    DEMO: 'true',
    ...extraEnv,
  };
  let dropDatabase = async () => {};
  if (process.env.DB_URL) {
    const mysql = require('mysql2/promise');
    const url = new URL(process.env.DB_URL.replace(/^mariadb:/, 'mysql:'));
    const name = `zy_e2e_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    url.pathname = '/';
    const c = await mysql.createConnection(url.toString());
    await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await c.end();
    const dbUrl = new URL(url.toString());
    dbUrl.pathname = `/${name}`;
    env.DB_URL = dbUrl.toString();
    dropDatabase = async () => {
      const d = await mysql.createConnection(url.toString());
      await d.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await d.end();
    };
  }
  const entry = options.clock ? 'e2e/support/bff-with-clock.mjs' : 'bff/dist/main.js';
  const bff = fork(join(root, entry), [], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(bff);
  const ready = await new Promise((resolve, reject) => {
    bff.on('message', (m) => m?.type === 'ready' && resolve(m));
    bff.on('exit', (code) => reject(new Error(`bff exited with ${code}`)));
  });
  const bot = spawn(process.execPath, [join(root, 'bot/dist/main.js')], { cwd: root, env, stdio: 'inherit' });
  children.push(bot);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const demo = Object.fromEntries((ready.demo ?? []).map((d) => [d.username, d.password]));

  const api = async (method, path, { body, token, raw, contentType } = {}) => {
    const headers = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (raw !== undefined) headers['content-type'] = contentType;
    const res = await fetch(base + path, {
      method,
      headers,
      body: raw ?? (body !== undefined ? JSON.stringify(body) : undefined),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text,
    };
  };
  const login = async (username, password) => {
    const r = await api('POST', '/api/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.tokens.accessToken;
  };

  let clockSeq = 0;
  /** moves the bff's clock (it flows on from there) */
  const setClock = (at) =>
    new Promise((resolve) => {
      const seq = ++clockSeq;
      const onMessage = (m) => {
        if (m?.type === 'clock' && m.seq === seq) {
          bff.off('message', onMessage);
          resolve();
        }
      };
      bff.on('message', onMessage);
      bff.send({ type: 'clock', at: new Date(at).toISOString(), seq });
    });

  return {
    base,
    setClock,
    mails,
    robotPosts,
    /** the group-robot receiver, for teams' and authorities' robots */
    robotUrl: `http://127.0.0.1:${robotPort}/cgi-bin/webhook/send`,
    demo,
    admin: ready.admin,
    browser,
    api,
    login,
    /** a page on a phone-sized screen; fails the test on a page error */
    async page() {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(String(e)));
      return page;
    },
    /** signs a page in through the 登录 page */
    async signIn(page, username, password) {
      await page.goto(`${base}/packages/accounts/pages/login/index`);
      await page.locator('#username input').fill(username);
      await page.locator('#password input').fill(password);
      await page.locator('#submit').click();
      await page.locator('[data-testid="mine-username"]').waitFor({ timeout: 15_000 });
    },
    mailTo: (address, subject) =>
      waitFor(`an e-mail to ${address}${subject ? ` (${subject})` : ''}`, () =>
        mails.find((m) => m.to?.text === address && (!subject || subject.test(m.subject ?? ''))),
      ),
    async stop() {
      await browser.close().catch(() => {});
      for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
      await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))));
      smtp.close();
      receiver.close();
      rmSync(dataDir, { recursive: true, force: true });
      await dropDatabase();
    },
  };
}

/** A valid resident ID number (GB 11643) for a region and birth date. */
export function residentId(regionCode, birthDate, serial) {
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const body = `${regionCode}${birthDate}${String(serial).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * W[i];
  return body + '10X98765432'[sum % 11];
}

/** An .xlsx of volunteers in the import template's columns. */
export async function volunteersXlsx(rows) {
  const ExcelJS = require('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('志愿者');
  ws.addRow([
    '姓名',
    '证件类型',
    '证件号码',
    '手机号码',
    '电子邮箱',
    '居住地区代码',
    '所在志愿团体',
    '历史服务时长（小时）',
  ]);
  for (const r of rows)
    ws.addRow([
      r.realName,
      '居民身份证',
      r.documentNumber,
      r.mobile ?? '',
      r.email ?? '',
      r.regionCode ?? '110101',
      r.team ?? '',
      r.hours ?? 0,
    ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
