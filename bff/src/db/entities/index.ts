import { EntitySchema } from 'typeorm';
import type {
  Channel,
  DocumentType,
  ImportStatus,
  JoinMode,
  OutboxStatus,
  RegionLevel,
  RegistrationStatus,
  ReviewerKind,
  RobotKind,
  Role,
  TeamStatus,
  UnitLevel,
  VerificationState,
  VolunteerSource,
} from '@zhiyuan/shared';

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

export interface VolunteerRow {
  id: string;
  accountId: string | null;
  realName: string;
  documentType: DocumentType;
  /** AES-256-GCM ciphertext (personal-data.ts); never stored in plain text */
  documentNumberEnc: string;
  /** keyed hash of the normalised number, for look-ups and uniqueness */
  documentHash: string;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  regionCode: string;
  address: string | null;
  mobile: string | null;
  email: string | null;
  skills: string;
  serviceCategories: string;
  guardianName: string | null;
  guardianMobile: string | null;
  consentAt: Date | null;
  volunteerNumber: string | null;
  verificationState: VerificationState;
  verificationReason: string | null;
  verificationUpdatedAt: Date;
  photoKey: string | null;
  source: VolunteerSource;
  importJobId: string | null;
  importedTeamName: string | null;
  /** service hours brought in with an import, in minutes (H-7) */
  importedMinutes: number;
  /** set when an admin merged this record into another (V-4); the row is kept */
  mergedInto: string | null;
  /** T-8: the work unit the volunteer names */
  unitId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface IdentityClaimRow {
  documentHash: string;
  volunteerId: string;
  createdAt: Date;
}

export interface SequenceRow {
  name: string;
  value: number;
}

export interface PasswordResetRow {
  id: string;
  accountId: string;
  codeHash: string;
  attempts: number;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: Date;
}

export interface ImportJobRow {
  id: string;
  actorId: string;
  regionCode: string | null;
  fileName: string;
  status: ImportStatus;
  totalRows: number | null;
  processedRows: number;
  importedRows: number;
  conflictRows: number;
  errorCount: number;
  errors: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export const Volunteer = new EntitySchema<VolunteerRow>({
  name: 'Volunteer',
  tableName: 'volunteers',
  columns: {
    id,
    accountId: { name: 'account_id', type: 'varchar', length: 36, nullable: true },
    realName: { name: 'real_name', type: 'varchar', length: 50 },
    documentType: { name: 'document_type', type: 'varchar', length: 24 },
    documentNumberEnc: { name: 'document_number_enc', type: 'varchar', length: 255 },
    documentHash: { name: 'document_hash', type: 'varchar', length: 64 },
    gender: { type: 'varchar', length: 8, nullable: true },
    birthDate: { name: 'birth_date', type: 'varchar', length: 10, nullable: true },
    regionCode: { name: 'region_code', type: 'varchar', length: 6 },
    address: { type: 'varchar', length: 200, nullable: true },
    mobile: { type: 'varchar', length: 20, nullable: true },
    email: { type: 'varchar', length: 254, nullable: true },
    skills: { type: 'text' },
    serviceCategories: { name: 'service_categories', type: 'text' },
    guardianName: { name: 'guardian_name', type: 'varchar', length: 50, nullable: true },
    guardianMobile: { name: 'guardian_mobile', type: 'varchar', length: 20, nullable: true },
    consentAt: { name: 'consent_at', ...instant(true) },
    volunteerNumber: { name: 'volunteer_number', type: 'varchar', length: 15, nullable: true },
    verificationState: { name: 'verification_state', type: 'varchar', length: 16 },
    verificationReason: { name: 'verification_reason', type: 'varchar', length: 200, nullable: true },
    verificationUpdatedAt: { name: 'verification_updated_at', ...instant() },
    photoKey: { name: 'photo_key', type: 'varchar', length: 100, nullable: true },
    source: { type: 'varchar', length: 12 },
    importJobId: { name: 'import_job_id', type: 'varchar', length: 36, nullable: true },
    importedTeamName: { name: 'imported_team_name', type: 'varchar', length: 100, nullable: true },
    importedMinutes: { name: 'imported_minutes', type: 'int' },
    mergedInto: { name: 'merged_into', type: 'varchar', length: 36, nullable: true },
    unitId: { name: 'unit_id', type: 'varchar', length: 36, nullable: true },
    createdAt: { name: 'created_at', ...instant() },
    updatedAt: { name: 'updated_at', ...instant() },
  },
});

export const IdentityClaim = new EntitySchema<IdentityClaimRow>({
  name: 'IdentityClaim',
  tableName: 'identity_claims',
  columns: {
    documentHash: { name: 'document_hash', type: 'varchar', length: 64, primary: true },
    volunteerId: { name: 'volunteer_id', type: 'varchar', length: 36 },
    createdAt: { name: 'created_at', ...instant() },
  },
});

export const Sequence = new EntitySchema<SequenceRow>({
  name: 'Sequence',
  tableName: 'sequences',
  columns: {
    name: { type: 'varchar', length: 64, primary: true },
    value: { type: 'int' },
  },
});

export const PasswordReset = new EntitySchema<PasswordResetRow>({
  name: 'PasswordReset',
  tableName: 'password_resets',
  columns: {
    id,
    accountId: { name: 'account_id', type: 'varchar', length: 36 },
    codeHash: { name: 'code_hash', type: 'varchar', length: 64 },
    attempts: { type: 'int' },
    expiresAt: { name: 'expires_at', ...instant() },
    usedAt: { name: 'used_at', ...instant(true) },
    createdAt: { name: 'created_at', ...instant() },
  },
});

export const ImportJob = new EntitySchema<ImportJobRow>({
  name: 'ImportJob',
  tableName: 'import_jobs',
  columns: {
    id,
    actorId: { name: 'actor_id', type: 'varchar', length: 36 },
    regionCode: { name: 'region_code', type: 'varchar', length: 6, nullable: true },
    fileName: { name: 'file_name', type: 'varchar', length: 200 },
    status: { type: 'varchar', length: 12 },
    totalRows: { name: 'total_rows', type: 'int', nullable: true },
    processedRows: { name: 'processed_rows', type: 'int' },
    importedRows: { name: 'imported_rows', type: 'int' },
    conflictRows: { name: 'conflict_rows', type: 'int' },
    errorCount: { name: 'error_count', type: 'int' },
    errors: { type: 'text', nullable: true },
    createdAt: { name: 'created_at', ...instant() },
    finishedAt: { name: 'finished_at', ...instant(true) },
  },
});

export interface TeamRow {
  id: string;
  name: string;
  regionCode: string;
  registrationStatus: RegistrationStatus;
  creditCode: string | null;
  certificateKey: string | null;
  liaisonTeamId: string | null;
  reviewerKind: ReviewerKind;
  /** for the registration authority: the region whose regional admins review */
  reviewerRegionCode: string | null;
  status: TeamStatus;
  rejectReason: string | null;
  submittedAt: Date;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  lastRemindedAt: Date | null;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  serviceCategories: string;
  description: string | null;
  joinMode: JoinMode;
  acceptsSubTeams: boolean;
  robotUrl: string | null;
  robotKind: RobotKind;
  robotSecret: string | null;
  unitId: string | null;
  applicantAccountId: string;
  memberCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface TeamMemberRow {
  id: string;
  teamId: string;
  accountId: string;
  volunteerId: string | null;
  role: 'admin' | 'member';
  joinedAt: Date;
}

export interface JoinRequestRow {
  id: string;
  teamId: string;
  accountId: string;
  volunteerId: string | null;
  kind: 'request' | 'invitation';
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  message: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
}

export interface UnitRow {
  id: string;
  name: string;
  regionCode: string;
  level: UnitLevel;
  staffCount: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The registration authority (登记机关) of a region, its contacts and group robot (T-1, T-5). */
export interface RegionAuthorityRow {
  regionCode: string;
  authorityName: string;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  robotUrl: string | null;
  robotKind: RobotKind;
  robotSecret: string | null;
  updatedAt: Date;
}

/** One review digest per reviewer per day, never two (T-5). */
export interface DigestSendRow {
  id: string;
  reviewerKey: string;
  digestDate: string;
  teamCount: number;
  createdAt: Date;
}

export const Team = new EntitySchema<TeamRow>({
  name: 'Team',
  tableName: 'teams',
  columns: {
    id,
    name: { type: 'varchar', length: 50 },
    regionCode: { name: 'region_code', type: 'varchar', length: 6 },
    registrationStatus: { name: 'registration_status', type: 'varchar', length: 16 },
    creditCode: { name: 'credit_code', type: 'varchar', length: 18, nullable: true },
    certificateKey: { name: 'certificate_key', type: 'varchar', length: 100, nullable: true },
    liaisonTeamId: { name: 'liaison_team_id', type: 'varchar', length: 36, nullable: true },
    reviewerKind: { name: 'reviewer_kind', type: 'varchar', length: 16 },
    reviewerRegionCode: { name: 'reviewer_region_code', type: 'varchar', length: 6, nullable: true },
    status: { type: 'varchar', length: 12 },
    rejectReason: { name: 'reject_reason', type: 'varchar', length: 200, nullable: true },
    submittedAt: { name: 'submitted_at', ...instant() },
    reviewedAt: { name: 'reviewed_at', ...instant(true) },
    reviewedBy: { name: 'reviewed_by', type: 'varchar', length: 36, nullable: true },
    lastRemindedAt: { name: 'last_reminded_at', ...instant(true) },
    address: { type: 'varchar', length: 200, nullable: true },
    contactName: { name: 'contact_name', type: 'varchar', length: 50, nullable: true },
    contactPhone: { name: 'contact_phone', type: 'varchar', length: 30, nullable: true },
    contactEmail: { name: 'contact_email', type: 'varchar', length: 254, nullable: true },
    serviceCategories: { name: 'service_categories', type: 'text' },
    description: { type: 'text', nullable: true },
    joinMode: { name: 'join_mode', type: 'varchar', length: 8 },
    acceptsSubTeams: { name: 'accepts_sub_teams', type: 'boolean' },
    robotUrl: { name: 'robot_url', type: 'varchar', length: 500, nullable: true },
    robotKind: { name: 'robot_kind', type: 'varchar', length: 10 },
    robotSecret: { name: 'robot_secret', type: 'varchar', length: 200, nullable: true },
    unitId: { name: 'unit_id', type: 'varchar', length: 36, nullable: true },
    applicantAccountId: { name: 'applicant_account_id', type: 'varchar', length: 36 },
    memberCount: { name: 'member_count', type: 'int' },
    createdAt: { name: 'created_at', ...instant() },
    updatedAt: { name: 'updated_at', ...instant() },
  },
});

export const TeamMember = new EntitySchema<TeamMemberRow>({
  name: 'TeamMember',
  tableName: 'team_members',
  columns: {
    id,
    teamId: { name: 'team_id', type: 'varchar', length: 36 },
    accountId: { name: 'account_id', type: 'varchar', length: 36 },
    volunteerId: { name: 'volunteer_id', type: 'varchar', length: 36, nullable: true },
    role: { type: 'varchar', length: 8 },
    joinedAt: { name: 'joined_at', ...instant() },
  },
});

export const JoinRequest = new EntitySchema<JoinRequestRow>({
  name: 'JoinRequest',
  tableName: 'join_requests',
  columns: {
    id,
    teamId: { name: 'team_id', type: 'varchar', length: 36 },
    accountId: { name: 'account_id', type: 'varchar', length: 36 },
    volunteerId: { name: 'volunteer_id', type: 'varchar', length: 36, nullable: true },
    kind: { type: 'varchar', length: 12 },
    status: { type: 'varchar', length: 12 },
    message: { type: 'varchar', length: 200, nullable: true },
    createdAt: { name: 'created_at', ...instant() },
    decidedAt: { name: 'decided_at', ...instant(true) },
    decidedBy: { name: 'decided_by', type: 'varchar', length: 36, nullable: true },
  },
});

export const Unit = new EntitySchema<UnitRow>({
  name: 'Unit',
  tableName: 'units',
  columns: {
    id,
    name: { type: 'varchar', length: 100 },
    regionCode: { name: 'region_code', type: 'varchar', length: 6 },
    level: { type: 'varchar', length: 12 },
    staffCount: { name: 'staff_count', type: 'int' },
    createdBy: { name: 'created_by', type: 'varchar', length: 36 },
    createdAt: { name: 'created_at', ...instant() },
    updatedAt: { name: 'updated_at', ...instant() },
  },
});

export const RegionAuthority = new EntitySchema<RegionAuthorityRow>({
  name: 'RegionAuthority',
  tableName: 'region_authorities',
  columns: {
    regionCode: { name: 'region_code', type: 'varchar', length: 6, primary: true },
    authorityName: { name: 'authority_name', type: 'varchar', length: 100 },
    contactName: { name: 'contact_name', type: 'varchar', length: 50, nullable: true },
    contactPhone: { name: 'contact_phone', type: 'varchar', length: 30, nullable: true },
    contactEmail: { name: 'contact_email', type: 'varchar', length: 254, nullable: true },
    robotUrl: { name: 'robot_url', type: 'varchar', length: 500, nullable: true },
    robotKind: { name: 'robot_kind', type: 'varchar', length: 10 },
    robotSecret: { name: 'robot_secret', type: 'varchar', length: 200, nullable: true },
    updatedAt: { name: 'updated_at', ...instant() },
  },
});

export const DigestSend = new EntitySchema<DigestSendRow>({
  name: 'DigestSend',
  tableName: 'digest_sends',
  columns: {
    id,
    reviewerKey: { name: 'reviewer_key', type: 'varchar', length: 64 },
    digestDate: { name: 'digest_date', type: 'varchar', length: 10 },
    teamCount: { name: 'team_count', type: 'int' },
    createdAt: { name: 'created_at', ...instant() },
  },
});

export const ENTITIES = [
  Team,
  TeamMember,
  JoinRequest,
  Unit,
  RegionAuthority,
  DigestSend,
  Account,
  AccountRole,
  RefreshToken,
  Region,
  Outbox,
  JobLease,
  AuditLog,
  Volunteer,
  IdentityClaim,
  Sequence,
  PasswordReset,
  ImportJob,
];
