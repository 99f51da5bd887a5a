import { loadConfig } from '@zhiyuan/config';
import { openDatabase } from '../db/data-source';

/** npm run migrate: applies pending migrations to the configured database and lists them. */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config.db);
  const rows = (await db.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>;
  console.log(`database ${config.db.type}: ${rows.length} migration(s) applied`);
  for (const r of rows) console.log(`  ${r.name}`);
  await db.destroy();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
