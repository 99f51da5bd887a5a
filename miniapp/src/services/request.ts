/**
 * The one HTTP client of the mini-program: the only module that calls `Taro.request`.
 * Replies that are not 2xx become a typed `ApiError` carrying the bff's code and Chinese
 * message; an expired access token is refreshed once and the request retried.
 */
import Taro from '@tarojs/taro';
import { isErrorBody, type ErrorCode, type ErrorDetail, type TokenPair } from '@zhiyuan/shared';
import { clearTokens, getTokens, saveTokens, type StoredTokens } from './token';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Codes from the shared catalog, plus the two the client makes up itself. */
export type ApiErrorCode = ErrorCode | 'NETWORK' | 'HTTP';

export const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** HTTP status; 0 when no reply came back */
  readonly status: number;
  readonly details: ErrorDetail[];
  readonly requestId?: string;
  /** what the person can do next (the bff's `error.hint`), shown under the message */
  readonly hint?: string;

  constructor(
    code: ApiErrorCode,
    message: string,
    status: number,
    details: ErrorDetail[] = [],
    requestId?: string,
    hint?: string,
  ) {
    super(message);
    // keeps `instanceof` and the methods when the code is compiled to ES5 (WeChat's 「ES6 转 ES5」)
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
    if (requestId) this.requestId = requestId;
    if (hint) this.hint = hint;
  }

  /** First message per field path, the same shape as shared `fieldErrors`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) if (d.path && !(d.path in out)) out[d.path] = d.message;
    return out;
  }

  /** The access token is missing, invalid or expired beyond refresh: the person must sign in. */
  get isSignedOut(): boolean {
    return this.code === 'AUTH.REQUIRED' || this.code === 'AUTH.TOKEN_INVALID' || this.code === 'AUTH.TOKEN_EXPIRED';
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/**
 * From `TARO_APP_API_BASE` (env files, see README): empty for H5, which is served by the bff
 * itself, so requests go to `/api/...` on the same origin.
 */
export const API_BASE: string = (process.env.TARO_APP_API_BASE ?? '').replace(/\/+$/, '');

const TIMEOUT_MS = 15000;

export interface RequestOptions {
  /** send the access token (default true) */
  auth?: boolean;
  /**
   * The body is raw bytes (an ArrayBuffer) of this type, e.g. `image/jpeg`, sent as is: the bff
   * takes photos and spreadsheets raw, not as multipart.
   */
  contentType?: string;
  /** ms before giving up; uploads of large files need longer than the default 15 s */
  timeout?: number;
}

interface RawReply {
  statusCode: number;
  data: unknown;
  header: Record<string, string>;
}

interface SendOptions {
  contentType?: string;
  timeout?: number;
  binaryReply?: boolean;
}

async function send(
  method: HttpMethod,
  path: string,
  body: unknown,
  accessToken: string | null,
  options: SendOptions = {},
): Promise<RawReply> {
  const header: Record<string, string> = { Accept: options.binaryReply ? '*/*' : 'application/json' };
  if (body !== undefined) header['Content-Type'] = options.contentType ?? 'application/json';
  if (accessToken) header.Authorization = `Bearer ${accessToken}`;
  try {
    const res = await Taro.request({
      url: `${API_BASE}${path}`,
      method,
      // an ArrayBuffer goes out as raw bytes in both weapp and H5
      data: body as Record<string, unknown> | undefined,
      header,
      timeout: options.timeout ?? TIMEOUT_MS,
      ...(options.binaryReply ? { responseType: 'arraybuffer' as const, dataType: 'binary' } : { dataType: 'json' }),
    });
    return { statusCode: res.statusCode, data: res.data, header: (res.header ?? {}) as Record<string, string> };
  } catch {
    // Taro rejects only when no HTTP reply arrived (offline, DNS, timeout, domain not allowed)
    throw new ApiError('NETWORK', NETWORK_MESSAGE, 0);
  }
}

/**
 * UTF-8 bytes to a string. WeChat's runtime has no TextDecoder on every base library, and the
 * error body of a binary request (a photo, a spreadsheet) arrives as bytes: its Chinese
 * message must still read right.
 */
export function decodeUtf8(buffer: ArrayBuffer): string {
  if (typeof TextDecoder !== 'undefined') return new TextDecoder('utf-8').decode(buffer);
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    let cp: number;
    let extra: number;
    if (b < 0x80) [cp, extra] = [b, 0];
    else if (b >= 0xf0) [cp, extra] = [b & 0x07, 3];
    else if (b >= 0xe0) [cp, extra] = [b & 0x0f, 2];
    else [cp, extra] = [b & 0x1f, 1];
    for (let k = 1; k <= extra; k++) cp = (cp << 6) | ((bytes[i + k] ?? 0) & 0x3f);
    out += String.fromCodePoint(cp);
    i += extra + 1;
  }
  return out;
}

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

function toError(reply: RawReply): ApiError {
  let data = reply.data;
  if (isArrayBuffer(data)) {
    try {
      data = JSON.parse(decodeUtf8(data)) as unknown;
    } catch {
      data = null;
    }
  }
  if (isErrorBody(data)) {
    const { code, message, details, requestId, hint } = data.error;
    return new ApiError(code, message, reply.statusCode, details ?? [], requestId, hint);
  }
  // not the bff's error shape: a proxy or gateway answered
  return new ApiError('HTTP', `服务暂时不可用，请稍后再试（${reply.statusCode}）`, reply.statusCode);
}

function isOk(reply: RawReply): boolean {
  return reply.statusCode >= 200 && reply.statusCode < 300;
}

/**
 * The bff rotates refresh tokens and treats a reused one as stolen (closing every session),
 * so concurrent 401s must share one refresh call.
 */
let refreshing: Promise<boolean> | null = null;

async function refreshTokens(refreshToken: string): Promise<boolean> {
  const reply = await send('POST', '/api/auth/refresh', { refreshToken }, null);
  if (isOk(reply)) {
    const { tokens } = reply.data as { tokens: TokenPair };
    saveTokens(tokens);
    return true;
  }
  // the refresh token is gone too: signed out
  clearTokens();
  return false;
}

function refreshOnce(refreshToken: string): Promise<boolean> {
  if (!refreshing) {
    refreshing = refreshTokens(refreshToken).finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

/** Renewed this long before the device's clock says the access token expires. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * The stored tokens, renewed first when the access token has expired by the device's clock.
 * The bff's public routes (a team's page, the team list) do not refuse an expired token: they
 * answer as to a guest, so a team admin would silently lose their role on the page. Null when
 * signed out, or when the refresh token is gone too.
 */
async function currentTokens(now: number = Date.now()): Promise<StoredTokens | null> {
  const tokens = getTokens();
  if (!tokens || tokens.accessExpiresAt <= 0 || tokens.accessExpiresAt - EXPIRY_MARGIN_MS > now) return tokens;
  return (await refreshOnce(tokens.refreshToken)) ? getTokens() : null;
}

/** Sends with the access token; refreshes once on AUTH.TOKEN_EXPIRED and retries. */
async function exchange(
  method: HttpMethod,
  path: string,
  body: unknown,
  useAuth: boolean,
  options: SendOptions,
): Promise<RawReply> {
  const tokens = useAuth ? await currentTokens() : null;
  let reply = await send(method, path, body, tokens?.accessToken ?? null, options);

  if (!isOk(reply) && tokens) {
    const error = toError(reply);
    if (error.code === 'AUTH.TOKEN_EXPIRED') {
      // another request may have refreshed already: then just retry with the new token
      const current = getTokens();
      const renewed =
        current && current.accessToken !== tokens.accessToken ? true : await refreshOnce(tokens.refreshToken);
      if (!renewed) throw error;
      reply = await send(method, path, body, getTokens()?.accessToken ?? null, options);
    } else if (error.code === 'AUTH.TOKEN_INVALID') {
      clearTokens();
      throw error;
    }
  }

  if (!isOk(reply)) throw toError(reply);
  return reply;
}

export async function request<T>(
  method: HttpMethod,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const reply = await exchange(method, path, body, options.auth !== false, {
    contentType: options.contentType,
    timeout: options.timeout,
  });
  return (reply.statusCode === 204 ? undefined : reply.data) as T;
}

export interface BinaryReply {
  data: ArrayBuffer;
  /** the reply's Content-Type, e.g. `image/png` */
  contentType: string;
}

/** A GET whose reply is a file (a photo, an SVG card, a spreadsheet template), as bytes. */
export async function requestBinary(path: string, options: Pick<RequestOptions, 'auth' | 'timeout'> = {}) {
  const reply = await exchange('GET', path, undefined, options.auth !== false, {
    binaryReply: true,
    timeout: options.timeout,
  });
  const typeKey = Object.keys(reply.header).find((k) => k.toLowerCase() === 'content-type');
  const data = isArrayBuffer(reply.data) ? reply.data : new ArrayBuffer(0);
  return { data, contentType: typeKey ? String(reply.header[typeKey]) : '' } satisfies BinaryReply;
}
