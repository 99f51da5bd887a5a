import { UNIT_TARGET_RATIOS } from '@zhiyuan/shared';
import { Volunteer } from '../src/db/entities';
import { DIALECT, newAccount, startTestApp, type TestApp } from './harness';
import { adminOf, approvedTeam, newVolunteer, residentId } from './factories';

describe(`units: work units and their registration ratio (${DIALECT})`, () => {
  let app: TestApp;
  let dongcheng: string; // a regional admin of 北京市东城区
  beforeAll(async () => {
    app = await startTestApp();
    dongcheng = await adminOf(app, '110101');
  });
  afterAll(() => app.close());

  let serial = 0;
  const unit = (overrides: Record<string, unknown> = {}) => {
    serial += 1;
    return {
      name: `东城区第${serial}${Date.now() % 100000}中学`,
      level: 'municipal',
      staffCount: 120,
      regionCode: '110101',
      ...overrides,
    };
  };
  const patch = (id: string, body: unknown, token?: string) =>
    app.http.request('PATCH', `/api/units/${id}`, { body, ...(token ? { token } : {}) });
  const setUnit = (body: unknown, token?: string) =>
    app.http.request('PUT', '/api/me/unit', { body, ...(token ? { token } : {}) });

  async function volunteer(documentType = 'resident_id', documentNumber = residentId('110101', '19850505')) {
    const res = await app.http.post('/api/volunteers', newVolunteer({ documentType, documentNumber }));
    expect(res.status).toBe(201);
    return {
      token: res.body.tokens.accessToken as string,
      accountId: res.body.user.id as string,
      volunteerId: res.body.volunteer.id as string,
    };
  }

  describe('T-8 units', () => {
    it('creates a unit: 401, 400, 403 outside the region or for a plain volunteer, 201 inside', async () => {
      expect((await app.http.post('/api/units', unit())).status).toBe(401);
      const bad = await app.http.post('/api/units', unit({ level: 'gold', staffCount: 0 }), dongcheng);
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['level', 'staffCount']);
      expect((await app.http.post('/api/units', { ...unit(), extra: 1 }, dongcheng)).status).toBe(400);

      expect((await app.http.post('/api/units', unit({ regionCode: '440106' }), dongcheng)).status).toBe(403);
      expect((await app.http.post('/api/units', unit(), (await volunteer()).token)).status).toBe(403);
      expect(
        (await app.http.post('/api/units', unit({ regionCode: '110199' }), await adminOf(app, '110100'))).body.error
          .code,
      ).toBe('REGION.NOT_FOUND');

      const body = unit({ name: '  北京市第一百六十六中学 ' });
      const res = await app.http.post('/api/units', body, dongcheng);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: '北京市第一百六十六中学',
        level: 'municipal',
        staffCount: 120,
        regionCode: '110101',
      });
    });

    it('lets a team admin create a unit, and keeps names unique within a region', async () => {
      const admin = await volunteer();
      await approvedTeam(app, admin.accountId);
      const body = unit({ name: '北京某某科技有限公司', level: 'other', staffCount: 30 });
      const res = await app.http.post('/api/units', body, admin.token);
      expect(res.status).toBe(201);
      const again = await app.http.post('/api/units', body, dongcheng);
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({
        code: 'UNIT.NAME_TAKEN',
        message: '本地区已有名为「北京某某科技有限公司」的单位，请直接选择该单位',
      });
      // another region may have a unit of the same name
      expect((await app.http.post('/api/units', { ...body, regionCode: '110102' }, admin.token)).status).toBe(201);
    });

    it('lists units to signed-in users, by name and by region and below', async () => {
      const a = await app.http.post('/api/units', unit({ name: '东城区列表测试小学' }), dongcheng);
      const xicheng = await adminOf(app, '110102');
      const b = await app.http.post('/api/units', unit({ name: '西城区列表测试小学', regionCode: '110102' }), xicheng);
      expect((await app.http.get('/api/units')).status).toBe(401);
      expect((await app.http.get('/api/units?regionCode=abc', dongcheng)).status).toBe(400);
      const token = (await volunteer()).token;
      const byName = await app.http.get(`/api/units?q=${encodeURIComponent('列表测试')}`, token);
      expect(byName.status).toBe(200);
      expect(byName.body.items.map((u: { id: string }) => u.id).sort()).toEqual([a.body.id, b.body.id].sort());
      const inCity = await app.http.get(`/api/units?q=${encodeURIComponent('列表测试')}&regionCode=110100`, token);
      expect(inCity.body.total).toBe(2);
      const inXicheng = await app.http.get(`/api/units?q=${encodeURIComponent('列表测试')}&regionCode=110102`, token);
      expect(inXicheng.body.items.map((u: { id: string }) => u.id)).toEqual([b.body.id]);
      const wildcard = await app.http.get(`/api/units?q=${encodeURIComponent('%')}`, token);
      expect(wildcard.body.total).toBe(0);
    });

    it('is changed by its creator or a regional admin of its region', async () => {
      const admin = await volunteer();
      await approvedTeam(app, admin.accountId);
      const created = await app.http.post('/api/units', unit(), admin.token);
      const id = created.body.id as string;
      expect((await patch(id, { staffCount: 150 })).status).toBe(401);
      expect((await patch(id, {}, admin.token)).status).toBe(400);
      expect((await patch(id, { staffCount: -1 }, admin.token)).status).toBe(400);
      expect((await patch(id, { staffCount: 150 }, (await volunteer()).token)).status).toBe(403);
      expect((await patch(id, { staffCount: 150 }, await adminOf(app, '440000'))).status).toBe(403);
      expect((await patch('no-such-unit', { staffCount: 150 }, admin.token)).body.error.code).toBe('UNIT.NOT_FOUND');

      const mine = await patch(id, { staffCount: 150, level: 'provincial' }, admin.token);
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ id, staffCount: 150, level: 'provincial' });
      const regional = await patch(id, { name: '东城区改名后的中学' }, dongcheng);
      expect(regional.body.name).toBe('东城区改名后的中学');
      const other = await app.http.post('/api/units', unit(), dongcheng);
      const clash = await patch(other.body.id, { name: '东城区改名后的中学' }, dongcheng);
      expect(clash.status).toBe(409);
      expect(clash.body.error.code).toBe('UNIT.NAME_TAKEN');
    });

    it('a registered volunteer names their unit, or none', async () => {
      const created = await app.http.post('/api/units', unit(), dongcheng);
      const v = await volunteer();
      expect((await setUnit({ unitId: created.body.id })).status).toBe(401);
      expect((await setUnit({}, v.token)).status).toBe(400);
      expect((await setUnit({ unitId: 5 }, v.token)).status).toBe(400);
      const plain = newAccount();
      await app.http.post('/api/accounts', plain);
      const refused = await setUnit({ unitId: created.body.id }, await app.login(plain.username, plain.password));
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('TEAM.VOLUNTEER_REQUIRED');
      expect((await setUnit({ unitId: 'no-such-unit' }, v.token)).body.error.code).toBe('UNIT.NOT_FOUND');

      expect((await setUnit({ unitId: created.body.id }, v.token)).status).toBe(204);
      expect((await app.deps.db.getRepository(Volunteer).findOneByOrFail({ id: v.volunteerId })).unitId).toBe(
        created.body.id,
      );
      expect((await setUnit({ unitId: null }, v.token)).status).toBe(204);
      expect((await app.deps.db.getRepository(Volunteer).findOneByOrFail({ id: v.volunteerId })).unitId).toBeNull();
    });
  });

  describe('A-2 unit registration ratio', () => {
    it('counts verified volunteers of the unit against the target of its level', async () => {
      const created = await app.http.post('/api/units', unit({ level: 'national', staffCount: 4 }), dongcheng);
      const id = created.body.id as string;
      expect((await app.http.get(`/api/units/${id}/ratio`)).status).toBe(401);
      expect((await app.http.get('/api/units/no-such-unit/ratio', dongcheng)).status).toBe(404);

      const empty = await app.http.get(`/api/units/${id}/ratio`, dongcheng);
      expect(empty.body).toEqual({
        unit: created.body,
        registered: 0,
        staffCount: 4,
        ratio: 0,
        target: 0.95,
        reached: false,
      });

      for (let i = 0; i < 2; i++) await setUnit({ unitId: id }, (await volunteer()).token);
      // a passport holder waits for manual verification (V-5): not counted yet
      const unverified = await volunteer('passport', `E${String(Date.now()).slice(-8)}`);
      await setUnit({ unitId: id }, unverified.token);
      const half = await app.http.get(`/api/units/${id}/ratio`, (await volunteer()).token);
      expect(half.body).toMatchObject({
        registered: 2,
        staffCount: 4,
        ratio: 0.5,
        target: UNIT_TARGET_RATIOS.national,
        reached: false,
      });

      await patch(id, { staffCount: 2 }, dongcheng);
      expect((await app.http.get(`/api/units/${id}/ratio`, dongcheng)).body).toMatchObject({
        registered: 2,
        ratio: 1,
        reached: true,
      });

      // the target reached exactly: 4 of 5 staff of an ordinary unit are 80%
      const other = await app.http.post('/api/units', unit({ level: 'other', staffCount: 5 }), dongcheng);
      for (let i = 0; i < 4; i++) await setUnit({ unitId: other.body.id }, (await volunteer()).token);
      expect((await app.http.get(`/api/units/${other.body.id}/ratio`, dongcheng)).body).toMatchObject({
        registered: 4,
        ratio: 0.8,
        target: 0.8,
        reached: true,
      });
      await patch(other.body.id, { staffCount: 6 }, dongcheng);
      expect((await app.http.get(`/api/units/${other.body.id}/ratio`, dongcheng)).body).toMatchObject({
        ratio: 0.6667,
        reached: false,
      });
    });
  });
});
