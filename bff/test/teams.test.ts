import { creditCodeCheckChar } from '@zhiyuan/shared';
import { Outbox, Team } from '../src/db/entities';
import { DIALECT, startTestApp, type TestApp } from './harness';
import { adminOf, newVolunteer, PNG_1PX, residentId } from './factories';

const DAY = 86_400_000;

function creditCode(region = '110101', org = '123456789'): string {
  const body = `51${region}${org}`;
  return body + creditCodeCheckChar(body);
}

describe(`teams: registration, review, reminders (${DIALECT})`, () => {
  let app: TestApp;
  let dongchengAdmin: string; // regional admin of 东城区 (registration authority)
  let haidianAdmin: string;
  beforeAll(async () => {
    // the clock moves days ahead here: tokens must outlive it
    app = await startTestApp({ env: { ACCESS_TOKEN_TTL: '31536000' } });
    dongchengAdmin = await adminOf(app, '110101');
    haidianAdmin = await adminOf(app, '110108');
  });
  afterAll(() => app.close());

  /** A registered volunteer's token. */
  async function volunteer(region = '110101') {
    const body = newVolunteer({
      regionCode: region,
      documentNumber: residentId(region === '110101' ? '110101' : region),
    });
    const res = await app.http.post('/api/volunteers', body);
    expect(res.status).toBe(201);
    return { token: res.body.tokens.accessToken as string, refresh: res.body.tokens.refreshToken as string, body };
  }

  const teamBody = (overrides: Record<string, unknown> = {}) => ({
    name: `东城区第${Math.floor(Math.random() * 1e6)}志愿服务队`,
    registrationStatus: 'registered_org',
    regionCode: '110101',
    address: '北京市东城区某街道1号',
    contactName: '王老师',
    contactPhone: '13800000000',
    contactEmail: 'team@example.com',
    serviceCategories: ['社区服务'],
    creditCode: creditCode(),
    ...overrides,
  });

  /** An approved team registered with the authority, authorized as a liaison team. */
  async function liaisonTeam(region = '110101') {
    const owner = await volunteer(region);
    const reg = await app.http.post(
      '/api/teams',
      teamBody({ regionCode: region, name: `联络第${Math.floor(Math.random() * 1e6)}志愿服务队` }),
      owner.token,
    );
    expect(reg.status).toBe(201);
    await app.http.request('PUT', `/api/teams/${reg.body.id}/certificate`, {
      raw: PNG_1PX as unknown as string,
      token: owner.token,
      headers: { 'content-type': 'image/png' },
    });
    const reviewer = region === '110101' ? dongchengAdmin : await adminOf(app, region);
    expect((await app.http.post(`/api/reviews/teams/${reg.body.id}`, { decision: 'approve' }, reviewer)).status).toBe(
      200,
    );
    expect(
      (await app.http.post(`/api/admin/teams/${reg.body.id}/liaison-authorization`, { accepts: true }, reviewer)).body
        .acceptsSubTeams,
    ).toBe(true);
    return { id: reg.body.id as string, owner };
  }

  describe('T-3 names', () => {
    it.each([
      ['北京大学', 'TEAM.NAME_IS_UNIT_NAME', /北京大学志愿服务队/],
      ['某某科技有限公司', 'TEAM.NAME_IS_UNIT_NAME', /单位名称＋志愿服务队/],
      ['东城区第一人民医院', 'TEAM.NAME_IS_UNIT_NAME', /志愿服务队/],
      ['爱心小组活动', 'TEAM.NAME_FORMAT', /XX志愿服务队/],
    ])('refuses 「%s」 with the reason', async (name, code, message) => {
      const v = await volunteer();
      const res = await app.http.post('/api/teams', teamBody({ name }), v.token);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toMatch(message);
    });

    it('keeps names unique within a region', async () => {
      const v = await volunteer();
      const body = teamBody();
      expect((await app.http.post('/api/teams', body, v.token)).status).toBe(201);
      const again = await app.http.post('/api/teams', body, v.token);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('TEAM.NAME_TAKEN');
      // the same name elsewhere is another team
      expect(
        (
          await app.http.post(
            '/api/teams',
            { ...body, regionCode: '110108', creditCode: creditCode('110108') },
            v.token,
          )
        ).status,
      ).toBe(201);
    });
  });

  describe('T-1 registered organizations and the registration authority (T-4)', () => {
    it('checks the credit code, needs the certificate, and is approved by the authority of its region', async () => {
      const v = await volunteer();
      const bad = await app.http.post('/api/teams', teamBody({ creditCode: creditCode().slice(0, 17) + '0' }), v.token);
      expect(bad.body.error.code === 'TEAM.CREDIT_CODE_INVALID' || bad.status === 201).toBe(true);
      if (bad.status !== 201) expect(bad.body.error.message).toMatch(/统一社会信用代码/);
      const missing = await app.http.post('/api/teams', teamBody({ creditCode: undefined }), v.token);
      expect(missing.body.error.details[0]).toMatchObject({
        path: 'creditCode',
        message: '已登记的社会组织请填写统一社会信用代码',
      });

      const reg = await app.http.post('/api/teams', teamBody(), v.token);
      expect(reg.status).toBe(201);
      expect(reg.body).toMatchObject({ status: 'pending', joinMode: 'closed', myRole: 'admin', memberCount: 1 });
      expect(reg.body.review.reviewer).toMatchObject({ kind: 'authority', name: '东城区民政局', contact: null });
      // the authority's admins were told
      const told = await app.deps.db.getRepository(Outbox).findBy({ event: 'teams.registered' });
      expect(told.some((m) => m.body.includes(reg.body.name))).toBe(true);

      // another region's admin does not review it, a volunteer neither
      expect(
        (await app.http.post(`/api/reviews/teams/${reg.body.id}`, { decision: 'approve' }, haidianAdmin)).status,
      ).toBe(403);
      expect((await app.http.post(`/api/reviews/teams/${reg.body.id}`, { decision: 'approve' }, v.token)).status).toBe(
        403,
      );
      const queue = await app.http.get('/api/reviews/teams', dongchengAdmin);
      expect(queue.body.items.map((t: { id: string }) => t.id)).toContain(reg.body.id);

      const noCert = await app.http.post(`/api/reviews/teams/${reg.body.id}`, { decision: 'approve' }, dongchengAdmin);
      expect(noCert.body.error.code).toBe('TEAM.CERTIFICATE_REQUIRED');
      const notImage = await app.http.request('PUT', `/api/teams/${reg.body.id}/certificate`, {
        raw: 'hello',
        token: v.token,
        headers: { 'content-type': 'image/png' },
      });
      expect(notImage.status).toBe(400);
      await app.http.request('PUT', `/api/teams/${reg.body.id}/certificate`, {
        raw: PNG_1PX as unknown as string,
        token: v.token,
        headers: { 'content-type': 'image/png' },
      });
      const cert = await app.http.get(`/api/teams/${reg.body.id}/certificate`, dongchengAdmin);
      expect(cert.headers.get('content-type')).toBe('image/png');

      const approved = await app.http.post(
        `/api/reviews/teams/${reg.body.id}`,
        { decision: 'approve' },
        dongchengAdmin,
      );
      expect(approved.body.status).toBe('approved');
      expect(
        (await app.http.post(`/api/reviews/teams/${reg.body.id}`, { decision: 'approve' }, dongchengAdmin)).body.error
          .code,
      ).toBe('TEAM.NOT_PENDING');
      const result = await app.deps.db.getRepository(Outbox).findBy({ event: 'teams.reviewed' });
      expect(result.some((m) => m.subject === `志愿团体「${reg.body.name}」已通过审核`)).toBe(true);
      // the applicant's next token carries the team admin role
      const refreshed = await app.http.post('/api/auth/refresh', { refreshToken: v.refresh });
      const me = await app.http.get('/api/me', refreshed.body.tokens.accessToken);
      expect(me.body.roles.map((r: { role: string }) => r.role)).toContain('team_admin');
    });

    it('rejects with a reason the applicant sees', async () => {
      const v = await volunteer();
      const reg = await app.http.post('/api/teams', teamBody(), v.token);
      const noReason = await app.http.post(`/api/reviews/teams/${reg.body.id}`, { decision: 'reject' }, dongchengAdmin);
      expect(noReason.status).toBe(400);
      await app.http.post(
        `/api/reviews/teams/${reg.body.id}`,
        { decision: 'reject', reason: '证书照片不清晰' },
        dongchengAdmin,
      );
      const seen = await app.http.get(`/api/teams/${reg.body.id}`, v.token);
      expect(seen.body).toMatchObject({ status: 'rejected', rejectReason: '证书照片不清晰' });
    });

    it('asks for real-name registration first, and hides pending teams from the public', async () => {
      const plain = await app.http.post('/api/accounts', {
        username: `plain_${Date.now()}`,
        password: 'abc12345',
        email: `p${Date.now()}@example.com`,
      });
      const res = await app.http.post('/api/teams', teamBody(), plain.body.tokens.accessToken);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe('请先完成志愿者实名注册');
      const v = await volunteer();
      const reg = await app.http.post('/api/teams', teamBody(), v.token);
      expect((await app.http.get(`/api/teams/${reg.body.id}`)).status).toBe(404);
      expect((await app.http.post('/api/teams', teamBody())).status).toBe(401);
    });
  });

  describe('T-2 liaison teams', () => {
    it('lists only authorized teams of the region or the one above, and refuses the others', async () => {
      const near = await liaisonTeam('110101');
      const far = await liaisonTeam('110108');
      const unauthorizedOwner = await volunteer();
      const plainTeam = await app.http.post('/api/teams', teamBody(), unauthorizedOwner.token);
      await app.http.request('PUT', `/api/teams/${plainTeam.body.id}/certificate`, {
        raw: PNG_1PX as unknown as string,
        token: unauthorizedOwner.token,
        headers: { 'content-type': 'image/png' },
      });
      await app.http.post(`/api/reviews/teams/${plainTeam.body.id}`, { decision: 'approve' }, dongchengAdmin);

      const v = await volunteer();
      const candidates = await app.http.get('/api/teams/liaison-candidates?regionCode=110101', v.token);
      const ids = candidates.body.items.map((t: { id: string }) => t.id);
      expect(ids).toContain(near.id);
      expect(ids).not.toContain(far.id);
      expect(ids).not.toContain(plainTeam.body.id);

      const unregistered = (liaisonTeamId: string) =>
        app.http.post(
          '/api/teams',
          teamBody({
            registrationStatus: 'unregistered',
            creditCode: undefined,
            liaisonTeamId,
            name: `北京某大学第${Math.floor(Math.random() * 1e6)}志愿服务队`,
          }),
          v.token,
        );
      const tooFar = await unregistered(far.id);
      expect(tooFar.body.error).toMatchObject({ code: 'TEAM.LIAISON_TOO_FAR' });
      expect(tooFar.body.error.message).toMatch(/不要跨地市、跨级选择联络团体/);
      const notAuthorized = await unregistered(plainTeam.body.id);
      expect(notAuthorized.body.error.code).toBe('TEAM.LIAISON_NOT_AUTHORIZED');
      expect(notAuthorized.body.error.message).toMatch(/联系所在地区管理员进行授权/);
      const none = await app.http.post(
        '/api/teams',
        teamBody({ registrationStatus: 'unregistered', creditCode: undefined }),
        v.token,
      );
      expect(none.body.error.details[0].message).toBe('请选择联络团体');

      const ok = await unregistered(near.id);
      expect(ok.status).toBe(201);
      expect(ok.body.liaisonTeam).toEqual({ id: near.id, name: expect.any(String) });
      expect(ok.body.review.reviewer.kind).toBe('liaison_team');
      // the liaison team's admin reviews it; the regional admin does not see it as authority
      const queue = await app.http.get('/api/reviews/teams', near.owner.token);
      expect(queue.body.items.map((t: { id: string }) => t.id)).toContain(ok.body.id);
      expect(
        (await app.http.post(`/api/reviews/teams/${ok.body.id}`, { decision: 'approve' }, near.owner.token)).body
          .status,
      ).toBe('approved');

      // withdrawing the authorization takes it off the list
      await app.http.post(`/api/admin/teams/${near.id}/liaison-authorization`, { accepts: false }, dongchengAdmin);
      const after = await app.http.get('/api/teams/liaison-candidates?regionCode=110101', v.token);
      expect(after.body.items.map((t: { id: string }) => t.id)).not.toContain(near.id);
      // only a regional admin of the team's region authorizes
      expect(
        (await app.http.post(`/api/admin/teams/${near.id}/liaison-authorization`, { accepts: true }, haidianAdmin))
          .status,
      ).toBe(403);
    });
  });

  describe('T-5 review reminders', () => {
    it('enables 提醒审核 after 4 days, once a day, and shows the reviewer contacts after 7 days', async () => {
      await app.http.request('PUT', '/api/admin/authorities/110101', {
        token: dongchengAdmin,
        body: {
          authorityName: '北京市东城区民政局',
          contactName: '李科长',
          contactPhone: '010-12345678',
          contactEmail: 'mzj@example.gov.cn',
          robotUrl: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=dc',
          robotKind: 'wecom',
        },
      });
      const v = await volunteer();
      const reg = await app.http.post('/api/teams', teamBody(), v.token);
      const id = reg.body.id;
      expect(reg.body.review).toMatchObject({ waitedDays: 0, canRemind: false });

      const early = await app.http.post(`/api/teams/${id}/remind`, undefined, v.token);
      expect(early.status).toBe(409);
      expect(early.body.error.message).toBe('提交审核超过 4 天后才能提醒审核');

      app.clock.advance(4 * DAY + 60_000);
      const page = await app.http.get(`/api/teams/${id}`, v.token);
      expect(page.body.review).toMatchObject({
        waitedDays: 4,
        canRemind: true,
        reviewer: { name: '北京市东城区民政局', contact: null },
      });
      expect((await app.http.post(`/api/teams/${id}/remind`, undefined, v.token)).status).toBe(204);
      const reminders = await app.deps.db.getRepository(Outbox).findBy({ event: 'teams.remind' });
      const mine = reminders.filter((m) => m.body.includes(reg.body.name));
      expect(mine.map((m) => m.channel).sort()).toEqual(['email', 'email', 'wecom']);
      expect(mine.find((m) => m.channel === 'wecom')!.recipient).toContain('key=dc');

      const again = await app.http.post(`/api/teams/${id}/remind`, undefined, v.token);
      expect(again.status).toBe(429);
      expect(again.body.error.message).toBe('每天只能提醒审核一次，请明天再试');
      expect((await app.http.get(`/api/teams/${id}`, v.token)).body.review.canRemind).toBe(false);

      app.clock.advance(3 * DAY);
      const later = await app.http.get(`/api/teams/${id}`, v.token);
      expect(later.body.review.waitedDays).toBe(7);
      expect(later.body.review.canRemind).toBe(true);
      app.clock.advance(60_000);
      const week = await app.http.get(`/api/teams/${id}`, v.token);
      expect(week.body.review.reviewer.contact).toEqual({
        name: '李科长',
        phone: '010-12345678',
        email: 'mzj@example.gov.cn',
      });
      // only the team's admins press the button
      const other = await volunteer();
      expect((await app.http.post(`/api/teams/${id}/remind`, undefined, other.token)).status).toBe(403);
    });
  });

  describe('T-6 settings', () => {
    it('starts closed and lets its admins choose the join mode and the group robot', async () => {
      const near = await liaisonTeam('110101');
      const t = await app.http.get(`/api/teams/${near.id}`);
      expect(t.body.joinMode).toBe('closed');
      const set = await app.http.request('PATCH', `/api/teams/${near.id}/settings`, {
        token: near.owner.token,
        body: { joinMode: 'review', robotUrl: 'http://127.0.0.1:9/hook?key=team' },
      });
      expect(set.body).toMatchObject({
        joinMode: 'review',
        settings: { robotUrl: 'http://127.0.0.1:9/hook?key=team' },
      });
      const bad = await app.http.request('PATCH', `/api/teams/${near.id}/settings`, {
        token: near.owner.token,
        body: { joinMode: 'everyone' },
      });
      expect(bad.status).toBe(400);
      const other = await volunteer();
      expect(
        (
          await app.http.request('PATCH', `/api/teams/${near.id}/settings`, {
            token: other.token,
            body: { joinMode: 'open' },
          })
        ).status,
      ).toBe(403);
      const row = await app.deps.db.getRepository(Team).findOneByOrFail({ id: near.id });
      expect(row.joinMode).toBe('review');
    });

    it('lists approved teams for the public, searchable', async () => {
      const near = await liaisonTeam('110101');
      const name = (await app.http.get(`/api/teams/${near.id}`)).body.name as string;
      const found = await app.http.get(`/api/teams?q=${encodeURIComponent(name)}`);
      expect(found.body.items.map((t: { id: string }) => t.id)).toEqual([near.id]);
      const mine = await app.http.get('/api/teams/mine', near.owner.token);
      expect(mine.body.items[0]).toMatchObject({ id: near.id, myRole: 'admin' });
    });
  });
});

describe(`registration authorities (${DIALECT})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('are read and set only by the regional admins of the region, and never show the robot secret', async () => {
    const dongcheng = await adminOf(app, '110101');
    const haidian = await adminOf(app, '110108');
    const saved = await app.http.request('PUT', '/api/admin/authorities/110101', {
      token: dongcheng,
      body: {
        authorityName: '北京市东城区民政局',
        robotUrl: 'http://127.0.0.1:9/robot/send',
        robotKind: 'dingtalk',
        robotSecret: 'SECtopsecret',
      },
    });
    expect(saved.status).toBe(200);
    expect(JSON.stringify(saved.body)).not.toContain('SECtopsecret');
    expect(saved.body.robotSecretSet).toBe(true);
    expect((await app.http.get('/api/admin/authorities/110101', haidian)).status).toBe(403);
    const v = await app.http.post('/api/volunteers', newVolunteer());
    expect((await app.http.get('/api/admin/authorities/110101', v.body.tokens.accessToken)).status).toBe(403);
    expect((await app.http.get('/api/admin/authorities/110101')).status).toBe(401);
  });

  it('answers an expired token with 401 even on a public page, so the app renews it', async () => {
    const v = await app.http.post('/api/volunteers', newVolunteer());
    app.clock.advance((app.config.auth.accessTokenTtl + 5) * 1000);
    const res = await app.http.get('/api/teams', v.body.tokens.accessToken);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('AUTH.TOKEN_EXPIRED');
    expect((await app.http.get('/api/teams', 'garbage')).status).toBe(200);
  });

  it('lets a system admin stand in for any registration authority (T-4)', async () => {
    const system = await adminOf(app, null);
    const v = await app.http.post(
      '/api/volunteers',
      newVolunteer({ regionCode: '440106', documentNumber: residentId('440106', '19900101') }),
    );
    const body = {
      name: `天河区第${Math.floor(Math.random() * 1e6)}志愿服务队`,
      registrationStatus: 'registered_org',
      regionCode: '440106',
      address: '广州市天河区某路 1 号',
      contactName: '黄老师',
      contactPhone: '13800000000',
      contactEmail: 'th@example.com',
      creditCode: (() => {
        const b = '51440106123456789';
        return b + creditCodeCheckChar(b);
      })(),
    };
    const reg = await app.http.post('/api/teams', body, v.body.tokens.accessToken);
    expect(reg.status).toBe(201);
    const queue = await app.http.get('/api/reviews/teams', system);
    expect(queue.body.items.map((t: { id: string }) => t.id)).toContain(reg.body.id);
    const rejected = await app.http.post(
      `/api/reviews/teams/${reg.body.id}`,
      { decision: 'reject', reason: '请补充登记证书' },
      system,
    );
    expect(rejected.body).toMatchObject({ status: 'rejected' });
  });
});
