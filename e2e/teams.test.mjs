/**
 * Teams (T-1 … T-6) as people meet them, in Chromium on the H5 build. A university registers
 * 「…大学志愿服务队」 under the demo region's authorized liaison team (after being told why a bare
 * unit name is refused), waits, presses 提醒审核 once it may (the bff's clock is moved on, not
 * slept), sees the reviewer's contacts after 7 days, is approved by the liaison team's admin,
 * opens its join mode, and a volunteer joins; a registered social organization registers with
 * its unified social credit code and certificate and is approved by the registration
 * authority. SQLite by default; MariaDB/MySQL with DB_URL.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { artifacts, residentId, startProduct, waitFor } from './support/product.mjs';

const DAY = 86_400_000;
/** Tuesday 2026-11-24, 09:00 in Shanghai */
const START = Date.parse('2026-11-24T01:00:00.000Z');
let p;
before(async () => {
  p = await startProduct({}, { clock: true });
  await p.setClock(START);
});
after(async () => {
  await p?.stop();
});

const stamp = Date.now().toString(36);
let serial = 40;
async function newVolunteer(name) {
  const body = {
    username: `${name}_${stamp}`,
    password: 'Zhiyuan2026',
    email: `${name}.${stamp}@example.com`,
    documentType: 'resident_id',
    documentNumber: residentId('110101', '19950505', serial++),
    realName: '周同学',
    regionCode: '110101',
    consent: true,
  };
  const r = await p.api('POST', '/api/volunteers', { body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return body;
}

async function pickFirst(page, selector) {
  await page.locator(selector).click();
  const ok = page.locator('.weui-picker__action:has-text("确定"):visible');
  await ok.waitFor();
  await page.waitForTimeout(300);
  await ok.click();
  await page.waitForTimeout(300);
}

/** picks the n-th entry (0-based) of a wheel picker by scrolling its first column */
async function pickNth(page, selector, n) {
  await page.locator(selector).click();
  const ok = page.locator('.weui-picker__action:has-text("确定"):visible');
  await ok.waitFor();
  await page.waitForTimeout(300);
  if (n > 0) {
    const item = page.locator('.weui-picker__group:visible').first().locator('.weui-picker__item').nth(n);
    await item.click({ force: true }).catch(() => {});
    await page.waitForTimeout(500);
  }
  await ok.click();
  await page.waitForTimeout(300);
}

async function fillTeamBasics(page, name) {
  await page.locator('#name input').fill(name);
  await pickFirst(page, '#region-province');
  await pickFirst(page, '#region-city');
  await pickFirst(page, '#region-county');
  await page.locator('#address input').fill('北京市东城区某路 1 号');
  await page.locator('#contactName input').fill('周老师');
  await page.locator('#contactPhone input').fill('13900001111');
  await page.locator('#contactEmail input').fill(`contact.${stamp}@example.com`);
}

let universityTeamId;
const university = `北京某某大学${stamp.slice(-4)}志愿服务队`;

test('T-3, T-2: a university registers 「单位名称＋志愿服务队」 under the authorized liaison team', async () => {
  const student = await newVolunteer('univ');
  // the liaison team's robot posts to the product's receiver
  const teamAdmin = await p.login('demo_teamadmin', p.demo.demo_teamadmin);
  const liaison = (await p.api('GET', '/api/teams/mine', { token: teamAdmin })).body.items[0];
  const robot = `${p.robotUrl}?key=liaison`;
  await p.api('PATCH', `/api/teams/${liaison.id}/settings`, {
    token: teamAdmin,
    body: { robotUrl: robot, robotKind: 'wecom' },
  });

  const page = await p.page();
  await p.signIn(page, student.username, student.password);
  await page.goto(`${p.base}/packages/teams/pages/register/index`);
  await page.locator('#name input').waitFor();
  // T-3: a bare unit name is refused with the reason, before anything is sent
  await page.locator('#name input').fill('北京某某大学');
  await page.locator('#address input').click();
  await page.locator('#name-error').waitFor();
  assert.match(await page.locator('#name-error').innerText(), /单位名称＋志愿服务队/);

  await fillTeamBasics(page, university);
  await pickNth(page, '#registrationStatus', 1); // 未登记的社会组织或其他组织
  await page.locator('#liaison-list .liaison-item').first().waitFor();
  await page.locator(`#liaison-list .liaison-item[data-id="${liaison.id}"]`).click();
  await page.locator('#liaison-chosen').waitFor();
  await page.screenshot({ path: join(artifacts, 'team-register.png'), fullPage: true });
  await page.locator('#submit:visible').click();
  await page.locator('#team-status').waitFor({ timeout: 15_000 });
  universityTeamId = new URL(page.url()).searchParams.get('id');
  assert.ok(universityTeamId);
  assert.match(await page.locator('#team-status').innerText(), /待审核/);
  // T-5: too early to remind
  assert.equal(await page.locator('#remind').isDisabled(), true);
  // the liaison team's robot heard of it
  await waitFor('the registration on the liaison team robot', () =>
    p.robotPosts.find((x) => JSON.stringify(x.body).includes(university)),
  );
  await page.close();
  p.student = student;
});

test('T-5: after 4 days 提醒审核 sends a reminder once a day; after 7 days the reviewer is shown', async () => {
  await p.setClock(START + 4 * DAY + 3600_000);
  const page = await p.page();
  await p.signIn(page, p.student.username, p.student.password);
  await page.goto(`${p.base}/packages/teams/pages/detail/index?id=${universityTeamId}`);
  await page.locator('#remind').waitFor();
  await waitFor('提醒审核 enabled', async () => !(await page.locator('#remind').isDisabled()));
  const before = p.robotPosts.length;
  await page.locator('#remind').click();
  await waitFor('the reminder on the robot', () =>
    p.robotPosts.slice(before).find((x) => JSON.stringify(x.body).includes('提醒审核')),
  );
  await waitFor('提醒审核 disabled again', async () => page.locator('#remind').isDisabled());

  await p.setClock(START + 7 * DAY + 7200_000);
  await page.reload();
  await page.locator('#reviewer-contact').waitFor();
  assert.match(await page.locator('#reviewer-contact').innerText(), /刘志强/);
  await page.screenshot({ path: join(artifacts, 'team-review-block.png'), fullPage: true });
  await page.close();
});

test('T-4, T-6: the liaison team admin approves; the team opens its join mode; a volunteer joins', async () => {
  const page = await p.page();
  await p.signIn(page, 'demo_teamadmin', p.demo.demo_teamadmin);
  await page.goto(`${p.base}/packages/teams/pages/reviews/index`);
  await page.locator(`#review-list .review-item[data-id="${universityTeamId}"]`).click();
  await page.locator('#approve').waitFor();
  await page.locator('#approve').click();
  const confirm = page.locator('.taro-model__confirm:visible');
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  await waitFor('approved', async () => (await p.api('GET', `/api/teams/${universityTeamId}`)).status === 200);
  await page.close();

  // closed by default: a volunteer is refused with the FAQ's words
  const joiner = await newVolunteer('joiner');
  const jp = await p.page();
  await p.signIn(jp, joiner.username, joiner.password);
  await jp.goto(`${p.base}/packages/teams/pages/detail/index?id=${universityTeamId}`);
  await jp.locator('#join').click();
  await jp.locator('#join-result').waitFor();
  assert.match(await jp.locator('#join-result').innerText(), /拒绝任何人加入/);

  // the team's admin (the student) opens it to everyone
  const sp = await p.page();
  await p.signIn(sp, p.student.username, p.student.password);
  await sp.goto(`${p.base}/packages/teams/pages/settings/index?id=${universityTeamId}`);
  await sp.locator('#joinMode').waitFor();
  await pickNth(sp, '#joinMode', 2); // 允许任何人加入
  await sp.locator('#save').click();
  await waitFor(
    'join mode open',
    async () => (await p.api('GET', `/api/teams/${universityTeamId}`)).body.joinMode === 'open',
  );
  await sp.close();

  await jp.reload();
  await jp.locator('#join').click();
  await waitFor('joined', async () => {
    const t = await p.login(joiner.username, joiner.password);
    return (await p.api('GET', '/api/teams/mine', { token: t })).body.items.some((x) => x.id === universityTeamId);
  });
  await jp.close();
});

test('T-1: a registered social organization registers with its credit code and certificate; the authority approves', async () => {
  const founder = await newVolunteer('org');
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const C = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = `51110101${String(Date.now()).slice(-9)}`;
  const sum = [...body].reduce((s, ch, i) => s + C.indexOf(ch) * W[i], 0);
  const creditCode = body + C[(31 - (sum % 31)) % 31];
  const png = join(tmpdir(), `cert-${stamp}.png`);
  writeFileSync(
    png,
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    ),
  );

  const page = await p.page();
  await p.signIn(page, founder.username, founder.password);
  await page.goto(`${p.base}/packages/teams/pages/register/index`);
  await page.locator('#name input').waitFor();
  const name = `东城区某某公益基金会${stamp.slice(-4)}志愿服务队`;
  await fillTeamBasics(page, name);
  // registered_org is the first choice
  await page.locator('#creditCode input').fill(creditCode.slice(0, 17) + (creditCode[17] === '0' ? '1' : '0'));
  await page.locator('#address input').click();
  await page.locator('#creditCode-error').waitFor();
  assert.match(await page.locator('#creditCode-error').innerText(), /统一社会信用代码/);
  await page.locator('#creditCode input').fill(creditCode);
  const chooser = page.waitForEvent('filechooser');
  await page.locator('#certificate').click();
  await (await chooser).setFiles(png);
  await page.locator('#certificate-chosen').waitFor();
  await page.locator('#submit:visible').click();
  await page.locator('#team-status').waitFor({ timeout: 15_000 });
  const teamId = new URL(page.url()).searchParams.get('id');
  await page.close();

  const ap = await p.page();
  await p.signIn(ap, 'demo_dongcheng', p.demo.demo_dongcheng);
  await ap.goto(`${p.base}/packages/teams/pages/review/index?id=${teamId}`);
  await ap.locator('#certificate-image').waitFor();
  await ap.locator('#approve').click();
  const confirm = ap.locator('.taro-model__confirm:visible');
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  await waitFor(
    'approved by the authority',
    async () => (await p.api('GET', `/api/teams/${teamId}`)).body.status === 'approved',
  );
  await p.mailTo(founder.email, /已通过审核/);
  await ap.close();
});
