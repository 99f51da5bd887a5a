import Taro from '@tarojs/taro';
import type { TokenPair } from '@zhiyuan/shared';

/** The signed-in session kept on the device (weapp storage / H5 localStorage). */
export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  /** ms since epoch when the access token expires (informational; the bff decides) */
  accessExpiresAt: number;
}

const KEY = 'zhiyuan.session.v1';

export function getTokens(): StoredTokens | null {
  const raw: unknown = Taro.getStorageSync(KEY);
  if (typeof raw !== 'string' || raw === '') return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredTokens>;
    if (typeof value.accessToken !== 'string' || typeof value.refreshToken !== 'string') return null;
    return {
      accessToken: value.accessToken,
      refreshToken: value.refreshToken,
      accessExpiresAt: typeof value.accessExpiresAt === 'number' ? value.accessExpiresAt : 0,
    };
  } catch {
    return null;
  }
}

export function saveTokens(tokens: TokenPair, now: number = Date.now()): void {
  const stored: StoredTokens = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    accessExpiresAt: now + tokens.expiresIn * 1000,
  };
  // stored as a string so weapp and H5 storage hold the same thing
  Taro.setStorageSync(KEY, JSON.stringify(stored));
}

export function clearTokens(): void {
  Taro.removeStorageSync(KEY);
}

export function isSignedIn(): boolean {
  return getTokens() !== null;
}
