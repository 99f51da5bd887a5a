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
import { join } from 'node:path';
import { artifacts, residentId, startProduct, waitFor } from './support/product.mjs';

let p, base, mails, robotPosts;
before(async () => {
  p = await startProduct({ DEMO: 'false' });
  ({ base, mails, robotPosts } = p);
});
after(async () => {
  await p?.stop();
});

const user = {
  documentNumber: residentId('110101', '19880808', Number(String(Date.now()).slice(-3))),
  username: `e2e_${Date.now().toString(36)}`,
  password: 'Zhiyuan2026',
  email: `e2e.${Date.now().toString(36)}@example.com`,
};

test('a person signs up in the H5 app, sees 我的 with their user name, and is welcomed by e-mail and the group robot', async () => {
  const page = await p.page();
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
  assert.match(post.url, /key=ops/);
  assert.match(post.body.text.content, /新用户/);

  // and the same event is never delivered twice
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(mails.filter((m) => m.to?.text === user.email && m.subject === '欢迎注册志愿服务信息系统').length, 1);
  assert.equal(robotPosts.filter((p) => JSON.stringify(p.body).includes(user.username)).length, 1);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the person logs out, is refused a wrong password, and logs in again', async () => {
  const page = await p.page();
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
