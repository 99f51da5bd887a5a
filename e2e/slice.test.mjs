/**
 * The foundation slice, end to end, as a person meets it: in Chromium on the H5 build,
 * create an account, see 我的 with the user name, log out and in again; the bot then
 * delivers the welcome e-mail to a real SMTP server started here, and the group robot
 * message of the same event to a real HTTP receiver.
 *
 * Needs: the H5 build (npm run build:h5), the libraries (npm run build:lib), Debian chromium.
 * Runs on SQLite by default, on MariaDB/MySQL when DB_URL is set.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');
const { chromium } = require('playwright-core');

const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = join(root, 'e2e/artifacts');
mkdirSync(artifacts, { recursive: true });

const mails = [];
const robotPosts = [];
let smtp, receiver, bff, bot, browser, base, dataDir;
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

before(async () => {
  assert.ok(existsSync(join(root, 'miniapp/dist/h5/index.html')), 'build the H5 app first: npm run build:h5');
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
  const robotPort = await listen(receiver);

  dataDir = mkdtempSync(join(tmpdir(), 'zy-e2e-'));
  const port = 3400 + Math.floor(Math.random() * 400);
  base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PUBLIC_URL: base,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    GROUP_ROBOT_URL: `http://127.0.0.1:${robotPort}/cgi-bin/webhook/send?key=e2e-key`,
    GROUP_ROBOT_KIND: 'wecom',
    BOT_POLL_SECONDS: '1',
  };
  if (process.env.DB_URL) {
    // a fresh database of its own on the MySQL/MariaDB server
    const mysql = require('mysql2/promise');
    const url = new URL(process.env.DB_URL.replace(/^mariadb:/, 'mysql:'));
    const name = `zy_e2e_${Date.now().toString(36)}`;
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
  bff = fork(join(root, 'bff/dist/main.js'), [], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(bff);
  await new Promise((resolve, reject) => {
    bff.on('message', (m) => m?.type === 'ready' && resolve());
    bff.on('exit', (code) => reject(new Error(`bff exited with ${code}`)));
  });
  bot = spawn(process.execPath, [join(root, 'bot/dist/main.js')], { cwd: root, env, stdio: 'inherit' });
  children.push(bot);
  browser = await chromium.launch({
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
});

after(async () => {
  await browser?.close();
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))));
  smtp?.close();
  receiver?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await dropDatabase();
});

/** a valid resident ID (GB 11643 check character) */
function residentId(body17) {
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * W[i];
  return body17 + '10X98765432'[sum % 11];
}

const user = {
  documentNumber: residentId(`11010119880808${String(Date.now()).slice(-3)}`),
  username: `e2e_${Date.now().toString(36)}`,
  password: 'Zhiyuan2026',
  email: `e2e.${Date.now().toString(36)}@example.com`,
};

test('a person signs up in the H5 app, sees 我的 with their user name, and is welcomed by e-mail and the group robot', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(`${base}/pages/mine/index`);
  await page.locator('[data-testid="page-state-signed-out"]').waitFor();
  await page.locator('#go-register').click();
  await page.locator('#username input').waitFor();

  // a refusal first: the shared rules speak before anything is sent
  await page.locator('#username input').fill('1bad');
  await page.locator('#submit').click();
  await page.locator('#username-error').waitFor();
  assert.match(await page.locator('#username-error').innerText(), /用户名以字母开头/);

  await page.locator('#username input').fill(user.username);
  await page.locator('#password input').fill(user.password);
  await page.locator('#password2 input').fill(user.password);
  await page.locator('#documentNumber input').fill(user.documentNumber);
  await page.locator('#realName input').fill('王小明');
  await page.locator('#email input').fill(user.email);
  for (const level of ['#region-province', '#region-city', '#region-county']) {
    await page.locator(level).click();
    const ok = page.locator('.weui-picker__action:has-text("确定"):visible');
    await ok.waitFor();
    await page.waitForTimeout(300);
    await ok.click();
    await page.waitForTimeout(300);
  }
  await page.locator('#consent').click();
  await page.screenshot({ path: join(artifacts, 'register.png') });
  await page.locator('#submit').click();

  const name = page.locator('[data-testid="mine-username"]');
  await name.waitFor({ timeout: 15_000 });
  assert.equal((await name.innerText()).trim(), user.username);
  await page.waitForTimeout(800); // let the page transition finish before the picture
  await page.screenshot({ path: join(artifacts, 'mine.png') });

  // the bot delivers the welcome e-mail to the SMTP server, and the group message to the robot
  const mail = await waitFor('the welcome e-mail', () =>
    mails.find((m) => m.to?.text === user.email && m.subject === '欢迎注册志愿服务信息系统'),
  );
  assert.equal(mail.subject, '欢迎注册志愿服务信息系统');
  assert.match(mail.text, new RegExp(`${user.username}，您好`));
  assert.match(mail.text, new RegExp(base.replace(/[.:/]/g, '\\$&')));
  const post = await waitFor('the group robot message', () =>
    robotPosts.find((p) => JSON.stringify(p.body).includes(user.username)),
  );
  assert.equal(post.body.msgtype, 'text');
  assert.match(post.url, /key=e2e-key/);
  assert.match(post.body.text.content, /新用户/);

  // and the same event is never delivered twice
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(mails.filter((m) => m.to?.text === user.email && m.subject === '欢迎注册志愿服务信息系统').length, 1);
  assert.equal(robotPosts.filter((p) => JSON.stringify(p.body).includes(user.username)).length, 1);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('the person logs out, is refused a wrong password, and logs in again', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${base}/packages/accounts/pages/login/index`);
  await page.locator('#username input').waitFor();
  await page.locator('#username input').fill(user.username);
  await page.locator('#password input').fill('Wrong12345');
  await page.locator('#submit').click();
  await page.locator('#form-error').waitFor();
  assert.match(await page.locator('#form-error').innerText(), /用户名或密码错误/);

  await page.locator('#password input').fill(user.password);
  await page.locator('#submit').click();
  const name = page.locator('[data-testid="mine-username"]');
  await name.waitFor({ timeout: 15_000 });
  assert.equal((await name.innerText()).trim(), user.username);

  await page.locator('#logout').click();
  await page.locator('.taro-model__confirm').click();
  await page.locator('[data-testid="page-state-signed-out"]').waitFor();
  await page.screenshot({ path: join(artifacts, 'signed-out.png') });
  await page.close();
});
