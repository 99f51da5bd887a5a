import { QueryFailedError } from 'typeorm';

/** The unique index a failed insert ran into, on SQLite and MySQL/MariaDB alike; null if not a duplicate. */
export function duplicateKeyOf(err: unknown): string | null {
  if (!(err instanceof QueryFailedError)) return null;
  const driver = (err as QueryFailedError & { driverError?: { code?: string; message?: string } }).driverError;
  const code = driver?.code ?? '';
  const message = driver?.message ?? err.message;
  if (code === 'ER_DUP_ENTRY') {
    // Duplicate entry 'x' for key 'accounts.uq_accounts_username' (MySQL 8) / 'uq_accounts_username' (MariaDB)
    const m = /for key '(?:[^.']+\.)?([^']+)'/.exec(message);
    return m?.[1] ?? 'unknown';
  }
  if (code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // UNIQUE constraint failed: accounts.username
    const m = /failed: (.+)$/.exec(message);
    return m?.[1] ?? 'unknown';
  }
  return null;
}
