/**
 * Volunteers (V-1 … V-9) as people meet them, in Chromium on the H5 build: a person registers
 * under their real name (and meets each refusal), is verified at once and sees the volunteer
 * number, shows the card with its QR code, edits their details, and resets a forgotten
 * password through the code e-mailed to a real SMTP server; a regional admin imports a
 * spreadsheet, verifies a passport holder by hand, merges conflicting records and freezes an
 * account. SQLite by default; MariaDB/MySQL with DB_URL.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { artifacts, residentId, startProduct, volunteersXlsx, waitFor } from './support/product.mjs';

let p;
before(async () => {
  p = await startProduct();
});
after(async () => {
  await p?.stop();
});

const stamp = Date.now().toString(36);
const person = {
  username: `li_${stamp}`,
  password: 'Zhiyuan2026',
  email: `li.${stamp}@example.com`,
  realName: '李雷',
  documentNumber: residentId('110101', '19900307', 11),
};

async function pickFirst(page, selector) {
  await page.locator(selector).click();
  const ok = page.locator('.weui-picker__action:has-text("确定"):visible');
  await ok.waitFor();
  await page.waitForTimeout(300);
  await ok.click();
  await page.waitForTimeout(300);
}

async function fillRegistration(page, who) {
  await page.goto(`${p.base}/packages/accounts/pages/register/index`);
  await page.locator('#username input').waitFor();
  await page.locator('#username input').fill(who.username);
  await page.locator('#password input').fill(who.password);
  await page.locator('#password2 input').fill(who.password);
  await page.locator('#documentNumber input').fill(who.documentNumber);
  await page.locator('#realName input').fill(who.realName);
  await page.locator('#email input').fill(who.email);
  // 北京市 → 市辖区 → 东城区: the first entry at each level
  await pickFirst(page, '#region-province');
  await pickFirst(page, '#region-city');
  await pickFirst(page, '#region-county');
  await page.locator('#consent').click();
}

test('V-1, V-5, V-6: a person registers under their real name and is verified with a volunteer number', async () => {
  const page = await p.page();
  await fillRegistration(page, person);
  // derived, not typed
  assert.equal((await page.locator('#derived-birth-date').innerText()).trim(), '1990-03-07');
  await page.screenshot({ path: join(artifacts, 'volunteer-register.png'), fullPage: true });
  await page.locator('#submit').click();
  await page.locator('[data-testid="mine-username"]').waitFor({ timeout: 15_000 });
  assert.equal((await page.locator('#verification-state').getAttribute('data-state')) ?? '', 'verified');
  const number = (await page.locator('#volunteer-number').innerText()).trim();
  assert.match(number, /110101\d{8}[\dX]/);
  // the bot tells them by e-mail
  const mail = await p.mailTo(person.email, /通过志愿者实名认证/);
  assert.ok(mail.text.includes(number.match(/\d{14}[\dX]/)[0]));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('V-2: the same document again is refused in the national wording, with what to do', async () => {
  const page = await p.page();
  await fillRegistration(page, { ...person, username: `again_${stamp}`, email: `again.${stamp}@example.com` });
  await page.locator('#submit').click();
  await page.locator('#form-error').waitFor();
  assert.equal((await page.locator('#form-error').innerText()).trim(), '使用该证件号码的志愿者已经注册过');
  assert.match(await page.locator('#form-hint').innerText(), /管理员/);
  await page.close();
});

test('V-1: a wrong check digit is refused before anything is sent', async () => {
  const page = await p.page();
  await page.goto(`${p.base}/packages/accounts/pages/register/index`);
  await page
    .locator('#documentNumber input')
    .fill(person.documentNumber.slice(0, 17) + (person.documentNumber[17] === '1' ? '2' : '1'));
  await page.locator('#realName input').click();
  await page.locator('#documentNumber-error').waitFor();
  assert.match(await page.locator('#documentNumber-error').innerText(), /校验位/);
  await page.close();
});

test('V-8: the card shows the number and a QR code that is refreshed', async () => {
  const page = await p.page();
  await p.signIn(page, person.username, person.password);
  await page.goto(`${p.base}/packages/volunteer/pages/card/index`);
  await page.locator('#card-qr').waitFor();
  assert.equal((await page.locator('#card-name').innerText()).trim(), person.realName);
  assert.match((await page.locator('#card-qr').getAttribute('src')) ?? '', /^data:image\/png;base64,/);
  await page.screenshot({ path: join(artifacts, 'volunteer-card.png') });
  // the token on screen is one an admin's scan accepts
  const token = await p.login(person.username, person.password);
  const card = await p.api('GET', '/api/me/card', { token });
  const admin = await p.login('demo_dongcheng', p.demo.demo_dongcheng);
  const scan = await p.api('POST', '/api/cards/verify', { token: admin, body: { token: card.body.qrToken } });
  assert.equal(scan.status, 200);
  assert.equal(scan.body.realName, person.realName);
  await page.close();
});

test('V-7: contact details change; the real name is locked once verified', async () => {
  const page = await p.page();
  await p.signIn(page, person.username, person.password);
  await page.goto(`${p.base}/packages/volunteer/pages/profile/index`);
  await page.locator('#mobile input').waitFor();
  assert.equal(await page.locator('#realName input').isDisabled(), true);
  await page.locator('#mobile input').fill('13700001111');
  await page.locator('#save').click();
  const token = await p.login(person.username, person.password);
  await waitFor(
    'the new mobile saved',
    async () => (await p.api('GET', '/api/me', { token })).body.mobile === '137****1111',
  );
  await page.close();
});

test('V-9: a forgotten password is reset with the code e-mailed', async () => {
  const page = await p.page();
  await page.goto(`${p.base}/packages/accounts/pages/forgot/index`);
  await page.locator('#email input').fill(person.email);
  await page.locator('#send-code').click();
  const mail = await p.mailTo(person.email, /密码重置验证码/);
  const code = mail.text.match(/\b(\d{6})\b/)[1];
  await page.locator('#code input').fill(code);
  await page.locator('#newPassword input').fill('NewPass2026');
  await page.locator('#newPassword2 input').fill('NewPass2026');
  await page.locator('#submit:visible').click();
  await waitFor(
    'the new password to work',
    async () =>
      (await p.api('POST', '/api/auth/login', { body: { username: person.username, password: 'NewPass2026' } }))
        .status === 200,
  );
  assert.equal(
    (await p.api('POST', '/api/auth/login', { body: { username: person.username, password: person.password } })).status,
    401,
  );
  person.password = 'NewPass2026';
  await page.close();
});

test('A-5, V-3, V-4: an admin imports a sheet; an imported person activates it; duplicates are merged by hand', async () => {
  const zhao = residentId('110101', '19770707', 21);
  const qian = residentId('110101', '19660606', 31);
  const file = join(tmpdir(), `import-${stamp}.xlsx`);
  writeFileSync(
    file,
    await volunteersXlsx([
      { realName: '赵敏', documentNumber: zhao, hours: 12.5 },
      { realName: '钱七', documentNumber: qian },
    ]),
  );
  const bad = join(tmpdir(), `import-bad-${stamp}.xlsx`);
  writeFileSync(
    bad,
    await volunteersXlsx([
      { realName: '孙八', documentNumber: '110101199002301234' },
      { realName: '周九', documentNumber: qian, regionCode: '440106' },
    ]),
  );

  const page = await p.page();
  await p.signIn(page, 'demo_dongcheng', p.demo.demo_dongcheng);
  // a refused file: every bad row reported, nothing written
  await page.goto(`${p.base}/packages/admin/pages/import/index`);
  await page.locator('#import-file').setInputFiles(bad);
  await page.locator('#start-import').click();
  await page.locator('#import-errors .import-error-row').first().waitFor({ timeout: 30_000 });
  assert.ok((await page.locator('#import-errors .import-error-row').count()) >= 2);
  await page.screenshot({ path: join(artifacts, 'import-refused.png'), fullPage: true });
  // a good one
  await page.goto(`${p.base}/packages/admin/pages/import/index`);
  await page.locator('#import-file').setInputFiles(file);
  await page.locator('#start-import').click();
  await waitFor(
    'the import to finish',
    async () =>
      /成功|完成|2/.test(
        await page
          .locator('#import-result')
          .innerText()
          .catch(() => ''),
      ),
    60_000,
  );

  // V-3 through the API (the registration page was walked above): a wrong name, then the right one
  const reg = (realName) =>
    p.api('POST', '/api/volunteers', {
      body: {
        username: `zhao_${stamp}${realName.length}`,
        password: 'Zhiyuan2026',
        email: `zhao${realName.length}.${stamp}@example.com`,
        documentType: 'resident_id',
        documentNumber: zhao,
        realName,
        regionCode: '110101',
        consent: true,
      },
    });
  const wrong = await reg('赵明明');
  assert.equal(wrong.body.error.message, '使用该证件号码的志愿者数据已经被导入，请输入正确的姓名进行注册以激活数据！');
  const right = await reg('赵敏');
  assert.equal(right.status, 201);
  assert.equal(right.body.volunteer.source, 'imported');

  // V-4: 钱七 imported twice is a conflict; registration is refused until an admin merges
  writeFileSync(file, await volunteersXlsx([{ realName: '钱七', documentNumber: qian }]));
  await page.goto(`${p.base}/packages/admin/pages/import/index`);
  await page.locator('#import-file').setInputFiles(file);
  await page.locator('#start-import').click();
  await waitFor(
    'the second import',
    async () =>
      /冲突|成功|完成/.test(
        await page
          .locator('#import-result')
          .innerText()
          .catch(() => ''),
      ),
    60_000,
  );
  const conflict = await p.api('POST', '/api/volunteers', {
    body: {
      username: `qian_${stamp}`,
      password: 'Zhiyuan2026',
      email: `qian.${stamp}@example.com`,
      documentType: 'resident_id',
      documentNumber: qian,
      realName: '钱七',
      regionCode: '110101',
      consent: true,
    },
  });
  assert.equal(conflict.body.error.message, '身份证件信息验证异常');
  await page.goto(`${p.base}/packages/admin/pages/conflicts/index`);
  const record = page.locator('#conflict-list .conflict-record').first();
  await record.waitFor();
  const keepId = await record.getAttribute('data-id');
  await page.locator(`[id="merge-${keepId}"]`).click();
  await page.locator('.taro-model__confirm').click();
  await waitFor(
    'the merge',
    async () =>
      (
        await p.api('POST', '/api/volunteers', {
          body: {
            username: `qian2_${stamp}`,
            password: 'Zhiyuan2026',
            email: `qian2.${stamp}@example.com`,
            documentType: 'resident_id',
            documentNumber: qian,
            realName: '钱七',
            regionCode: '110101',
            consent: true,
          },
        })
      ).status === 201,
  );
  await page.close();
});

test('V-5 by hand, V-7 freeze: an admin verifies a passport holder from the photo, then freezes the account', async () => {
  const who = { username: `anna_${stamp}`, password: 'Zhiyuan2026', email: `anna.${stamp}@example.com` };
  const reg = await p.api('POST', '/api/volunteers', {
    body: {
      ...who,
      documentType: 'passport',
      documentNumber: `E${String(Date.now()).slice(-8)}`,
      realName: 'Anna Smith',
      regionCode: '110101',
      consent: true,
    },
  });
  assert.equal(reg.body.volunteer.verification.state, 'failed');
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const up = await p.api('PUT', '/api/me/volunteer/photo', {
    token: reg.body.tokens.accessToken,
    raw: png,
    contentType: 'image/png',
  });
  assert.equal(up.body.verification.state, 'manual_review');

  const page = await p.page();
  await p.signIn(page, 'demo_dongcheng', p.demo.demo_dongcheng);
  await page.goto(`${p.base}/packages/admin/pages/verifications/index`);
  await page.locator(`#verification-list .verification-item`).first().waitFor();
  await page.goto(`${p.base}/packages/admin/pages/volunteer/index?id=${reg.body.volunteer.id}`);
  await page.locator('#admin-photo').waitFor();
  await page.locator('#verify').click();
  await page.locator('.taro-model__confirm').click();
  await waitFor('verified', async () =>
    (
      (await page
        .locator('#admin-verification-state')
        .innerText()
        .catch(() => '')) || ''
    ).includes('已通过'),
  );
  await p.mailTo(who.email, /通过志愿者实名认证/);
  await page.screenshot({ path: join(artifacts, 'admin-volunteer.png'), fullPage: true });

  await page.locator('#freeze').click();
  await page.locator('.taro-model__confirm:visible').click();
  await waitFor(
    'the account frozen',
    async () =>
      (await p.api('POST', '/api/auth/login', { body: { username: who.username, password: who.password } })).status ===
      403,
  );
  await page.close();
});
