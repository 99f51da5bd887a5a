import { EntitySchema } from 'typeorm';
import type { Channel, OutboxStatus, RegionLevel, Role } from '@zhiyuan/shared';

/*
 * Row types and their TypeORM mapping, kept apart from the domain (STYLE.md): the domain
 * in `@zhiyuan/shared` knows nothing of these. Instants are UTC `datetime(3)`.
 */

export type AccountStatus = 'active' | 'frozen';

export interface AccountRow {
  id: string;
  username: string;
  passwordHash: string | null;
  email: string | null;
  mobile: string | null;
  regionCode: string | null;
  wechatOpenid: string | null;
  status: AccountStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface AccountRoleRow {
  id: string;
  accountId: string;
  role: Role;
  regionCode: string | null;
  createdAt: Date;
}

export interface RefreshTokenRow {
  id: string;
  accountId: string;
  tokenHash: string;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
}

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  population: number | null;
}

export interface OutboxRow {
  id: string;
  event: string;
  channel: Channel;
  recipient: string;
  subject: string;
  body: string;
  payload: string | null;
  idempotencyKey: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface JobLeaseRow {
  name: string;
  owner: string | null;
  leaseUntil: Date | null;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastResult: string | null;
}

export interface AuditLogRow {
  id: string;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  detail: string | null;
  createdAt: Date;
}

const id = { type: 'varchar' as const, length: 36, primary: true };
const instant = (nullable = false) => ({ type: 'datetime' as const, precision: 3, nullable });

export const Account = new EntitySchema<AccountRow>({
  name: 'Account',
  tableName: 'accounts',
  columns: {
    id,
    username: { type: 'varchar', length: 32 },
    passwordHash: { name: 'password_hash', type: 'varchar', length: 255, nullable: true },
    email: { type: 'varchar', length: 254, nullable: true },
    mobile: { type: 'varchar', length: 20, nullable: true },
    regionCode: { name: 'region_code', type: 'varchar', length: 6, nullable: true },
    wechatOpenid: { name: 'wechat_openid', type: 'varchar', length: 64, nullable: true },
    status: { type: 'varchar', length: 16 },
    createdAt: { name: 'created_at', ...instant() },
    updatedAt: { name: 'updated_at', ...instant() },
  },
});

export const AccountRole = new EntitySchema<AccountRoleRow>({
  name: 'AccountRole',
  tableName: 'account_roles',
  columns: {
    id,
    accountId: { name: 'account_id', type: 'varchar', length: 36 },
    role: { type: 'varchar', length: 24 },
    regionCode: { name: 'region_code', type: 'varchar', length: 6, nullable: true },
    createdAt: { name: 'created_at', ...instant() },
  },
});

export const RefreshToken = new EntitySchema<RefreshTokenRow>({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  columns: {
    id,
    accountId: { name: 'account_id', type: 'varchar', length: 36 },
    tokenHash: { name: 'token_hash', type: 'varchar', length: 64 },
    expiresAt: { name: 'expires_at', ...instant() },
    revokedAt: { name: 'revoked_at', ...instant(true) },
    createdAt: { name: 'created_at', ...instant() },
  },
});

export const Region = new EntitySchema<RegionRow>({
  name: 'Region',
  tableName: 'regions',
  columns: {
    code: { type: 'varchar', length: 6, primary: true },
    name: { type: 'varchar', length: 64 },
    level: { type: 'varchar', length: 8 },
    parentCode: { name: 'parent_code', type: 'varchar', length: 6, nullable: true },
    population: { type: 'int', nullable: true },
  },
});

export const Outbox = new EntitySchema<OutboxRow>({
  name: 'Outbox',
  tableName: 'outbox',
  columns: {
    id,
    event: { type: 'varchar', length: 64 },
    channel: { type: 'varchar', length: 16 },
    recipient: { type: 'varchar', length: 512 },
    subject: { type: 'varchar', length: 200 },
    body: { type: 'text' },
    payload: { type: 'text', nullable: true },
    idempotencyKey: { name: 'idempotency_key', type: 'varchar', length: 191 },
    status: { type: 'varchar', length: 12 },
    attempts: { type: 'int' },
    nextAttemptAt: { name: 'next_attempt_at', ...instant() },
    leaseOwner: { name: 'lease_owner', type: 'varchar', length: 100, nullable: true },
    leaseUntil: { name: 'lease_until', ...instant(true) },
    lastError: { name: 'last_error', type: 'varchar', length: 1000, nullable: true },
    createdAt: { name: 'created_at', ...instant() },
    sentAt: { name: 'sent_at', ...instant(true) },
  },
});

export const JobLease = new EntitySchema<JobLeaseRow>({
  name: 'JobLease',
  tableName: 'job_leases',
  columns: {
    name: { type: 'varchar', length: 64, primary: true },
    owner: { type: 'varchar', length: 100, nullable: true },
    leaseUntil: { name: 'lease_until', ...instant(true) },
    lastStartedAt: { name: 'last_started_at', ...instant(true) },
    lastFinishedAt: { name: 'last_finished_at', ...instant(true) },
    lastResult: { name: 'last_result', type: 'text', nullable: true },
  },
});

export const AuditLog = new EntitySchema<AuditLogRow>({
  name: 'AuditLog',
  tableName: 'audit_log',
  columns: {
    id,
    actorId: { name: 'actor_id', type: 'varchar', length: 36, nullable: true },
    action: { type: 'varchar', length: 64 },
    targetType: { name: 'target_type', type: 'varchar', length: 32 },
    targetId: { name: 'target_id', type: 'varchar', length: 64, nullable: true },
    detail: { type: 'text', nullable: true },
    createdAt: { name: 'created_at', ...instant() },
  },
});

export const ENTITIES = [Account, AccountRole, RefreshToken, Region, Outbox, JobLease, AuditLog];
