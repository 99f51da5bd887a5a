import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DbConfig } from '@zhiyuan/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export type Dialect = 'sqlite' | 'mysql';

export function createDataSource(db: DbConfig): DataSource {
  let options: DataSourceOptions;
  if (db.type === 'sqlite') {
    if (db.database !== ':memory:') mkdirSync(dirname(db.database), { recursive: true });
    options = {
      type: 'better-sqlite3',
      database: db.database,
      enableWAL: db.database !== ':memory:',
      // writers wait for each other instead of failing at once
      prepareDatabase: (raw: { pragma(s: string): unknown }) => {
        raw.pragma('busy_timeout = 5000');
        raw.pragma('foreign_keys = ON');
      },
      entities: ENTITIES,
      migrations: MIGRATIONS,
      migrationsRun: false,
      synchronize: false,
    };
  } else {
    options = {
      type: db.type,
      url: db.url,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: db.poolSize,
      supportBigNumbers: true,
      bigNumberStrings: false,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      migrationsRun: false,
      synchronize: false,
    };
  }
  const ds = new DataSource(options);
  if (db.type === 'sqlite') serializeTransactions(ds);
  return ds;
}

/**
 * TypeORM drives better-sqlite3 through one connection, where two transactions running at
 * once would nest as savepoints of each other, and one's rollback could take the other's
 * committed work with it. SQLite writes one transaction at a time anyway, so transactions
 * here wait their turn. (MySQL/MariaDB use a pool: one connection per transaction.)
 */
function serializeTransactions(ds: DataSource): void {
  const manager = ds.manager;
  const original = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  (manager as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = (
    ...args: unknown[]
  ) => {
    const run = tail.then(() => original(...args));
    tail = run.catch(() => undefined);
    return run;
  };
}

export function dialectOf(ds: DataSource): Dialect {
  return ds.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
}

/** Opens the database and applies pending migrations (at start, and in tests). */
export async function openDatabase(db: DbConfig): Promise<DataSource> {
  const ds = createDataSource(db);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}
