import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant, str } from './columns';

/*
 * Portable migration (TypeORM table API): the same file creates the schema on SQLite and
 * on MySQL/MariaDB. Instants are UTC datetime(3).
 */
export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'accounts',
        columns: [
          id,
          str('username', 32),
          str('password_hash', 255, true),
          str('email', 254, true),
          str('mobile', 20, true),
          str('region_code', 6, true),
          str('wechat_openid', 64, true),
          str('status', 16),
          instant('created_at'),
          instant('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_accounts_username', columnNames: ['username'], isUnique: true }),
          new TableIndex({ name: 'uq_accounts_email', columnNames: ['email'], isUnique: true }),
          new TableIndex({ name: 'uq_accounts_mobile', columnNames: ['mobile'], isUnique: true }),
          new TableIndex({ name: 'uq_accounts_wechat', columnNames: ['wechat_openid'], isUnique: true }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'account_roles',
        columns: [id, str('account_id', 36), str('role', 24), str('region_code', 6, true), instant('created_at')],
        indices: [new TableIndex({ name: 'ix_account_roles_account', columnNames: ['account_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          id,
          str('account_id', 36),
          str('token_hash', 64),
          instant('expires_at'),
          instant('revoked_at', true),
          instant('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_refresh_tokens_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_refresh_tokens_account', columnNames: ['account_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'regions',
        columns: [
          { name: 'code', type: 'varchar', length: '6', isPrimary: true },
          str('name', 64),
          str('level', 8),
          str('parent_code', 6, true),
          { name: 'population', type: 'int', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'ix_regions_parent', columnNames: ['parent_code'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'outbox',
        columns: [
          id,
          str('event', 64),
          str('channel', 16),
          str('recipient', 512),
          str('subject', 200),
          { name: 'body', type: 'text' },
          { name: 'payload', type: 'text', isNullable: true },
          str('idempotency_key', 191),
          str('status', 12),
          { name: 'attempts', type: 'int', default: 0 },
          instant('next_attempt_at'),
          str('lease_owner', 100, true),
          instant('lease_until', true),
          str('last_error', 1000, true),
          instant('created_at'),
          instant('sent_at', true),
        ],
        indices: [
          new TableIndex({ name: 'uq_outbox_idempotency', columnNames: ['idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'ix_outbox_due', columnNames: ['status', 'next_attempt_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'job_leases',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          str('owner', 100, true),
          instant('lease_until', true),
          instant('last_started_at', true),
          instant('last_finished_at', true),
          { name: 'last_result', type: 'text', isNullable: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          id,
          str('actor_id', 36, true),
          str('action', 64),
          str('target_type', 32),
          str('target_id', 64, true),
          { name: 'detail', type: 'text', isNullable: true },
          instant('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'ix_audit_target', columnNames: ['target_type', 'target_id'] }),
          new TableIndex({ name: 'ix_audit_created', columnNames: ['created_at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['audit_log', 'job_leases', 'outbox', 'regions', 'refresh_tokens', 'account_roles', 'accounts']) {
      await q.dropTable(t);
    }
  }
}
