import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/*
 * The regional admins of one region (T-5: the review digest of a registration authority, and
 * the reminders to it) are found by region code and role. Without this index that look-up
 * reads every role row, and every account has one (its 'volunteer' role). Portable.
 */
export class AccountRolesRegion1764150000000 implements MigrationInterface {
  name = 'AccountRolesRegion1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'account_roles',
      new TableIndex({ name: 'ix_account_roles_region_role', columnNames: ['region_code', 'role'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('account_roles', 'ix_account_roles_region_role');
  }
}
