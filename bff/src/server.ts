import type { Server } from 'node:http';
import { join } from 'node:path';
import { PersonalData } from './personal-data';
import { FolderStorage } from './storage';
import { ManualOnlyVerifier, RulesVerifier } from './modules/volunteers/verifier';
import type { DataSource } from 'typeorm';
import type { Config } from '@zhiyuan/config';
import { createApp } from './app';
import { systemClock, type Clock } from './clock';
import { openDatabase } from './db/data-source';
import type { AppDeps } from './deps';
import { createLogger, type Logger } from './logger';
import { LoginLimiter } from './modules/accounts/login-limiter';
import { HttpWechatClient, type WechatClient } from './modules/accounts/wechat.client';
import { AdminService } from './modules/admin/admin.service';
import { RegionsService } from './modules/regions/regions.service';
import { seedDemo, type DemoAccount } from './modules/admin/demo.service';

export function buildDeps(
  config: Config,
  db: DataSource,
  overrides: Partial<Pick<AppDeps, 'clock' | 'logger' | 'wechat' | 'verifier' | 'storage'>> = {},
): AppDeps {
  const clock: Clock = overrides.clock ?? systemClock;
  const logger: Logger = overrides.logger ?? createLogger(config);
  const wechat: WechatClient =
    overrides.wechat ?? new HttpWechatClient(config.wechat.apiBase, config.wechat.appId, config.wechat.secret);
  return {
    config,
    db,
    clock,
    logger,
    wechat,
    loginLimiter: new LoginLimiter(config.auth.loginMaxFailures, config.auth.loginBlockSeconds),
    personalData: new PersonalData(config.secrets.dataKey),
    storage: overrides.storage ?? new FolderStorage(join(config.dataDir, 'uploads')),
    verifier: overrides.verifier ?? (config.verifier === 'manual' ? new ManualOnlyVerifier() : new RulesVerifier()),
  };
}

export interface Started {
  deps: AppDeps;
  server: Server;
  url: string;
  admin: { username: string; password: string | null };
  /** demo accounts created at this start (DEMO=true) */
  demo: DemoAccount[];
  close(): Promise<void>;
}

/** Opens the database, applies migrations, loads regions, makes sure a system admin exists, listens. */
export async function startServer(config: Config, overrides: Parameters<typeof buildDeps>[2] = {}): Promise<Started> {
  const db = await openDatabase(config.db);
  const deps = buildDeps(config, db, overrides);
  const seeded = await new RegionsService(deps).seed();
  if (seeded) deps.logger.info({ regions: seeded }, 'regions loaded');
  const admin = await new AdminService(deps).ensureSystemAdmin();
  const demo = config.demo ? await seedDemo(deps) : [];
  const { koa: app, idle } = createApp(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    deps,
    server,
    url: `http://127.0.0.1:${port}`,
    admin,
    demo,
    async close() {
      // in-flight requests get a few seconds to finish, then their connections are cut
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 3000).unref();
      });
      // a running import finishes (it is one transaction) before the database closes
      await Promise.race([idle(), new Promise((r) => setTimeout(r, 30_000).unref())]);
      await db.destroy();
    },
  };
}
