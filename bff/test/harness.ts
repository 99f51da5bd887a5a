import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { loadConfig, type Config } from '@zhiyuan/config';
import { ManualClock } from '../src/clock';
import { startServer, type Started } from '../src/server';
import type { WechatClient } from '../src/modules/accounts/wechat.client';

/**
 * Test harness: the real app on a real database. SQLite (a temp file) by default; with
 * DB_URL=mysql://… a fresh database per test file on that server, dropped afterwards.
 */
export const DIALECT =
  process.env.DB_URL?.startsWith('mysql') || process.env.DB_URL?.startsWith('mariadb') ? 'mysql' : 'sqlite';

export interface TestApp extends Started {
  clock: ManualClock;
  config: Config;
  http: Http;
  /** signs in and returns an access token */
  login(username: string, password: string): Promise<string>;
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class Http {
  constructor(readonly base: string) {}
  async request<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  get<T = any>(path: string, token?: string) {
    return this.request<T>('GET', path, { token });
  }
  post<T = any>(path: string, body?: unknown, token?: string) {
    return this.request<T>('POST', path, { body, token });
  }
}

async function freshMysqlUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.DB_URL!.replace(/^mariadb:/, 'mysql:'));
  const name = `zy_t_${randomBytes(5).toString('hex')}`;
  const admin = new URL(base.toString());
  admin.pathname = '/';
  const conn = await createConnection(admin.toString());
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString().replace(/^mysql:/, process.env.DB_URL!.startsWith('mariadb') ? 'mariadb:' : 'mysql:'),
    drop: async () => {
      const c = await createConnection(admin.toString());
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

export async function startTestApp(
  options: { env?: Record<string, string>; wechat?: WechatClient; clock?: ManualClock } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zy-test-'));
  let drop = async () => {};
  let dbUrl = '';
  if (DIALECT === 'mysql') {
    const fresh = await freshMysqlUrl();
    dbUrl = fresh.url;
    drop = fresh.drop;
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DB_URL: dbUrl,
    JWT_SECRET: 'test-jwt-secret',
    INTERNAL_SECRET: 'test-internal-secret',
    DATA_KEY: '00'.repeat(32),
    LOG_LEVEL: 'silent',
    H5_DIR: join(dataDir, 'no-h5'),
    ...options.env,
  });
  const clock = options.clock ?? new ManualClock();
  const started = await startServer(config, { clock, ...(options.wechat ? { wechat: options.wechat } : {}) });
  const http = new Http(started.url);
  return {
    ...started,
    clock,
    config,
    http,
    async login(username, password) {
      const res = await http.post('/api/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.tokens.accessToken as string;
    },
    async close() {
      await started.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A valid, unique sign-up body. */
export function newAccount(overrides: Record<string, unknown> = {}) {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}${randomBytes(2).toString('hex')}`;
  return {
    username: `user_${tag}`.slice(0, 32),
    password: 'abc12345',
    email: `${tag}@example.com`,
    ...overrides,
  };
}
