import { startTestApp, DIALECT, type TestApp } from './harness';

describe(`system endpoints and bad input (${DIALECT})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { BODY_LIMIT_KB: '4' } });
  });
  afterAll(() => app.close());

  it('answers /healthz after checking the database', async () => {
    const res = await app.http.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('describes every endpoint in /api/openapi.json', async () => {
    const res = await app.http.get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/api/accounts',
      '/api/auth/login',
      '/api/auth/wechat',
      '/api/auth/refresh',
      '/api/auth/logout',
      '/api/me',
      '/api/regions',
      '/api/regions/{code}',
      '/internal/outbox/claim',
      '/internal/jobs/{name}/run',
      '/healthz',
    ]) {
      expect(paths).toContain(p);
    }
    const stack = (app.deps as unknown as { api?: unknown }).api;
    expect(stack).toBeUndefined();
  });

  it('answers unknown paths with 404 and wrong methods with 405, in the error shape', async () => {
    const nf = await app.http.get('/api/no-such-thing');
    expect(nf.status).toBe(404);
    expect(nf.body.error).toMatchObject({ code: 'REQUEST.NOT_FOUND', message: '请求的地址不存在' });
    const na = await app.http.request('DELETE', '/api/me');
    expect(na.status).toBe(405);
    expect(na.body.error.code).toBe('REQUEST.METHOD_NOT_ALLOWED');
  });

  it('refuses malformed JSON, oversized bodies and non-JSON bodies with 4xx', async () => {
    const bad = await app.http.request('POST', '/api/auth/login', { raw: '{"username": "a",' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('REQUEST.MALFORMED_JSON');
    const big = await app.http.request('POST', '/api/auth/login', {
      raw: JSON.stringify({ username: 'a', password: 'x'.repeat(10_000) }),
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('REQUEST.TOO_LARGE');
    const text = await app.http.request('POST', '/api/auth/login', {
      raw: 'username=a',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(400);
    expect(text.body.error.code).toBe('REQUEST.INVALID');
  });

  it('keeps or assigns a request id', async () => {
    const res = await app.http.request('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const gen = await app.http.request('GET', '/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(gen.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('created the first system admin with a generated password', async () => {
    expect(app.admin.username).toBe('admin');
    expect(app.admin.password).toMatch(/^[A-Za-z0-9]{16}$/);
    const token = await app.login('admin', app.admin.password!);
    const me = await app.http.get('/api/me', token);
    expect(me.body.roles).toEqual([{ role: 'system_admin', regionCode: null }]);
  });
});
