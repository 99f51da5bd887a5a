import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Every setting of the product: its env variable, default and meaning. The README's
 * configuration table is this list. This is the one place that reads `process.env`.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().default('0.0.0.0'),
  TRUST_PROXY: bool.default(false),
  DATA_DIR: z.string().default('data'),
  DB_URL: z
    .string()
    .default('')
    .refine(
      (v) => v === '' || /^(mysql|mariadb|sqlite):/.test(v),
      'DB_URL must start with mysql://, mariadb:// or sqlite:',
    ),
  DB_POOL_SIZE: int(10, 1, 500),
  PUBLIC_URL: z.string().default(''),
  JWT_SECRET: z.string().default(''),
  INTERNAL_SECRET: z.string().default(''),
  DATA_KEY: z.string().default(''),
  ACCESS_TOKEN_TTL: int(900, 30),
  REFRESH_TOKEN_TTL: int(30 * 24 * 3600, 60),
  LOGIN_MAX_FAILURES: int(5, 1),
  LOGIN_BLOCK_SECONDS: int(15 * 60, 1),
  BODY_LIMIT_KB: int(256, 1, 10240),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TIME_ZONE: z.string().default('Asia/Shanghai'),
  H5_DIR: z.string().default(''),
  WECHAT_API_BASE: z.string().default('https://api.weixin.qq.com'),
  WECHAT_APPID: z.string().default(''),
  WECHAT_SECRET: z.string().default(''),
  WECHAT_TEMPLATE_VERIFICATION: z.string().default(''),
  WECHAT_TEMPLATE_JOIN_REQUEST: z.string().default(''),
  SMTP_URL: z.string().default(''),
  MAIL_FROM: z.string().default('志愿服务信息系统 <noreply@zhiyuan.local>'),
  GROUP_ROBOT_URL: z.string().default(''),
  GROUP_ROBOT_KIND: z.enum(['wecom', 'dingtalk', 'feishu']).default('wecom'),
  GROUP_ROBOT_SECRET: z.string().default(''),
  BFF_URL: z.string().default(''),
  BOT_POLL_SECONDS: int(5, 1, 3600),
  BOT_BATCH_SIZE: int(50, 1, 1000),
  BOT_LEASE_SECONDS: int(60, 5, 3600),
  BOT_SEND_TIMEOUT_MS: int(10000, 100),
  BOT_DISABLED_JOBS: z.string().default(''),
  VERIFIER: z.enum(['rules', 'manual']).default('rules'),
  CARD_TOKEN_SECONDS: int(60, 10, 3600),
  DEMO: bool.default(false),
});

export type Env = z.infer<typeof envSchema>;

export type DbConfig =
  { type: 'sqlite'; database: string } | { type: 'mariadb' | 'mysql'; url: string; poolSize: number };

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  trustProxy: boolean;
  dataDir: string;
  db: DbConfig;
  publicUrl: string;
  h5Dir: string;
  secrets: { jwt: string; internal: string; dataKey: Buffer };
  auth: {
    accessTokenTtl: number;
    refreshTokenTtl: number;
    loginMaxFailures: number;
    loginBlockSeconds: number;
  };
  bodyLimitKb: number;
  logLevel: Env['LOG_LEVEL'];
  timeZone: string;
  wechat: { apiBase: string; appId: string; secret: string; templates: { verification: string; joinRequest: string } };
  mail: { smtpUrl: string; from: string };
  groupRobot: { url: string; kind: Env['GROUP_ROBOT_KIND']; secret: string };
  bot: {
    bffUrl: string;
    pollSeconds: number;
    batchSize: number;
    leaseSeconds: number;
    sendTimeoutMs: number;
    disabledJobs: string[];
  };
  /** identity source (V-5): `rules` checks the document rules of V-1; `manual` sends everyone to manual verification */
  verifier: Env['VERIFIER'];
  /** how long one QR code of the volunteer card lives (V-8) */
  cardTokenSeconds: number;
  demo: boolean;
}

/** Describes each variable for `--help` and the README. */
export const SETTINGS_DOC: Record<keyof Env, string> = {
  NODE_ENV: 'development, production or test',
  PORT: 'HTTP port of the bff (API and the H5 app)',
  HOST: 'address the bff listens on',
  TRUST_PROXY: 'true behind a load balancer: client addresses come from X-Forwarded-For',
  DATA_DIR: 'folder of the embedded database, generated secrets, uploads and dev mail',
  DB_URL:
    'empty for the embedded SQLite file in DATA_DIR; mysql://user:pass@host:3306/db or mariadb://… for MySQL/MariaDB',
  DB_POOL_SIZE: 'connections in the MySQL pool',
  PUBLIC_URL: 'address people open, used in e-mails (default http://localhost:PORT)',
  JWT_SECRET: 'key that signs access tokens (generated into DATA_DIR/secrets.json when empty)',
  INTERNAL_SECRET: 'shared secret of the bot and the bff internal endpoints (generated when empty)',
  DATA_KEY: '32-byte key (hex or base64) that encrypts personal data at rest (generated when empty)',
  ACCESS_TOKEN_TTL: 'seconds an access token lives',
  REFRESH_TOKEN_TTL: 'seconds a refresh token lives',
  LOGIN_MAX_FAILURES: 'wrong passwords in a row before a user name and address are slowed down',
  LOGIN_BLOCK_SECONDS: 'how long that slow-down lasts',
  BODY_LIMIT_KB: 'largest JSON body accepted, in KiB',
  LOG_LEVEL: 'pino log level',
  TIME_ZONE: 'zone of days, deadlines and schedules',
  H5_DIR: 'built H5 app served at / (default miniapp/dist/h5)',
  WECHAT_API_BASE: 'base URL of the WeChat server API',
  WECHAT_APPID: 'mini-program AppID',
  WECHAT_SECRET: 'mini-program AppSecret',
  WECHAT_TEMPLATE_VERIFICATION:
    'subscribe-message template id for the result of real-name verification (empty: not sent)',
  WECHAT_TEMPLATE_JOIN_REQUEST: 'subscribe-message template id telling team admins of a join request (empty: not sent)',
  SMTP_URL: 'smtp://user:pass@host:port for e-mail; empty writes e-mails as .eml files under DATA_DIR/mail',
  MAIL_FROM: 'sender of e-mails',
  GROUP_ROBOT_URL: "webhook of the operators' chat-group robot (empty: none)",
  GROUP_ROBOT_KIND: 'wecom, dingtalk or feishu',
  GROUP_ROBOT_SECRET: 'signing secret of a DingTalk or Feishu robot',
  BFF_URL: 'where the bot reaches the bff (default http://127.0.0.1:PORT)',
  BOT_POLL_SECONDS: 'how often the bot drains the outbox',
  BOT_BATCH_SIZE: 'messages claimed at once',
  BOT_LEASE_SECONDS: 'how long a claim holds a message before another bot may take it',
  BOT_SEND_TIMEOUT_MS: 'time-out of one delivery',
  BOT_DISABLED_JOBS: 'comma-separated scheduled jobs this bot does not run',
  VERIFIER:
    'identity source of real-name verification: rules (document rules of V-1) or manual (every volunteer verified by hand)',
  CARD_TOKEN_SECONDS: 'seconds one volunteer-card QR code is valid (a new one is shown every minute)',
  DEMO: 'fill the embedded database with a demo region at start',
};

function parseKey(value: string): Buffer {
  const buf = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (buf.length !== 32) throw new Error('DATA_KEY must be 32 bytes, as 64 hex characters or base64');
  return buf;
}

interface StoredSecrets {
  jwt: string;
  internal: string;
  dataKey: string;
}

/** Secrets not given in the environment are generated once and kept in DATA_DIR. */
function resolveSecrets(env: Env, dataDir: string): Config['secrets'] {
  let stored: Partial<StoredSecrets> = {};
  const file = resolve(dataDir, 'secrets.json');
  const missing = !env.JWT_SECRET || !env.INTERNAL_SECRET || !env.DATA_KEY;
  if (missing) {
    mkdirSync(dataDir, { recursive: true });
    if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoredSecrets>;
    const next: StoredSecrets = {
      jwt: stored.jwt ?? randomBytes(32).toString('base64url'),
      internal: stored.internal ?? randomBytes(32).toString('base64url'),
      dataKey: stored.dataKey ?? randomBytes(32).toString('hex'),
    };
    if (next.jwt !== stored.jwt || next.internal !== stored.internal || next.dataKey !== stored.dataKey) {
      writeFileSync(file, JSON.stringify(next, null, 2), { mode: 0o600 });
    }
    stored = next;
  }
  return {
    jwt: env.JWT_SECRET || stored.jwt!,
    internal: env.INTERNAL_SECRET || stored.internal!,
    dataKey: parseKey(env.DATA_KEY || stored.dataKey!),
  };
}

function dbConfig(env: Env, dataDir: string): DbConfig {
  if (!env.DB_URL) return { type: 'sqlite', database: resolve(dataDir, 'zhiyuan.sqlite') };
  if (env.DB_URL.startsWith('sqlite:')) {
    const path = env.DB_URL.replace(/^sqlite:(\/\/)?/, '');
    return { type: 'sqlite', database: path === ':memory:' ? path : resolve(path) };
  }
  const type = env.DB_URL.startsWith('mariadb:') ? 'mariadb' : 'mysql';
  return { type, url: env.DB_URL.replace(/^mariadb:/, 'mysql:'), poolSize: env.DB_POOL_SIZE };
}

export class ConfigError extends Error {}

/** Reads and validates the configuration; throws `ConfigError` with every problem listed. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, root = process.cwd()): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = source[key];
    if (v !== undefined) picked[key] = v;
  }
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const dataDir = resolve(root, env.DATA_DIR);
  let secrets: Config['secrets'];
  try {
    secrets = resolveSecrets(env, dataDir);
  } catch (err) {
    throw new ConfigError(`invalid configuration: ${(err as Error).message}`);
  }
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    trustProxy: env.TRUST_PROXY,
    dataDir,
    db: dbConfig(env, dataDir),
    publicUrl: (env.PUBLIC_URL || `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    h5Dir: resolve(root, env.H5_DIR || 'miniapp/dist/h5'),
    secrets,
    auth: {
      accessTokenTtl: env.ACCESS_TOKEN_TTL,
      refreshTokenTtl: env.REFRESH_TOKEN_TTL,
      loginMaxFailures: env.LOGIN_MAX_FAILURES,
      loginBlockSeconds: env.LOGIN_BLOCK_SECONDS,
    },
    bodyLimitKb: env.BODY_LIMIT_KB,
    logLevel: env.LOG_LEVEL,
    timeZone: env.TIME_ZONE,
    wechat: {
      apiBase: env.WECHAT_API_BASE.replace(/\/$/, ''),
      appId: env.WECHAT_APPID,
      secret: env.WECHAT_SECRET,
      templates: { verification: env.WECHAT_TEMPLATE_VERIFICATION, joinRequest: env.WECHAT_TEMPLATE_JOIN_REQUEST },
    },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    groupRobot: { url: env.GROUP_ROBOT_URL, kind: env.GROUP_ROBOT_KIND, secret: env.GROUP_ROBOT_SECRET },
    bot: {
      bffUrl: (env.BFF_URL || `http://127.0.0.1:${env.PORT}`).replace(/\/$/, ''),
      pollSeconds: env.BOT_POLL_SECONDS,
      batchSize: env.BOT_BATCH_SIZE,
      leaseSeconds: env.BOT_LEASE_SECONDS,
      sendTimeoutMs: env.BOT_SEND_TIMEOUT_MS,
      disabledJobs: env.BOT_DISABLED_JOBS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    },
    verifier: env.VERIFIER,
    cardTokenSeconds: env.CARD_TOKEN_SECONDS,
    demo: env.DEMO,
  };
}
