import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, newAccount, DIALECT, type TestApp } from './harness';

/** A local stand-in for the WeChat server API, speaking the documented jscode2session format. */
function wechatStandIn(): Promise<{ server: Server; base: string; calls: URL[] }> {
  const calls: URL[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    calls.push(url);
    res.setHeader('content-type', 'application/json');
    if (url.pathname !== '/sns/jscode2session') {
      res.statusCode = 404;
      res.end('{}');
      return;
    }
    const code = url.searchParams.get('js_code') ?? '';
    if (url.searchParams.get('appid') !== 'wxappid' || url.searchParams.get('secret') !== 'wxsecret') {
      res.end(JSON.stringify({ errcode: 40013, errmsg: 'invalid appid' }));
    } else if (url.searchParams.get('grant_type') !== 'authorization_code') {
      res.end(JSON.stringify({ errcode: 40002, errmsg: 'invalid grant_type' }));
    } else if (code.startsWith('bad')) {
      res.end(JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }));
    } else {
      res.end(JSON.stringify({ openid: `openid-${code}`, session_key: 'secret-session-key' }));
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls }),
    ),
  );
}

describe(`WeChat mini-program login (${DIALECT})`, () => {
  let app: TestApp;
  let wx: Awaited<ReturnType<typeof wechatStandIn>>;
  beforeAll(async () => {
    wx = await wechatStandIn();
    app = await startTestApp({ env: { WECHAT_API_BASE: wx.base, WECHAT_APPID: 'wxappid', WECHAT_SECRET: 'wxsecret' } });
  });
  afterAll(async () => {
    await app.close();
    wx.server.close();
  });

  it('gives an unbound WeChat user a ticket, binds it on sign-up, then signs in by WeChat alone', async () => {
    const first = await app.http.post('/api/auth/wechat', { code: 'c1' });
    expect(first.status).toBe(200);
    expect(first.body.bound).toBe(false);
    expect(JSON.stringify(first.body)).not.toContain('session');
    const account = newAccount({ wechatTicket: first.body.wechatTicket });
    const reg = await app.http.post('/api/accounts', account);
    expect(reg.status).toBe(201);
    expect(reg.body.user.wechatBound).toBe(true);

    const again = await app.http.post('/api/auth/wechat', { code: 'c1' });
    expect(again.body.bound).toBe(true);
    expect(again.body.user.username).toBe(account.username);
    expect((await app.http.get('/api/me', again.body.tokens.accessToken)).status).toBe(200);
    expect(wx.calls.at(-1)!.searchParams.get('js_code')).toBe('c1');
  });

  it('binds an existing account on password login with a ticket', async () => {
    const account = newAccount();
    await app.http.post('/api/accounts', account);
    const t = await app.http.post('/api/auth/wechat', { code: 'c2' });
    const login = await app.http.post('/api/auth/login', {
      username: account.username,
      password: account.password,
      wechatTicket: t.body.wechatTicket,
    });
    expect(login.body.user.wechatBound).toBe(true);
    expect((await app.http.post('/api/auth/wechat', { code: 'c2' })).body.user.username).toBe(account.username);
  });

  it('refuses an invalid code, a forged ticket and a missing code', async () => {
    const bad = await app.http.post('/api/auth/wechat', { code: 'bad-code' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('AUTH.WECHAT_CODE_INVALID');
    const forged = await app.http.post('/api/accounts', newAccount({ wechatTicket: 'x.y.z' }));
    expect(forged.status).toBe(401);
    expect((await app.http.post('/api/auth/wechat', {})).status).toBe(400);
  });

  it('reports an unreachable WeChat API as a 502 with a Chinese message', async () => {
    const down = await startTestApp({
      env: { WECHAT_API_BASE: 'http://127.0.0.1:9', WECHAT_APPID: 'a', WECHAT_SECRET: 'b' },
    });
    try {
      const res = await down.http.post('/api/auth/wechat', { code: 'c3' });
      expect(res.status).toBe(502);
      expect(res.body.error).toMatchObject({ code: 'AUTH.WECHAT_FAILED', message: '微信登录失败，请稍后再试' });
    } finally {
      await down.close();
    }
  });
});
