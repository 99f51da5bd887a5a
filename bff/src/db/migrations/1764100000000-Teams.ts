import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant, str } from './columns';

/* Teams (T-1 … T-8): teams, members, join requests and invitations, units, registration authorities, review digests. Portable. */
export class Teams1764100000000 implements MigrationInterface {
  name = 'Teams1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'teams',
        columns: [
          id,
          str('name', 50),
          str('region_code', 6),
          str('registration_status', 16),
          str('credit_code', 18, true),
          str('certificate_key', 100, true),
          str('liaison_team_id', 36, true),
          str('reviewer_kind', 16),
          str('reviewer_region_code', 6, true),
          str('status', 12),
          str('reject_reason', 200, true),
          instant('submitted_at'),
          instant('reviewed_at', true),
          str('reviewed_by', 36, true),
          instant('last_reminded_at', true),
          str('address', 200, true),
          str('contact_name', 50, true),
          str('contact_phone', 30, true),
          str('contact_email', 254, true),
          { name: 'service_categories', type: 'text' },
          { name: 'description', type: 'text', isNullable: true },
          str('join_mode', 8),
          { name: 'accepts_sub_teams', type: 'boolean', default: false },
          str('robot_url', 500, true),
          str('robot_kind', 10),
          str('robot_secret', 200, true),
          str('unit_id', 36, true),
          str('applicant_account_id', 36),
          { name: 'member_count', type: 'int', default: 0 },
          instant('created_at'),
          instant('updated_at'),
        ],
        indices: [
          // T-3: names are unique within a region
          new TableIndex({ name: 'uq_teams_region_name', columnNames: ['region_code', 'name'], isUnique: true }),
          // the reviewer queues and the daily digest (T-4, T-5)
          new TableIndex({
            name: 'ix_teams_liaison_status',
            columnNames: ['liaison_team_id', 'status', 'submitted_at'],
          }),
          new TableIndex({
            name: 'ix_teams_authority_status',
            columnNames: ['reviewer_region_code', 'status', 'submitted_at'],
          }),
          new TableIndex({ name: 'ix_teams_status_submitted', columnNames: ['status', 'submitted_at'] }),
          new TableIndex({ name: 'ix_teams_unit', columnNames: ['unit_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'team_members',
        columns: [
          id,
          str('team_id', 36),
          str('account_id', 36),
          str('volunteer_id', 36, true),
          str('role', 8),
          instant('joined_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_team_members', columnNames: ['team_id', 'account_id'], isUnique: true }),
          new TableIndex({ name: 'ix_team_members_account', columnNames: ['account_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'join_requests',
        columns: [
          id,
          str('team_id', 36),
          str('account_id', 36),
          str('volunteer_id', 36, true),
          str('kind', 12),
          str('status', 12),
          str('message', 200, true),
          instant('created_at'),
          instant('decided_at', true),
          str('decided_by', 36, true),
        ],
        indices: [
          new TableIndex({ name: 'ix_join_requests_team', columnNames: ['team_id', 'status'] }),
          new TableIndex({ name: 'ix_join_requests_account', columnNames: ['account_id', 'status'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'units',
        columns: [
          id,
          str('name', 100),
          str('region_code', 6),
          str('level', 12),
          { name: 'staff_count', type: 'int' },
          str('created_by', 36),
          instant('created_at'),
          instant('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_units_region_name', columnNames: ['region_code', 'name'], isUnique: true }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'region_authorities',
        columns: [
          { name: 'region_code', type: 'varchar', length: '6', isPrimary: true },
          str('authority_name', 100),
          str('contact_name', 50, true),
          str('contact_phone', 30, true),
          str('contact_email', 254, true),
          str('robot_url', 500, true),
          str('robot_kind', 10),
          str('robot_secret', 200, true),
          instant('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'digest_sends',
        columns: [
          id,
          str('reviewer_key', 64),
          str('digest_date', 10),
          { name: 'team_count', type: 'int' },
          instant('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_digest_sends', columnNames: ['reviewer_key', 'digest_date'], isUnique: true }),
        ],
      }),
    );
    await q.addColumn(
      'volunteers',
      new TableColumn({ name: 'unit_id', type: 'varchar', length: '36', isNullable: true }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('volunteers', 'unit_id');
    for (const t of ['digest_sends', 'region_authorities', 'units', 'join_requests', 'team_members', 'teams'])
      await q.dropTable(t);
  }
}
