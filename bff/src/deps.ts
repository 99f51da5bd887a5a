import type { DataSource } from 'typeorm';
import type { Config } from '@zhiyuan/config';
import type { Clock } from './clock';
import type { Logger } from './logger';
import type { WechatClient } from './modules/accounts/wechat.client';
import type { LoginLimiter } from './modules/accounts/login-limiter';
import type { IdentityVerifier } from './modules/volunteers/verifier';
import type { PersonalData } from './personal-data';
import type { FileStorage } from './storage';

/** What the app is built from; tests assemble their own (a manual clock, a local WeChat stand-in). */
export interface AppDeps {
  config: Config;
  db: DataSource;
  logger: Logger;
  clock: Clock;
  wechat: WechatClient;
  loginLimiter: LoginLimiter;
  personalData: PersonalData;
  storage: FileStorage;
  verifier: IdentityVerifier;
}
