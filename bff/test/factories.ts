import { gb11643CheckChar } from '@zhiyuan/shared';
import { AccountRole, Volunteer, type VolunteerRow } from '../src/db/entities';
import { newId } from '../src/ids';
import { newAccount, type TestApp } from './harness';
import { Team, type TeamRow } from '../src/db/entities';
import { grantTeamAdminRole } from '../src/modules/teams/teams.policy';
import { teamsRepository } from '../src/modules/teams/teams.repository';

let serial = 100;
/** A valid 18-character resident ID number (GB 11643) for a region and birth date. */
export function residentId(regionCode = '110101', birthDate = '19900307'): string {
  serial = (serial + 7) % 1000;
  const body = `${regionCode}${birthDate}${String(serial).padStart(3, '0')}`;
  return body + gb11643CheckChar(body);
}

/** A valid real-name registration body. */
export function newVolunteer(overrides: Record<string, unknown> = {}) {
  const base = newAccount();
  return {
    username: base.username,
    password: base.password,
    email: base.email,
    documentType: 'resident_id',
    documentNumber: residentId(),
    realName: '张三',
    regionCode: '110101',
    consent: true,
    ...overrides,
  };
}

/** Signs up an account and makes it a regional admin of `regionCode` (or a system admin when null). */
export async function adminOf(app: TestApp, regionCode: string | null): Promise<string> {
  const a = newAccount();
  const res = await app.http.post('/api/accounts', a);
  await app.deps.db.getRepository(AccountRole).insert({
    id: newId(),
    accountId: res.body.user.id,
    role: regionCode ? 'regional_admin' : 'system_admin',
    regionCode,
    createdAt: app.clock.now(),
  });
  return app.login(a.username, a.password);
}

/** An imported, not yet activated record (as the import of A-5 writes it). */
export async function importedRecord(
  app: TestApp,
  input: { realName: string; documentNumber: string; regionCode?: string; minutes?: number },
): Promise<VolunteerRow> {
  const now = app.clock.now();
  const row: VolunteerRow = {
    id: newId(),
    accountId: null,
    realName: input.realName,
    documentType: 'resident_id',
    documentNumberEnc: app.deps.personalData.encrypt(input.documentNumber),
    documentHash: app.deps.personalData.documentHash('resident_id', input.documentNumber),
    gender: null,
    birthDate: null,
    regionCode: input.regionCode ?? '110101',
    address: null,
    mobile: null,
    email: null,
    skills: '[]',
    serviceCategories: '[]',
    guardianName: null,
    guardianMobile: null,
    consentAt: null,
    volunteerNumber: null,
    verificationState: 'unverified',
    verificationReason: null,
    verificationUpdatedAt: now,
    photoKey: null,
    source: 'imported',
    importJobId: null,
    importedTeamName: '东城区志愿服务队',
    importedMinutes: input.minutes ?? 0,
    mergedInto: null,
    unitId: null,
    createdAt: now,
    updatedAt: now,
  };
  await app.deps.db.getRepository(Volunteer).insert(row);
  return row;
}

/** The smallest real PNG: 1×1 pixel. */
export const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

// ---- teams, their admins and registration authorities, written directly (T-1, T-5 set-ups) ----
// (imports kept with the factories below: this file is appended to by several areas)
import { Account, RegionAuthority, TeamMember } from '../src/db/entities';

let insertedTeams = 0;

/** Inserts a team row as registration and review leave it; pending under the authority of its region by default. */
export async function insertTeam(app: TestApp, overrides: Partial<TeamRow> = {}): Promise<TeamRow> {
  insertedTeams += 1;
  const now = app.clock.now();
  const regionCode = overrides.regionCode ?? '110101';
  const row: TeamRow = {
    id: newId(),
    name: `测试${insertedTeams}号志愿服务队`,
    regionCode,
    registrationStatus: overrides.liaisonTeamId ? 'unregistered' : 'registered_org',
    creditCode: null,
    certificateKey: null,
    liaisonTeamId: null,
    reviewerKind: overrides.liaisonTeamId ? 'liaison_team' : 'authority',
    reviewerRegionCode: overrides.liaisonTeamId ? null : regionCode,
    status: 'pending',
    rejectReason: null,
    submittedAt: now,
    reviewedAt: null,
    reviewedBy: null,
    lastRemindedAt: null,
    address: '测试地址',
    contactName: '联系人',
    contactPhone: '13800000000',
    contactEmail: null,
    serviceCategories: '[]',
    description: null,
    joinMode: 'closed',
    acceptsSubTeams: false,
    robotUrl: null,
    robotKind: 'wecom',
    robotSecret: null,
    unitId: null,
    applicantAccountId: newId(),
    memberCount: 0,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
  await app.deps.db.getRepository(Team).insert(row);
  return row;
}

/** Inserts an account (no password) with this e-mail; returns its id. */
export async function insertAccount(
  app: TestApp,
  email: string | null,
  status: 'active' | 'frozen' = 'active',
): Promise<string> {
  const now = app.clock.now();
  const id = newId();
  await app.deps.db.getRepository(Account).insert({
    id,
    username: `u_${id.replace(/-/g, '').slice(0, 20)}`,
    passwordHash: null,
    email,
    mobile: null,
    regionCode: null,
    wechatOpenid: null,
    status,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

/** Makes a new account with this e-mail an admin ('admin') or member of the team. */
export async function insertTeamMember(
  app: TestApp,
  teamId: string,
  email: string | null,
  role: 'admin' | 'member' = 'admin',
): Promise<string> {
  const accountId = await insertAccount(app, email);
  await app.deps.db
    .getRepository(TeamMember)
    .insert({ id: newId(), teamId, accountId, volunteerId: null, role, joinedAt: app.clock.now() });
  return accountId;
}

/** Makes a new account with this e-mail a regional admin of exactly `regionCode`. */
export async function insertRegionalAdmin(
  app: TestApp,
  regionCode: string,
  email: string | null,
  status: 'active' | 'frozen' = 'active',
): Promise<string> {
  const accountId = await insertAccount(app, email, status);
  await app.deps.db
    .getRepository(AccountRole)
    .insert({ id: newId(), accountId, role: 'regional_admin', regionCode, createdAt: app.clock.now() });
  return accountId;
}

/** The registration authority (登记机关) of a region, with its group robot. */
export async function insertAuthority(
  app: TestApp,
  regionCode: string,
  input: {
    authorityName?: string;
    robotUrl?: string | null;
    robotKind?: TeamRow['robotKind'];
    robotSecret?: string | null;
  } = {},
): Promise<void> {
  await app.deps.db.getRepository(RegionAuthority).insert({
    regionCode,
    authorityName: input.authorityName ?? `${regionCode}民政局`,
    contactName: null,
    contactPhone: null,
    contactEmail: null,
    robotUrl: input.robotUrl ?? null,
    robotKind: input.robotKind ?? 'wecom',
    robotSecret: input.robotSecret ?? null,
    updatedAt: app.clock.now(),
  });
}

let teamSerial = 0;
/**
 * An approved team (T-4) with `adminAccountId` as its first admin (T-7), written directly
 * until team registration (POST /api/teams) can be used in tests. Joining is closed (T-6).
 */
export async function approvedTeam(
  app: TestApp,
  adminAccountId: string,
  overrides: Partial<TeamRow> = {},
): Promise<TeamRow> {
  teamSerial += 1;
  const now = app.clock.now();
  const row: TeamRow = {
    id: newId(),
    name: `测试第${teamSerial}${randomTag()}志愿服务队`,
    regionCode: '110101',
    registrationStatus: 'unregistered',
    creditCode: null,
    certificateKey: null,
    liaisonTeamId: null,
    reviewerKind: 'authority',
    reviewerRegionCode: '110101',
    status: 'approved',
    rejectReason: null,
    submittedAt: now,
    reviewedAt: now,
    reviewedBy: null,
    lastRemindedAt: null,
    address: '东城区某街道1号',
    contactName: '王五',
    contactPhone: '13800000000',
    contactEmail: null,
    serviceCategories: '[]',
    description: null,
    joinMode: 'closed',
    acceptsSubTeams: false,
    robotUrl: null,
    robotKind: 'wecom',
    robotSecret: null,
    unitId: null,
    applicantAccountId: adminAccountId,
    memberCount: 0,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
  const em = app.deps.db.manager;
  await em.getRepository(Team).insert(row);
  const volunteer = await em.getRepository(Volunteer).findOneBy({ accountId: adminAccountId });
  await teamsRepository.addMember(em, {
    id: newId(),
    teamId: row.id,
    accountId: adminAccountId,
    volunteerId: volunteer?.id ?? null,
    role: 'admin',
    joinedAt: now,
  });
  await grantTeamAdminRole(em, adminAccountId, now);
  return { ...row, memberCount: 1 };
}

const randomTag = () => Math.random().toString(36).slice(2, 6);
