import { loadConfig } from '@zhiyuan/config';
import { openDatabase } from '../db/data-source';
import { AdminService } from '../modules/admin/admin.service';
import { buildDeps } from '../server';

/** npm run admin:reset-password: gives the first system admin a new generated password. */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config.db);
  const { username, password } = await new AdminService(buildDeps(config, db)).resetSystemAdminPassword();
  console.log(`system admin: ${username}\nnew password: ${password}\n(all sessions of this account were signed out)`);
  await db.destroy();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
