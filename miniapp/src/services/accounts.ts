/** The accounts endpoints of the bff, typed (shapes from `@zhiyuan/shared`). */
import type { LoginInput, MeDto, RegisterInput, TokenPair } from '@zhiyuan/shared';
import { request } from './request';
import { clearTokens, getTokens, saveTokens } from './token';

export interface Session {
  user: MeDto;
  tokens: TokenPair;
}

export type WechatLoginResult = ({ bound: true } & Session) | { bound: false; wechatTicket: string };

/** POST /api/accounts → 201; the new account is signed in at once. */
export async function register(input: RegisterInput): Promise<Session> {
  const session = await request<Session>('POST', '/api/accounts', input, { auth: false });
  saveTokens(session.tokens);
  return session;
}

/** POST /api/auth/login */
export async function login(input: LoginInput): Promise<Session> {
  const session = await request<Session>('POST', '/api/auth/login', input, { auth: false });
  saveTokens(session.tokens);
  return session;
}

/** POST /api/auth/wechat with the code of `Taro.login()` (weapp only). */
export async function loginWithWechat(code: string): Promise<WechatLoginResult> {
  const result = await request<WechatLoginResult>('POST', '/api/auth/wechat', { code }, { auth: false });
  if (result.bound) saveTokens(result.tokens);
  return result;
}

/** GET /api/me */
export function fetchMe(): Promise<MeDto> {
  return request<MeDto>('GET', '/api/me');
}

/**
 * POST /api/auth/logout. The device forgets the session even when the bff cannot be
 * reached: the refresh token then simply expires on the server.
 */
export async function logout(): Promise<void> {
  const tokens = getTokens();
  clearTokens();
  if (!tokens) return;
  try {
    await request<void>('POST', '/api/auth/logout', { refreshToken: tokens.refreshToken }, { auth: false });
  } catch {
    // already signed out on this device; nothing the person can do about the server side
  }
}

/**
 * POST /api/auth/password-reset (V-9): a code to the e-mail. The bff answers the same whether
 * or not the address is registered, so the page never says which.
 */
export async function requestPasswordReset(email: string): Promise<void> {
  await request<{ sent: true }>('POST', '/api/auth/password-reset', { email }, { auth: false });
}

/** POST /api/auth/password-reset/confirm → 204 */
export function confirmPasswordReset(input: { email: string; code: string; newPassword: string }): Promise<void> {
  return request<void>('POST', '/api/auth/password-reset/confirm', input, { auth: false });
}
