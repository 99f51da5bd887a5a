/**
 * The one HTTP client of the mini-program: the only module that calls `Taro.request`.
 * Replies that are not 2xx become a typed `ApiError` carrying the bff's code and Chinese
 * message; an expired access token is refreshed once and the request retried.
 */
import Taro from '@tarojs/taro';
import { isErrorBody, type ErrorCode, type ErrorDetail, type TokenPair } from '@zhiyuan/shared';
import { clearTokens, getTokens, saveTokens } from './token';

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

  constructor(code: ApiErrorCode, message: string, status: number, details: ErrorDetail[] = [], requestId?: string) {
    super(message);
    // keeps `instanceof` and the methods when the code is compiled to ES5 (WeChat's 「ES6 转 ES5」)
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
    if (requestId) this.requestId = requestId;
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
}

interface RawReply {
  statusCode: number;
  data: unknown;
}

async function send(method: HttpMethod, path: string, body: unknown, accessToken: string | null): Promise<RawReply> {
  const header: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) header['Content-Type'] = 'application/json';
  if (accessToken) header.Authorization = `Bearer ${accessToken}`;
  try {
    const res = await Taro.request({
      url: `${API_BASE}${path}`,
      method,
      data: body as Record<string, unknown> | undefined,
      header,
      timeout: TIMEOUT_MS,
      dataType: 'json',
    });
    return { statusCode: res.statusCode, data: res.data };
  } catch {
    // Taro rejects only when no HTTP reply arrived (offline, DNS, timeout, domain not allowed)
    throw new ApiError('NETWORK', NETWORK_MESSAGE, 0);
  }
}

function toError(reply: RawReply): ApiError {
  if (isErrorBody(reply.data)) {
    const { code, message, details, requestId } = reply.data.error;
    return new ApiError(code, message, reply.statusCode, details ?? [], requestId);
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

export async function request<T>(
  method: HttpMethod,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const useAuth = options.auth !== false;
  const tokens = useAuth ? getTokens() : null;
  let reply = await send(method, path, body, tokens?.accessToken ?? null);

  if (!isOk(reply) && tokens) {
    const error = toError(reply);
    if (error.code === 'AUTH.TOKEN_EXPIRED') {
      // another request may have refreshed already: then just retry with the new token
      const current = getTokens();
      const renewed =
        current && current.accessToken !== tokens.accessToken ? true : await refreshOnce(tokens.refreshToken);
      if (!renewed) throw error;
      reply = await send(method, path, body, getTokens()?.accessToken ?? null);
    } else if (error.code === 'AUTH.TOKEN_INVALID') {
      clearTokens();
      throw error;
    }
  }

  if (!isOk(reply)) throw toError(reply);
  return (reply.statusCode === 204 ? undefined : reply.data) as T;
}
