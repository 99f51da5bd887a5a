import { isVolunteerNumber } from '@zhiyuan/shared';
import { AuditLog, Outbox, Volunteer } from '../src/db/entities';
import { DIALECT, startTestApp, type TestApp } from './harness';
import { adminOf, importedRecord, newVolunteer, PNG_1PX, residentId } from './factories';

describe(`volunteers: real-name registration and verification (${DIALECT})`, () => {
  let app: TestApp;
  let dongcheng: string; // a regional admin of 北京市东城区's city
  beforeAll(async () => {
    app = await startTestApp();
    dongcheng = await adminOf(app, '110100');
  });
  afterAll(() => app.close());

  const register = (body: Record<string, unknown>) => app.http.post('/api/volunteers', body);
  const upload = (token: string, data: Buffer, type = 'image/png') =>
    app.http.request('PUT', '/api/me/volunteer/photo', {
      raw: data as unknown as string,
      token,
      headers: { 'content-type': type },
    });

  describe('V-1 real-name registration', () => {
    it('registers, derives gender and birth date from the ID, and verifies at once with a volunteer number (V-5, V-6)', async () => {
      const body = newVolunteer({ documentNumber: residentId('110101', '19850412'), realName: '李雷' });
      const res = await register(body);
      expect(res.status).toBe(201);
      const v = res.body.volunteer;
      expect(v).toMatchObject({
        realName: '李雷',
        birthDate: '1985-04-12',
        regionCode: '110101',
        regionName: '东城区',
        source: 'registered',
        minor: false,
      });
      expect(['male', 'female']).toContain(v.gender);
      expect(v.verification.state).toBe('verified');
      expect(isVolunteerNumber(v.volunteerNumber)).toBe(true);
      expect(v.volunteerNumber.startsWith('110101')).toBe(true);
      // masked to the volunteer, and the user can see it any time
      expect(v.documentNumber).toMatch(/^11010\*+\d{3}[\dX]$/);
      const mine = await app.http.get('/api/me/volunteer', res.body.tokens.accessToken);
      expect(mine.body.volunteerNumber).toBe(v.volunteerNumber);
      // the bot tells them: verification e-mail queued with the number
      const mails = await app.deps.db
        .getRepository(Outbox)
        .findBy({ event: 'volunteer.verification', recipient: body.email as string });
      expect(mails).toHaveLength(1);
      expect(mails[0]!.body).toContain(v.volunteerNumber);
    });

    it.each([
      [
        'a wrong check digit',
        (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1'),
        '证件号码校验位不正确，请核对',
      ],
      ['a birth date that does not exist', () => '110101199002301234', '证件号码中的出生日期不存在'],
      ['a birth date in the future', () => '110101209901011234', '证件号码中的出生日期晚于今天'],
      ['an unknown province', () => '990101199001011234', '证件号码前两位不是有效的省级行政区划代码'],
      ['a wrong length', () => '11010119900101123', '证件号码应为 18 位，最后一位可以是数字或 X'],
    ])('refuses %s with its own message', async (_n, make, message) => {
      const res = await register(newVolunteer({ documentNumber: make(residentId()) }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VOLUNTEER.DOCUMENT_INVALID');
      expect(res.body.error.message).toBe(message);
      expect(res.body.error.details[0].path).toBe('documentNumber');
    });

    it('accepts the ID of a county abolished since the card was issued (110103 崇文区)', async () => {
      const res = await register(newVolunteer({ documentNumber: residentId('110103', '19700101') }));
      expect(res.status).toBe(201);
    });

    it('normalises a lower-case x check character', async () => {
      let id = residentId();
      while (!id.endsWith('X')) id = residentId();
      const res = await register(newVolunteer({ documentNumber: id.toLowerCase() }));
      expect(res.status).toBe(201);
    });

    it('asks a minor for a guardian, and records the guardian', async () => {
      const child = residentId('110101', '20150601');
      const refused = await register(newVolunteer({ documentNumber: child }));
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VOLUNTEER.GUARDIAN_REQUIRED');
      const ok = await register(
        newVolunteer({ documentNumber: child, guardian: { name: '王芳', mobile: '13912345678', consent: true } }),
      );
      expect(ok.status).toBe(201);
      expect(ok.body.volunteer).toMatchObject({ minor: true, guardian: { name: '王芳' } });
    });

    it('requires consent, a region and a contact', async () => {
      const { consent: _c, ...noConsent } = newVolunteer();
      expect((await register(noConsent)).body.error.details[0].message).toBe('请阅读并同意《用户协议》和《隐私政策》');
      const { email: _e, ...noContact } = newVolunteer();
      expect((await register(noContact)).body.error.details.map((d: { message: string }) => d.message)).toContain(
        '请填写手机号码或电子邮箱',
      );
      expect((await register(newVolunteer({ regionCode: '999999' }))).body.error.code).toBe('REGION.NOT_FOUND');
    });

    it('stores the document number encrypted: the raw table holds no plain number', async () => {
      const id = residentId('110101', '19991231');
      await register(newVolunteer({ documentNumber: id }));
      const raw = await app.deps.db.query('SELECT * FROM volunteers');
      expect(JSON.stringify(raw)).not.toContain(id);
      expect(JSON.stringify(raw)).not.toContain(id.slice(6, 14) + id.slice(14));
      const claims = await app.deps.db.query('SELECT * FROM identity_claims');
      expect(JSON.stringify(claims)).not.toContain(id);
    });
  });

  describe('V-2 one person, one registration', () => {
    it('refuses a registered document with the national wording and tells what to do', async () => {
      const id = residentId();
      expect((await register(newVolunteer({ documentNumber: id }))).status).toBe(201);
      const again = await register(newVolunteer({ documentNumber: id }));
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({
        code: 'VOLUNTEER.ALREADY_REGISTERED',
        message: '使用该证件号码的志愿者已经注册过',
      });
      expect(again.body.error.hint).toMatch(/管理员.*重置.*密码/);
    });

    it('lets one of several simultaneous registrations of one document through', async () => {
      const id = residentId('110101', '19880808');
      const replies = await Promise.all(
        Array.from({ length: 5 }, () => register(newVolunteer({ documentNumber: id }))),
      );
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
      for (const r of replies.filter((x) => x.status === 409))
        expect(r.body.error.code).toBe('VOLUNTEER.ALREADY_REGISTERED');
      const hash = app.deps.personalData.documentHash('resident_id', id);
      expect(await app.deps.db.getRepository(Volunteer).countBy({ documentHash: hash })).toBe(1);
    });
  });

  describe('V-3 imported data is activated, not duplicated', () => {
    it('refuses a wrong name, and activates the record with the right one, keeping its hours', async () => {
      const id = residentId('110101', '19770707');
      const imported = await importedRecord(app, { realName: '赵敏', documentNumber: id, minutes: 600 });
      const wrong = await register(newVolunteer({ documentNumber: id, realName: '赵明' }));
      expect(wrong.status).toBe(409);
      expect(wrong.body.error.message).toBe(
        '使用该证件号码的志愿者数据已经被导入，请输入正确的姓名进行注册以激活数据！',
      );
      const right = await register(newVolunteer({ documentNumber: id, realName: '赵敏' }));
      expect(right.status).toBe(201);
      expect(right.body.volunteer.id).toBe(imported.id);
      expect(right.body.volunteer.source).toBe('imported');
      const row = await app.deps.db.getRepository(Volunteer).findOneByOrFail({ id: imported.id });
      expect(row.importedMinutes).toBe(600);
      expect(row.accountId).toBe(right.body.user.id);
      expect(await app.deps.db.getRepository(Volunteer).countBy({ documentHash: imported.documentHash })).toBe(1);
    });
  });

  describe('V-4 conflicting records', () => {
    it('refuses registration when two records share the document, and merges nothing', async () => {
      const id = residentId('110101', '19660606');
      await importedRecord(app, { realName: '钱七', documentNumber: id });
      await importedRecord(app, { realName: '钱七', documentNumber: id });
      const res = await register(newVolunteer({ documentNumber: id, realName: '钱七' }));
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'VOLUNTEER.IDENTITY_CONFLICT', message: '身份证件信息验证异常' });
      expect(res.body.error.hint).toMatch(/重复记录/);
      const hash = app.deps.personalData.documentHash('resident_id', id);
      const rows = await app.deps.db.getRepository(Volunteer).findBy({ documentHash: hash });
      expect(rows.map((r) => r.accountId)).toEqual([null, null]);
    });
  });

  describe('V-5 manual verification and V-6 numbers', () => {
    it('sends a passport holder to manual verification: photo, queue, reject with reason, re-upload, verify', async () => {
      const body = newVolunteer({
        documentType: 'passport',
        documentNumber: 'E12345678',
        realName: 'Anna Müller'.replace('ü', 'u'),
      });
      const res = await register(body);
      expect(res.status).toBe(201);
      expect(res.body.volunteer.verification.state).toBe('failed');
      expect(res.body.volunteer.volunteerNumber).toBeNull();
      const token = res.body.tokens.accessToken;

      expect((await upload(token, Buffer.from('not an image'))).body.error.code).toBe('VERIFICATION.PHOTO_INVALID');
      const tooBig = await upload(token, Buffer.concat([PNG_1PX, Buffer.alloc(5 * 1024 * 1024)]));
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.error.code).toBe('VERIFICATION.PHOTO_TOO_LARGE');
      const up = await upload(token, PNG_1PX);
      expect(up.status).toBe(200);
      expect(up.body.verification.state).toBe('manual_review');
      expect((await upload(token, PNG_1PX)).status).toBe(409);

      const queue = await app.http.get('/api/admin/verifications', dongcheng);
      const item = queue.body.items.find((v: { id: string }) => v.id === res.body.volunteer.id);
      expect(item).toBeTruthy();
      const photo = await app.http.get(`/api/admin/volunteers/${item.id}/photo`, dongcheng);
      expect(photo.status).toBe(200);
      expect(photo.headers.get('content-type')).toBe('image/png');

      const noReason = await app.http.post(
        `/api/admin/volunteers/${item.id}/verification`,
        { decision: 'reject', reason: '' },
        dongcheng,
      );
      expect(noReason.body.error.details[0].message).toBe('请填写不通过的原因');
      const rejected = await app.http.post(
        `/api/admin/volunteers/${item.id}/verification`,
        { decision: 'reject', reason: '照片模糊，请重新上传' },
        dongcheng,
      );
      expect(rejected.body.verification).toMatchObject({ state: 'rejected', reason: '照片模糊，请重新上传' });
      const mine = await app.http.get('/api/me/volunteer', token);
      expect(mine.body.verification).toMatchObject({
        state: 'rejected',
        reason: '照片模糊，请重新上传',
        label: '人工认证未通过',
      });

      expect((await upload(token, PNG_1PX)).body.verification.state).toBe('manual_review');
      const verified = await app.http.post(
        `/api/admin/volunteers/${item.id}/verification`,
        { decision: 'verify' },
        dongcheng,
      );
      expect(verified.body.verification.state).toBe('verified');
      expect(isVolunteerNumber(verified.body.volunteerNumber)).toBe(true);
      const told = await app.deps.db
        .getRepository(Outbox)
        .findBy({ event: 'volunteer.verification', recipient: body.email as string });
      expect(told.map((m) => m.subject).sort()).toEqual([
        '您已通过志愿者实名认证',
        '您的志愿者实名认证未通过',
        '您的志愿者实名认证未通过',
      ]);
    });

    it('gives distinct numbers to volunteers verified at the same moment in one region', async () => {
      const replies = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          register(
            newVolunteer({ documentNumber: residentId('110105', `198001${String(10 + i)}`), regionCode: '110105' }),
          ),
        ),
      );
      const numbers = replies.map((r) => r.body.volunteer.volunteerNumber);
      expect(new Set(numbers).size).toBe(8);
      for (const n of numbers) expect(n.startsWith('110105')).toBe(true);
    });

    it('keeps a regional admin to its own region', async () => {
      const other = await adminOf(app, '440000');
      const res = await register(newVolunteer());
      const id = res.body.volunteer.id;
      expect((await app.http.get(`/api/admin/volunteers/${id}`, other)).status).toBe(403);
      expect((await app.http.get(`/api/admin/volunteers/${id}`, res.body.tokens.accessToken)).status).toBe(403);
      const list = await app.http.get('/api/admin/volunteers', other);
      expect(list.body.items.find((v: { id: string }) => v.id === id)).toBeUndefined();
    });
  });

  describe('personal data reads', () => {
    it('shows the full number only to a regional admin of the region, and audits each read', async () => {
      const id = residentId('110101', '19950505');
      const res = await register(newVolunteer({ documentNumber: id }));
      const vid = res.body.volunteer.id;
      const full = await app.http.get(`/api/admin/volunteers/${vid}`, dongcheng);
      expect(full.body).toMatchObject({ documentNumber: id, documentNumberMasked: false });
      expect(
        await app.deps.db.getRepository(AuditLog).countBy({ action: 'volunteer.read_document', targetId: vid }),
      ).toBe(1);
      const system = await adminOf(app, null);
      const masked = await app.http.get(`/api/admin/volunteers/${vid}`, system);
      expect(masked.body.documentNumberMasked).toBe(true);
      const list = await app.http.get(`/api/admin/volunteers?q=${id}`, dongcheng);
      expect(list.body.items.map((v: { id: string }) => v.id)).toEqual([vid]);
      expect(list.body.items[0].documentNumberMasked).toBe(true);
    });
  });

  describe('V-7 what can change', () => {
    it('changes contact details always, the name only before verification, the user name never', async () => {
      const res = await register(newVolunteer());
      const token = res.body.tokens.accessToken;
      const changed = await app.http.request('PATCH', '/api/me/volunteer', {
        token,
        body: { mobile: '13600000001', address: '东城区某街道1号' },
      });
      expect(changed.status).toBe(200);
      expect(changed.body.address).toBe('东城区某街道1号');
      const name = await app.http.request('PATCH', '/api/me/volunteer', { token, body: { realName: '张四' } });
      expect(name.status).toBe(409);
      expect(name.body.error.message).toBe('已通过实名认证，不能修改姓名');
      const user = await app.http.request('PATCH', '/api/me/volunteer', { token, body: { username: 'newname' } });
      expect(user.status).toBe(400);
      expect((await app.http.request('DELETE', '/api/me/volunteer', { token })).status).toBe(405);

      const passport = await register(newVolunteer({ documentType: 'passport', documentNumber: 'G87654321' }));
      const renamed = await app.http.request('PATCH', '/api/me/volunteer', {
        token: passport.body.tokens.accessToken,
        body: { realName: '张四' },
      });
      expect(renamed.body.realName).toBe('张四');
    });

    it('freezes and unfreezes an account: a frozen one cannot log in and its sessions end', async () => {
      const body = newVolunteer();
      const res = await register(body);
      const vid = res.body.volunteer.id;
      const frozen = await app.http.post(`/api/admin/volunteers/${vid}/freeze`, undefined, dongcheng);
      expect(frozen.body.frozen).toBe(true);
      const login = await app.http.post('/api/auth/login', { username: body.username, password: body.password });
      expect(login.status).toBe(403);
      expect(login.body.error.message).toBe('该账号已被冻结，请联系所在地区管理员');
      expect((await app.http.post('/api/auth/refresh', { refreshToken: res.body.tokens.refreshToken })).status).toBe(
        401,
      );
      await app.http.post(`/api/admin/volunteers/${vid}/unfreeze`, undefined, dongcheng);
      expect(
        (await app.http.post('/api/auth/login', { username: body.username, password: body.password })).status,
      ).toBe(200);
    });
  });

  describe('V-9 lost accounts', () => {
    it('lets a regional admin reset a password, shown once, and audited', async () => {
      const body = newVolunteer();
      const res = await register(body);
      const reset = await app.http.post(
        `/api/admin/volunteers/${res.body.volunteer.id}/reset-password`,
        undefined,
        dongcheng,
      );
      expect(reset.body.password).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(
        (await app.http.post('/api/auth/login', { username: body.username, password: body.password })).status,
      ).toBe(401);
      expect(
        (await app.http.post('/api/auth/login', { username: body.username, password: reset.body.password })).status,
      ).toBe(200);
      expect(
        await app.deps.db
          .getRepository(AuditLog)
          .countBy({ action: 'account.password_reset_by_admin', targetId: res.body.volunteer.id }),
      ).toBe(1);
    });
  });
});
