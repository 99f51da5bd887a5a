import { calls, mockRequest, resetTaroMock, type MockRequestOptions, type MockResponse } from '../../test/taro-mock';
import { ApiError, decodeUtf8, NETWORK_MESSAGE, request, requestBinary } from './request';
import { getTokens, saveTokens } from './token';

const tokens = (n: number) => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  expiresIn: 900,
  tokenType: 'Bearer' as const,
});

const errorReply = (statusCode: number, code: string, message: string, details?: unknown): MockResponse => ({
  statusCode,
  data: { error: { code, message, requestId: 'req-1', ...(details ? { details } : {}) } },
});

const bearer = (o: MockRequestOptions) => o.header?.Authorization;

beforeEach(() => resetTaroMock());

describe('request', () => {
  it('returns the body of a 2xx reply and sends JSON with the access token', async () => {
    saveTokens(tokens(1));
    mockRequest(() => Promise.resolve({ statusCode: 200, data: { id: 'a1', username: 'lihua' } }));

    const me = await request<{ username: string }>('GET', '/api/me');

    expect(me.username).toBe('lihua');
    expect(calls.request).toHaveLength(1);
    expect(calls.request[0]).toMatchObject({ url: '/api/me', method: 'GET' });
    expect(bearer(calls.request[0]!)).toBe('Bearer access-1');
  });

  it('sends no token when signed out or when told not to', async () => {
    mockRequest(() => Promise.resolve({ statusCode: 200, data: { items: [] } }));
    await request('GET', '/api/regions');
    saveTokens(tokens(1));
    await request('POST', '/api/auth/login', { username: 'a', password: 'b' }, { auth: false });

    expect(bearer(calls.request[0]!)).toBeUndefined();
    expect(bearer(calls.request[1]!)).toBeUndefined();
    expect(calls.request[1]!.data).toEqual({ username: 'a', password: 'b' });
    expect(calls.request[1]!.header?.['Content-Type']).toBe('application/json');
  });

  it('resolves a 204 to undefined', async () => {
    mockRequest(() => Promise.resolve({ statusCode: 204, data: null }));
    await expect(request('POST', '/api/auth/logout', { refreshToken: 'r' })).resolves.toBeUndefined();
  });

  it("maps the bff's error body to an ApiError with code, Chinese message, details and status", async () => {
    mockRequest(() =>
      Promise.resolve(
        errorReply(400, 'REQUEST.INVALID', '用户名至少 4 个字符', [
          { path: 'username', message: '用户名至少 4 个字符' },
          { path: 'email', message: '电子邮箱格式不正确，一般格式为：用户名@域名' },
        ]),
      ),
    );

    const error = await request('POST', '/api/accounts', { username: 'ab' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.code).toBe('REQUEST.INVALID');
    expect(apiError.status).toBe(400);
    expect(apiError.message).toBe('用户名至少 4 个字符');
    expect(apiError.requestId).toBe('req-1');
    expect(apiError.fieldErrors()).toEqual({
      username: '用户名至少 4 个字符',
      email: '电子邮箱格式不正确，一般格式为：用户名@域名',
    });
  });

  it('maps a 409 without details', async () => {
    mockRequest(() => Promise.resolve(errorReply(409, 'ACCOUNT.USERNAME_TAKEN', '该用户名已被使用，请换一个')));
    await expect(request('POST', '/api/accounts', {})).rejects.toMatchObject({
      code: 'ACCOUNT.USERNAME_TAKEN',
      status: 409,
      message: '该用户名已被使用，请换一个',
      details: [],
    });
  });

  it('turns a reply that is not the error shape (a gateway) into a Chinese HTTP error', async () => {
    mockRequest(() => Promise.resolve({ statusCode: 502, data: '<html>Bad Gateway</html>' }));
    await expect(request('GET', '/api/me')).rejects.toMatchObject({
      code: 'HTTP',
      status: 502,
      message: '服务暂时不可用，请稍后再试（502）',
    });
  });

  it('turns a network failure into ApiError NETWORK with status 0', async () => {
    mockRequest(() => Promise.reject(new Error('request:fail timeout')));
    await expect(request('GET', '/api/me')).rejects.toMatchObject({
      code: 'NETWORK',
      status: 0,
      message: NETWORK_MESSAGE,
    });
    expect(NETWORK_MESSAGE).toBe('网络连接失败，请检查网络后重试');
  });

  it('refreshes once on AUTH.TOKEN_EXPIRED, stores the new pair and retries with it', async () => {
    saveTokens(tokens(1));
    mockRequest((o) => {
      if (o.url === '/api/auth/refresh') return Promise.resolve({ statusCode: 200, data: { tokens: tokens(2) } });
      if (bearer(o) === 'Bearer access-1')
        return Promise.resolve(errorReply(401, 'AUTH.TOKEN_EXPIRED', '登录已过期，请重新登录'));
      return Promise.resolve({ statusCode: 200, data: { username: 'lihua' } });
    });

    const me = await request<{ username: string }>('GET', '/api/me');

    expect(me.username).toBe('lihua');
    expect(calls.request.map((o) => o.url)).toEqual(['/api/me', '/api/auth/refresh', '/api/me']);
    expect(calls.request[1]!.data).toEqual({ refreshToken: 'refresh-1' });
    expect(bearer(calls.request[1]!)).toBeUndefined();
    expect(bearer(calls.request[2]!)).toBe('Bearer access-2');
    expect(getTokens()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('renews an access token that expired by the device clock before sending (public routes answer it as a guest)', async () => {
    // saved 20 minutes ago with a 15-minute access token
    saveTokens(tokens(1), Date.now() - 20 * 60_000);
    mockRequest((o) => {
      if (o.url === '/api/auth/refresh') return Promise.resolve({ statusCode: 200, data: { tokens: tokens(2) } });
      return Promise.resolve({ statusCode: 200, data: { id: 't1', myRole: bearer(o) ? 'admin' : null } });
    });

    const team = await request<{ myRole: string | null }>('GET', '/api/teams/t1');

    expect(team.myRole).toBe('admin');
    expect(calls.request.map((o) => o.url)).toEqual(['/api/auth/refresh', '/api/teams/t1']);
    expect(bearer(calls.request[1]!)).toBe('Bearer access-2');
  });

  it('sends as a guest when that renewal is refused (signed out)', async () => {
    saveTokens(tokens(1), Date.now() - 20 * 60_000);
    mockRequest((o) =>
      Promise.resolve(
        o.url === '/api/auth/refresh'
          ? errorReply(401, 'AUTH.TOKEN_INVALID', '登录已失效，请重新登录')
          : { statusCode: 200, data: { items: [] } },
      ),
    );

    await request('GET', '/api/teams');

    expect(bearer(calls.request[1]!)).toBeUndefined();
    expect(getTokens()).toBeNull();
  });

  it('retries only once: a second TOKEN_EXPIRED is thrown, not refreshed again', async () => {
    saveTokens(tokens(1));
    mockRequest((o) => {
      if (o.url === '/api/auth/refresh') return Promise.resolve({ statusCode: 200, data: { tokens: tokens(2) } });
      return Promise.resolve(errorReply(401, 'AUTH.TOKEN_EXPIRED', '登录已过期，请重新登录'));
    });

    await expect(request('GET', '/api/me')).rejects.toMatchObject({ code: 'AUTH.TOKEN_EXPIRED', status: 401 });
    expect(calls.request.map((o) => o.url)).toEqual(['/api/me', '/api/auth/refresh', '/api/me']);
  });

  it('shares one refresh between requests that expire together (the bff rejects a reused refresh token)', async () => {
    saveTokens(tokens(1));
    mockRequest((o) => {
      if (o.url === '/api/auth/refresh') return Promise.resolve({ statusCode: 200, data: { tokens: tokens(2) } });
      if (bearer(o) === 'Bearer access-1')
        return Promise.resolve(errorReply(401, 'AUTH.TOKEN_EXPIRED', '登录已过期，请重新登录'));
      return Promise.resolve({ statusCode: 200, data: { ok: o.url } });
    });

    const results = await Promise.all([request('GET', '/api/me'), request('GET', '/api/regions')]);

    expect(results).toEqual([{ ok: '/api/me' }, { ok: '/api/regions' }]);
    expect(calls.request.filter((o) => o.url === '/api/auth/refresh')).toHaveLength(1);
  });

  it('signs out and throws the original error when the refresh is refused', async () => {
    saveTokens(tokens(1));
    mockRequest((o) => {
      if (o.url === '/api/auth/refresh')
        return Promise.resolve(errorReply(401, 'AUTH.TOKEN_INVALID', '登录状态无效，请重新登录'));
      return Promise.resolve(errorReply(401, 'AUTH.TOKEN_EXPIRED', '登录已过期，请重新登录'));
    });

    const error = (await request('GET', '/api/me').catch((e: unknown) => e)) as ApiError;

    expect(error.code).toBe('AUTH.TOKEN_EXPIRED');
    expect(error.isSignedOut).toBe(true);
    expect(getTokens()).toBeNull();
    expect(calls.request).toHaveLength(2);
  });

  it('does not refresh for other 401s and forgets an invalid token', async () => {
    saveTokens(tokens(1));
    mockRequest(() => Promise.resolve(errorReply(401, 'AUTH.TOKEN_INVALID', '登录状态无效，请重新登录')));

    await expect(request('GET', '/api/me')).rejects.toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
    expect(calls.request).toHaveLength(1);
    expect(getTokens()).toBeNull();
  });

  it('keeps the session when the refresh itself cannot reach the bff', async () => {
    saveTokens(tokens(1));
    mockRequest((o) =>
      o.url === '/api/auth/refresh'
        ? Promise.reject(new Error('request:fail'))
        : Promise.resolve(errorReply(401, 'AUTH.TOKEN_EXPIRED', '登录已过期，请重新登录')),
    );

    await expect(request('GET', '/api/me')).rejects.toMatchObject({ code: 'NETWORK' });
    expect(getTokens()).toMatchObject({ refreshToken: 'refresh-1' });
  });

  it("carries the bff's hint", async () => {
    mockRequest(() =>
      Promise.resolve({
        statusCode: 409,
        data: {
          error: {
            code: 'VOLUNTEER.ALREADY_REGISTERED',
            message: '使用该证件号码的志愿者已经注册过',
            hint: '请联系团体管理员重置密码',
            requestId: 'r',
          },
        },
      }),
    );
    await expect(request('POST', '/api/volunteers', {})).rejects.toMatchObject({
      code: 'VOLUNTEER.ALREADY_REGISTERED',
      hint: '请联系团体管理员重置密码',
    });
  });

  it('sends an ArrayBuffer raw with its content type', async () => {
    saveTokens(tokens(1));
    mockRequest(() => Promise.resolve({ statusCode: 200, data: { ok: true } }));
    const body = new Uint8Array([0xff, 0xd8, 0xff]).buffer;

    await request('PUT', '/api/me/volunteer/photo', body, { contentType: 'image/jpeg' });

    expect(calls.request[0]!.data).toBe(body);
    expect(calls.request[0]!.header?.['Content-Type']).toBe('image/jpeg');
    expect(bearer(calls.request[0]!)).toBe('Bearer access-1');
  });

  it('reads a binary reply with its content type, and the error body of a binary request', async () => {
    saveTokens(tokens(1));
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]).buffer;
    const missing = new Uint8Array(
      Buffer.from(JSON.stringify({ error: { code: 'VERIFICATION.PHOTO_MISSING', message: '没有证件照片' } })),
    ).buffer;
    mockRequest((o) =>
      Promise.resolve(
        o.url.endsWith('/v1/photo')
          ? { statusCode: 200, data: png, header: { 'content-type': 'image/png' } }
          : { statusCode: 404, data: missing },
      ),
    );

    await expect(requestBinary('/api/admin/volunteers/v1/photo')).resolves.toEqual({
      data: png,
      contentType: 'image/png',
    });
    expect(calls.request[0]).toMatchObject({ responseType: 'arraybuffer', method: 'GET' });
    await expect(requestBinary('/api/admin/volunteers/v2/photo')).rejects.toMatchObject({
      code: 'VERIFICATION.PHOTO_MISSING',
      message: '没有证件照片',
      status: 404,
    });
  });

  it('decodes UTF-8 without TextDecoder (older WeChat runtimes)', () => {
    const text = '使用该证件号码的志愿者已经注册过 ✓ 𠀀 abc';
    expect(decodeUtf8(new Uint8Array(Buffer.from(text)).buffer)).toBe(text);
  });
});
