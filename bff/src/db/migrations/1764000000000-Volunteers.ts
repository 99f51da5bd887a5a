import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, instant, int, str } from './columns';

/* Volunteers (V-1 … V-9): records, identity claims, sequences, password resets, imports. Portable. */
export class Volunteers1764000000000 implements MigrationInterface {
  name = 'Volunteers1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'volunteers',
        columns: [
          id,
          str('account_id', 36, true),
          str('real_name', 50),
          str('document_type', 24),
          str('document_number_enc', 255),
          str('document_hash', 64),
          str('gender', 8, true),
          str('birth_date', 10, true),
          str('region_code', 6),
          str('address', 200, true),
          str('mobile', 20, true),
          str('email', 254, true),
          { name: 'skills', type: 'text' },
          { name: 'service_categories', type: 'text' },
          str('guardian_name', 50, true),
          str('guardian_mobile', 20, true),
          instant('consent_at', true),
          str('volunteer_number', 15, true),
          str('verification_state', 16),
          str('verification_reason', 200, true),
          instant('verification_updated_at'),
          str('photo_key', 100, true),
          str('source', 12),
          str('import_job_id', 36, true),
          str('imported_team_name', 100, true),
          int('imported_minutes'),
          str('merged_into', 36, true),
          instant('created_at'),
          instant('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'uq_volunteers_account', columnNames: ['account_id'], isUnique: true }),
          new TableIndex({ name: 'uq_volunteers_number', columnNames: ['volunteer_number'], isUnique: true }),
          new TableIndex({ name: 'ix_volunteers_document', columnNames: ['document_hash'] }),
          // region first: a regional admin's queue and lists are prefix scans of its region
          new TableIndex({ name: 'ix_volunteers_region_state', columnNames: ['region_code', 'verification_state'] }),
          new TableIndex({ name: 'ix_volunteers_import', columnNames: ['import_job_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'identity_claims',
        columns: [
          { name: 'document_hash', type: 'varchar', length: '64', isPrimary: true },
          str('volunteer_id', 36),
          instant('created_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sequences',
        columns: [{ name: 'name', type: 'varchar', length: '64', isPrimary: true }, int('value')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'password_resets',
        columns: [
          id,
          str('account_id', 36),
          str('code_hash', 64),
          int('attempts'),
          instant('expires_at'),
          instant('used_at', true),
          instant('created_at'),
        ],
        indices: [new TableIndex({ name: 'ix_password_resets_account', columnNames: ['account_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'import_jobs',
        columns: [
          id,
          str('actor_id', 36),
          str('region_code', 6, true),
          str('file_name', 200),
          str('status', 12),
          int('total_rows', true),
          int('processed_rows'),
          int('imported_rows'),
          int('conflict_rows'),
          int('error_count'),
          { name: 'errors', type: 'text', isNullable: true },
          instant('created_at'),
          instant('finished_at', true),
        ],
        indices: [new TableIndex({ name: 'ix_import_jobs_created', columnNames: ['created_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['import_jobs', 'password_resets', 'sequences', 'identity_claims', 'volunteers'])
      await q.dropTable(t);
  }
}
