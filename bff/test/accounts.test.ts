import { startTestApp, newAccount, DIALECT, type TestApp } from './harness';
import { Outbox } from '../src/db/entities';

describe(`accounts and sessions (${DIALECT})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      env: { GROUP_ROBOT_URL: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=ops', LOGIN_MAX_FAILURES: '3' },
    });
  });
  afterAll(() => app.close());

  describe('POST /api/accounts', () => {
    it('creates an account, signs it in and queues the welcome e-mail and group message in the same transaction', async () => {
      const body = newAccount({ username: 'Li_Lei_Reg', regionCode: '110101' });
      const res = await app.http.post('/api/accounts', body);
      expect(res.status).toBe(201);
      expect(res.body.user.username).toBe('li_lei_reg');
      expect(res.body.user.roles).toEqual([{ role: 'volunteer', regionCode: null }]);
      expect(res.body.user.email).toMatch(/\*\*\*@example\.com$/);
      expect(res.body.tokens.tokenType).toBe('Bearer');
      const me = await app.http.get('/api/me', res.body.tokens.accessToken);
      expect(me.status).toBe(200);
      expect(me.body.username).toBe('li_lei_reg');
      expect(me.body.regionCode).toBe('110101');

      const queued = await app.deps.db.getRepository(Outbox).find({ where: { event: 'account.registered' } });
      const mine = queued.filter((m) => m.body.includes('li_lei_reg') || m.recipient === body.email);
      expect(mine.map((m) => m.channel).sort()).toEqual(['email', 'wecom']);
      const email = mine.find((m) => m.channel === 'email')!;
      expect(email.recipient).toBe(body.email);
      expect(email.subject).toBe('欢迎注册志愿服务信息系统');
      expect(mine.find((m) => m.channel === 'wecom')!.body).toContain('东城区');
    });

    it.each([
      ['no body', undefined, 'REQUEST.INVALID'],
      ['missing password', { username: 'abcd1234', email: 'a@b.cn' }, 'REQUEST.INVALID'],
      ['wrong type', { username: 12345, password: 'abc12345', email: 'a@b.cn' }, 'REQUEST.INVALID'],
      ['unknown field', { ...newAccount(), isAdmin: true }, 'REQUEST.INVALID'],
      ['over-long user name', newAccount({ username: `u${'x'.repeat(40)}` }), 'REQUEST.INVALID'],
      ['weak password', newAccount({ password: 'abcdefgh' }), 'REQUEST.INVALID'],
      ['bad e-mail', newAccount({ email: 'not-an-email' }), 'REQUEST.INVALID'],
      ['bad mobile', newAccount({ mobile: '12345' }), 'REQUEST.INVALID'],
      ['no contact', { username: 'nocontact1', password: 'abc12345' }, 'REQUEST.INVALID'],
      ['unknown region', newAccount({ regionCode: '999999' }), 'REGION.NOT_FOUND'],
    ])('refuses %s with a Chinese message', async (_name, body, code) => {
      const res = await app.http.post('/api/accounts', body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(res.body.error.requestId).toBeTruthy();
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
    });

    it('names the offending fields in details', async () => {
      const res = await app.http.post('/api/accounts', { username: '1abc', password: 'short', extra: 1 });
      expect(res.status).toBe(400);
      const paths = res.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['username', 'password']));
      expect(res.body.error.details.find((d: { path: string }) => d.path === 'username').message).toBe(
        '用户名以字母开头，只能包含字母、数字和下划线',
      );
      expect(JSON.stringify(res.body.error.details)).toContain('不支持的字段：extra');
    });

    it('refuses a taken user name whatever its case, and a taken e-mail or mobile', async () => {
      const first = newAccount({ mobile: '13800138000' });
      expect((await app.http.post('/api/accounts', first)).status).toBe(201);
      const sameName = await app.http.post('/api/accounts', newAccount({ username: first.username.toUpperCase() }));
      expect(sameName.status).toBe(409);
      expect(sameName.body.error).toMatchObject({
        code: 'ACCOUNT.USERNAME_TAKEN',
        message: '该用户名已被使用，请换一个',
      });
      const sameEmail = await app.http.post('/api/accounts', newAccount({ email: first.email.toUpperCase() }));
      expect(sameEmail.body.error.code).toBe('ACCOUNT.EMAIL_TAKEN');
      const sameMobile = await app.http.post('/api/accounts', newAccount({ mobile: '13800138000' }));
      expect(sameMobile.body.error.code).toBe('ACCOUNT.MOBILE_TAKEN');
    });

    it('lets exactly one of many simultaneous sign-ups with one user name through', async () => {
      const username = newAccount().username;
      const replies = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          app.http.post('/api/accounts', newAccount({ username, email: `race${i}${username}@example.com` })),
        ),
      );
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
      for (const r of replies.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('ACCOUNT.USERNAME_TAKEN');
    });
  });

  describe('login, tokens, refresh, logout', () => {
    const account = newAccount();
    beforeAll(async () => {
      expect((await app.http.post('/api/accounts', account)).status).toBe(201);
    });

    it('logs in with the password, whatever the case of the user name', async () => {
      const res = await app.http.post('/api/auth/login', {
        username: account.username.toUpperCase(),
        password: account.password,
      });
      expect(res.status).toBe(200);
      expect(res.body.user.username).toBe(account.username);
    });

    it('walks 401 → 400 → success on GET /api/me', async () => {
      expect((await app.http.get('/api/me')).body.error.code).toBe('AUTH.REQUIRED');
      expect((await app.http.get('/api/me', 'not.a.token')).body.error.code).toBe('AUTH.TOKEN_INVALID');
      const forged = (await app.login(account.username, account.password)).replace(/.$/, (c) =>
        c === 'A' ? 'B' : 'A',
      );
      expect((await app.http.get('/api/me', forged)).status).toBe(401);
      const token = await app.login(account.username, account.password);
      expect((await app.http.get('/api/me', token)).status).toBe(200);
    });

    it('expires access tokens and refreshes them once (rotation); reuse closes every session', async () => {
      const login = await app.http.post('/api/auth/login', { username: account.username, password: account.password });
      const { accessToken, refreshToken } = login.body.tokens;
      app.clock.advance((app.config.auth.accessTokenTtl + 1) * 1000);
      const expired = await app.http.get('/api/me', accessToken);
      expect(expired.status).toBe(401);
      expect(expired.body.error).toMatchObject({ code: 'AUTH.TOKEN_EXPIRED', message: '登录已过期，请重新登录' });

      const refreshed = await app.http.post('/api/auth/refresh', { refreshToken });
      expect(refreshed.status).toBe(200);
      expect((await app.http.get('/api/me', refreshed.body.tokens.accessToken)).status).toBe(200);

      // the old refresh token was rotated away: using it again is theft, every session ends
      const replay = await app.http.post('/api/auth/refresh', { refreshToken });
      expect(replay.status).toBe(401);
      const afterTheft = await app.http.post('/api/auth/refresh', { refreshToken: refreshed.body.tokens.refreshToken });
      expect(afterTheft.status).toBe(401);
    });

    it('logs out: the refresh token no longer works', async () => {
      const login = await app.http.post('/api/auth/login', { username: account.username, password: account.password });
      const { refreshToken } = login.body.tokens;
      expect((await app.http.post('/api/auth/logout', { refreshToken })).status).toBe(204);
      expect((await app.http.post('/api/auth/refresh', { refreshToken })).status).toBe(401);
      expect((await app.http.post('/api/auth/refresh', {})).status).toBe(400);
    });

    it('refuses a wrong password, then slows the caller down after repeated failures', async () => {
      const victim = newAccount();
      await app.http.post('/api/accounts', victim);
      for (let i = 0; i < 3; i++) {
        const res = await app.http.post('/api/auth/login', { username: victim.username, password: 'wrong1234' });
        expect(res.status).toBe(401);
        expect(res.body.error).toMatchObject({ code: 'AUTH.BAD_CREDENTIALS', message: '用户名或密码错误' });
      }
      const blocked = await app.http.post('/api/auth/login', { username: victim.username, password: victim.password });
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('answers an unknown user name like a wrong password', async () => {
      const res = await app.http.post('/api/auth/login', { username: 'nobody_here', password: 'abc12345' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('AUTH.BAD_CREDENTIALS');
    });
  });
});
