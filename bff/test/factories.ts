import { gb11643CheckChar } from '@zhiyuan/shared';
import { AccountRole, Volunteer, type VolunteerRow } from '../src/db/entities';
import { newId } from '../src/ids';
import { newAccount, type TestApp } from './harness';

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
export async function importedRecord(app: TestApp, input: { realName: string; documentNumber: string; regionCode?: string; minutes?: number }): Promise<VolunteerRow> {
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
