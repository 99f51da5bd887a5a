import QRCode from 'qrcode';
import { dateInZone, formatVolunteerNumber } from '@zhiyuan/shared';
import { startTestApp, newAccount, DIALECT, type TestApp } from './harness';
import { importedRecord, newVolunteer, residentId } from './factories';
import { Account, type VolunteerRow } from '../src/db/entities';
import { accountsRepository } from '../src/modules/accounts/accounts.repository';
import { CardTokens } from '../src/modules/card/card.tokens';
import { escapeXml, formatMinutes } from '../src/modules/card/card.svg';
import { volunteersRepository } from '../src/modules/volunteers/volunteers.repository';
import { newId } from '../src/ids';

const MINUTE = 60_000;

/** Minimal XML well-formedness: one root, balanced tags, quoted attributes, no bare `<` or `&`. */
function assertWellFormedXml(xml: string): void {
  const bareAmp = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const stack: string[] = [];
  let roots = 0;
  let last = 0;
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const text = xml.slice(last, m.index);
    if (/[<>]/.test(text) || bareAmp.test(text)) throw new Error(`bad character data before ${m[0]}: ${text}`);
    if (bareAmp.test(m[3] ?? '')) throw new Error(`bare & in attributes of ${m[0]}`);
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      if (stack.pop() !== name) throw new Error(`unbalanced </${name}>`);
    } else {
      if (stack.length === 0) roots += 1;
      if (!selfClosing) stack.push(name!);
    }
    last = m.index + m[0].length;
  }
  if (xml.slice(last).trim() !== '') throw new Error('content after the root element');
  if (stack.length || roots !== 1) throw new Error(`not one balanced root (${roots}, open: ${stack.join(',')})`);
}

describe(`volunteer card (${DIALECT})`, () => {
  let app: TestApp;
  let adminToken: string;
  let serial = 0;

  beforeAll(async () => {
    app = await startTestApp();
    adminToken = await app.login(app.admin.username, app.admin.password!);
  });
  afterAll(() => app.close());

  /** Moves the clock to `seconds` past the start of the next minute (a fresh card window). */
  function toNextWindow(seconds = 1): void {
    const t = app.clock.now().getTime();
    app.clock.set(new Date(Math.floor(t / MINUTE) * MINUTE + MINUTE + seconds * 1000));
  }

  /**
   * An account with a volunteer record. The volunteers area registers and verifies people;
   * here the record is written directly, in the state each test needs.
   */
  async function volunteer(options: { verified?: boolean; realName?: string; importedMinutes?: number } = {}) {
    const body = newAccount();
    const res = await app.http.post('/api/accounts', body);
    expect(res.status).toBe(201);
    const accountId = res.body.user.id as string;
    // a record in the shape the volunteers area writes, then made this account's
    const imported = await importedRecord(app, {
      realName: options.realName ?? '李雷',
      documentNumber: residentId(),
      minutes: options.importedMinutes ?? 0,
    });
    serial += 1;
    const verified = options.verified !== false;
    const change: Partial<VolunteerRow> = {
      accountId,
      source: 'registered',
      email: body.email,
      consentAt: app.clock.now(),
      verificationState: verified ? 'verified' : 'unverified',
      volunteerNumber: verified ? formatVolunteerNumber('110101', 90_000_000 + serial) : null,
    };
    await volunteersRepository.update(app.deps.db.manager, imported.id, change);
    const row = { ...imported, ...change };
    return { row, accountId, token: await app.login(body.username, body.password), account: body };
  }

  const scan = (token: string, as = adminToken) => app.http.post('/api/cards/verify', { token }, as);

  describe('GET /api/me/card', () => {
    it('V-8: needs a signed-in person, then a volunteer record', async () => {
      expect((await app.http.get('/api/me/card')).body.error.code).toBe('AUTH.REQUIRED');
      const plain = newAccount();
      await app.http.post('/api/accounts', plain);
      const res = await app.http.get('/api/me/card', await app.login(plain.username, plain.password));
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({
        code: 'VOLUNTEER.NOT_A_VOLUNTEER',
        message: '您还没有进行志愿者实名注册',
      });
    });

    it('V-8: refuses the card until real-name verification, in Chinese', async () => {
      const { token } = await volunteer({ verified: false });
      const res = await app.http.get('/api/me/card', token);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        code: 'VOLUNTEER.NOT_VERIFIED',
        message: '通过实名认证后才能使用志愿者卡',
      });
      expect((await app.http.get('/api/me/card.svg', token)).status).toBe(403);
    });

    it('V-8: shows a verified volunteer the card with a QR code of a signed, short-lived token', async () => {
      toNextWindow(10);
      const { row, token } = await volunteer({ realName: '韩梅梅', importedMinutes: 750 });
      const res = await app.http.get('/api/me/card', token);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const card = res.body;
      expect(card).toMatchObject({
        realName: '韩梅梅',
        volunteerNumber: row.volunteerNumber,
        photoUrl: null,
        teams: [],
        totalMinutes: 750,
        starLevel: 0,
      });
      expect(card.qrToken).toMatch(new RegExp(`^ZY1\\.${row.id}\\.[0-9a-z]+\\.[A-Za-z0-9_-]{22}$`));
      // the picture is the QR code of exactly that token (the same encoder, the same options)
      expect(card.qrDataUrl).toMatch(/^data:image\/png;base64,/);
      expect(card.qrDataUrl).toBe(
        await QRCode.toDataURL(card.qrToken, { errorCorrectionLevel: 'M', margin: 1, width: 320 }),
      );
      // 10 s into its minute: accepted for the rest of it and the whole next one
      const windowStart = Math.floor(app.clock.now().getTime() / MINUTE) * MINUTE;
      expect(card.qrExpiresAt).toBe(new Date(windowStart + 2 * MINUTE).toISOString());
      expect(card.refreshInSeconds).toBe(51);
    });

    it('V-8: a volunteer registered and verified through POST /api/volunteers gets a card that scans', async () => {
      const body = newVolunteer({ documentNumber: residentId('110101', '19920815'), realName: '林小雨' });
      const registered = await app.http.post('/api/volunteers', body);
      expect(registered.status).toBe(201);
      expect(registered.body.volunteer.verification.state).toBe('verified');
      const card = await app.http.get('/api/me/card', registered.body.tokens.accessToken);
      expect(card.status).toBe(200);
      expect(card.body).toMatchObject({
        realName: '林小雨',
        volunteerNumber: registered.body.volunteer.volunteerNumber,
      });
      const scanned = await scan(card.body.qrToken);
      expect(scanned.body).toMatchObject({ volunteerId: registered.body.volunteer.id, realName: '林小雨' });
    });

    it('V-8: a frozen account shows no card', async () => {
      const { token, accountId } = await volunteer();
      await app.deps.db.getRepository(Account).update({ id: accountId }, { status: 'frozen' });
      const res = await app.http.get('/api/me/card', token);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('VOLUNTEER.FROZEN');
    });
  });

  describe('POST /api/cards/verify', () => {
    it('V-8: accepts the code now and a minute later, refuses it two windows later and a day later', async () => {
      toNextWindow(1);
      const { row, token } = await volunteer({ realName: '王小明' });
      const { qrToken } = (await app.http.get('/api/me/card', token)).body;

      const now = await scan(qrToken);
      expect(now.status).toBe(200);
      expect(now.body).toEqual({
        volunteerId: row.id,
        realName: '王小明',
        volunteerNumber: row.volunteerNumber,
        verifiedAt: app.clock.now().toISOString(),
      });

      app.clock.advance(MINUTE);
      expect((await scan(qrToken)).status).toBe(200);

      app.clock.advance(MINUTE);
      adminToken = await app.login(app.admin.username, app.admin.password!);
      const old = await scan(qrToken);
      expect(old.status).toBe(400);
      expect(old.body.error).toMatchObject({
        code: 'CARD.TOKEN_EXPIRED',
        message: '二维码已过期，请志愿者刷新志愿者卡后重新出示',
      });

      // a screenshot of yesterday
      app.clock.advance(24 * 60 * MINUTE);
      adminToken = await app.login(app.admin.username, app.admin.password!);
      expect((await scan(qrToken)).body.error.code).toBe('CARD.TOKEN_EXPIRED');
    });

    it('V-8: refuses altered tokens: another mac, another volunteer, a later window, garbage', async () => {
      toNextWindow(1);
      const a = await volunteer();
      const b = await volunteer();
      const qrToken: string = (await app.http.get('/api/me/card', a.token)).body.qrToken;
      const [prefix, id, window, mac] = qrToken.split('.') as [string, string, string, string];

      const flipped = mac.slice(0, 5) + (mac[5] === 'A' ? 'B' : 'A') + mac.slice(6);
      // old screenshot moved forward: the window is covered by the mac
      const laterWindow = (parseInt(window, 36) + 1).toString(36);
      // the last base64url character carries spare bits: a second spelling of the mac is refused too
      const lastChar = mac[21] === 'A' ? 'B' : 'A';
      for (const forged of [
        `${prefix}.${id}.${window}.${flipped}`,
        `${prefix}.${b.row.id}.${window}.${mac}`,
        `${prefix}.${id}.${laterWindow}.${mac}`,
        `${prefix}.${id}.0${window}.${mac}`,
        `${prefix}.${id}.${window}.${mac.slice(0, 21)}${lastChar}`,
        `ZY2.${id}.${window}.${mac}`,
        'https://example.com/not-a-card',
        `${qrToken}.extra`,
      ]) {
        const res = await scan(forged);
        expect({ forged, status: res.status, code: res.body.error?.code }).toEqual({
          forged,
          status: 400,
          code: 'CARD.TOKEN_INVALID',
        });
      }
      expect((await scan(qrToken)).status).toBe(200);
    });

    it('V-8: scanning needs a team admin or an administrator (401 → 400 → 403 → 200)', async () => {
      const { token } = await volunteer();
      const { qrToken } = (await app.http.get('/api/me/card', token)).body;
      expect((await app.http.post('/api/cards/verify', { token: qrToken })).status).toBe(401);
      const empty = await app.http.post('/api/cards/verify', {}, adminToken);
      expect(empty.status).toBe(400);
      expect(empty.body.error.code).toBe('REQUEST.INVALID');

      const denied = await scan(qrToken, token);
      expect(denied.status).toBe(403);
      expect(denied.body.error).toMatchObject({ code: 'AUTH.FORBIDDEN', message: '没有权限进行此操作' });

      // a team admin (the role comes with teams; granted directly here)
      const leader = await volunteer();
      await accountsRepository.insertRole(app.deps.db.manager, {
        id: newId(),
        accountId: leader.accountId,
        role: 'team_admin',
        regionCode: null,
        createdAt: app.clock.now(),
      });
      const leaderToken = await app.login(leader.account.username, leader.account.password);
      expect((await scan(qrToken, leaderToken)).status).toBe(200);
    });

    it('V-8: a genuine code of a volunteer not verified, or frozen, is refused', async () => {
      const tokens = new CardTokens(app.config.secrets.jwt, app.config.cardTokenSeconds);
      const unverified = await volunteer({ verified: false });
      const res = await scan(tokens.signCardToken(unverified.row.id, app.clock.now()).token);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('VOLUNTEER.NOT_VERIFIED');

      const frozen = await volunteer();
      const { qrToken } = (await app.http.get('/api/me/card', frozen.token)).body;
      await app.deps.db.getRepository(Account).update({ id: frozen.accountId }, { status: 'frozen' });
      const refused = await scan(qrToken);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('VOLUNTEER.FROZEN');

      const unknown = await scan(tokens.signCardToken(newId(), app.clock.now()).token);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('VOLUNTEER.NOT_FOUND');
    });
  });

  describe('GET /api/me/card.svg', () => {
    it('V-8: downloads a printable card with name, number, hours, QR code, issuer and date, as well-formed SVG', async () => {
      const { row, token } = await volunteer({ realName: "O'Neil & <Li>", importedMinutes: 125 });
      const res = await app.http.get('/api/me/card.svg', token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      expect(res.headers.get('content-disposition')).toContain(
        'attachment; filename="volunteer-card.svg"; filename*=UTF-8\'\'%E5%BF%97%E6%84%BF%E8%80%85%E5%8D%A1.svg',
      );
      expect(res.headers.get('cache-control')).toBe('no-store');
      const svg = res.body as string;
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      assertWellFormedXml(svg);
      expect(svg).toContain('width="85.6mm" height="54mm"');
      expect(svg).toContain('fill="#c8102e"');
      expect(svg).toContain('志愿服务证');
      expect(svg).toContain(escapeXml("O'Neil & <Li>"));
      expect(svg).not.toContain('<Li>');
      expect(svg).toContain(row.volunteerNumber!);
      expect(svg).toContain(formatMinutes(125));
      expect(svg).toContain('2 小时 5 分钟');
      expect(svg).toContain('志愿服务信息系统');
      const [y, m, d] = dateInZone(app.clock.now(), app.config.timeZone).split('-');
      expect(svg).toContain(`发证日期：${y}年${Number(m)}月${Number(d)}日`);
      // the QR code is drawn inline as a path, not linked or embedded as a bitmap
      expect(svg).toMatch(/<path fill="none" stroke="#000000" stroke-width="1" d="M[^"]+"\/>/);
      expect(svg).not.toMatch(/<image|href=|<script/i);
    });
  });
});

describe('card tokens (V-8)', () => {
  const tokens = new CardTokens('a-secret', 60);
  const t0 = new Date('2026-11-23T02:00:30.000Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);

  it('lives from its minute through the next one', () => {
    const signed = tokens.signCardToken('vol-1', t0);
    expect(signed.issuedAt.toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(signed.expiresAt.toISOString()).toBe('2026-11-23T02:02:00.000Z');
    expect(signed.refreshInSeconds).toBe(31);
    expect(tokens.verifyCardToken(signed.token, t0)).toMatchObject({ volunteerId: 'vol-1', issuedAt: signed.issuedAt });
    expect(tokens.verifyCardToken(signed.token, at(89_999)).volunteerId).toBe('vol-1');
    expect(() => tokens.verifyCardToken(signed.token, at(90_000))).toThrow(
      expect.objectContaining({ code: 'CARD.TOKEN_EXPIRED' }),
    );
  });

  it('is worthless under another key, and for a time that has not come', () => {
    const signed = tokens.signCardToken('vol-1', t0);
    expect(() => new CardTokens('another-secret', 60).verifyCardToken(signed.token, t0)).toThrow(
      expect.objectContaining({ code: 'CARD.TOKEN_INVALID' }),
    );
    const future = tokens.signCardToken('vol-1', at(10 * MINUTE));
    expect(() => tokens.verifyCardToken(future.token, t0)).toThrow(
      expect.objectContaining({ code: 'CARD.TOKEN_INVALID' }),
    );
    // a clock a few seconds ahead signing the next window early is tolerated
    const early = tokens.signCardToken('vol-1', at(31_000));
    expect(tokens.verifyCardToken(early.token, at(27_000)).volunteerId).toBe('vol-1');
    expect(() => tokens.verifyCardToken(early.token, at(20_000))).toThrow(
      expect.objectContaining({ code: 'CARD.TOKEN_INVALID' }),
    );
  });

  it('is short enough for a small QR code', () => {
    const { token } = tokens.signCardToken('0b9d7c2e-8f4a-4d5e-9c1b-2a3f4e5d6c7b', t0);
    expect(token.length).toBeLessThanOrEqual(80);
  });
});
