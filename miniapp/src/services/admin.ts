/** The regional admin endpoints (A-5, A-6; V-4, V-5, V-7, V-9). */
import type { IdentityConflictDto, ImportJobDto, Page, VerificationState, VolunteerDto } from '@zhiyuan/shared';
import { XLSX_TYPE, type PickedFile } from './files';
import { queryString } from './query';
import { request, requestBinary, type BinaryReply } from './request';

export const ADMIN_PAGE_SIZE = 20;

const query = queryString;

const volunteerPath = (id: string) => `/api/admin/volunteers/${encodeURIComponent(id)}`;

/** GET /api/admin/verifications: the manual review queue of the admin's region. */
export function listVerifications(page: number): Promise<Page<VolunteerDto>> {
  return request('GET', `/api/admin/verifications${query({ page, pageSize: ADMIN_PAGE_SIZE })}`);
}

export interface VolunteerSearch {
  q?: string;
  state?: VerificationState;
  page: number;
}

/** GET /api/admin/volunteers: by name, volunteer number or user name. */
export function searchVolunteers(search: VolunteerSearch): Promise<Page<VolunteerDto>> {
  const qs = query({ q: search.q?.trim(), state: search.state, page: search.page, pageSize: ADMIN_PAGE_SIZE });
  return request('GET', `/api/admin/volunteers${qs}`);
}

/** GET /api/admin/volunteers/:id: the document number unmasked for the admin of that region. */
export function getVolunteer(id: string): Promise<VolunteerDto> {
  return request('GET', volunteerPath(id));
}

/** GET /api/admin/volunteers/:id/photo: the uploaded document photo, as bytes. */
export function fetchVolunteerPhoto(id: string): Promise<BinaryReply> {
  return requestBinary(`${volunteerPath(id)}/photo`, { timeout: 30000 });
}

export type VerificationDecision = { decision: 'verify' } | { decision: 'reject'; reason: string };

/** POST /api/admin/volunteers/:id/verification (V-5). */
export function decideVerification(id: string, decision: VerificationDecision): Promise<VolunteerDto> {
  return request('POST', `${volunteerPath(id)}/verification`, decision);
}

/** POST /api/admin/volunteers/:id/freeze or /unfreeze (V-7). */
export function setFrozen(id: string, frozen: boolean): Promise<VolunteerDto> {
  return request('POST', `${volunteerPath(id)}/${frozen ? 'freeze' : 'unfreeze'}`);
}

/** POST /api/admin/volunteers/:id/reset-password (V-9): the new password, shown once. */
export function resetVolunteerPassword(id: string): Promise<{ password: string }> {
  return request('POST', `${volunteerPath(id)}/reset-password`);
}

/** GET /api/admin/imports/template.xlsx */
export function fetchImportTemplate(): Promise<BinaryReply> {
  return requestBinary('/api/admin/imports/template.xlsx', { timeout: 30000 });
}

/** POST /api/admin/imports?fileName=…, the raw xlsx → 202 (A-5, V-3). */
export function startImport(file: PickedFile): Promise<ImportJobDto> {
  return request('POST', `/api/admin/imports${query({ fileName: file.name })}`, file.data, {
    contentType: XLSX_TYPE,
    // up to 30 MB over a phone connection
    timeout: 300000,
  });
}

/** GET /api/admin/imports/:id */
export function getImport(id: string): Promise<ImportJobDto> {
  return request('GET', `/api/admin/imports/${encodeURIComponent(id)}`);
}

/** GET /api/admin/imports */
export function listImports(page = 1): Promise<Page<ImportJobDto>> {
  return request('GET', `/api/admin/imports${query({ page, pageSize: ADMIN_PAGE_SIZE })}`);
}

/** GET /api/admin/conflicts (V-4) */
export function listConflicts(page: number): Promise<Page<IdentityConflictDto>> {
  return request('GET', `/api/admin/conflicts${query({ page, pageSize: ADMIN_PAGE_SIZE })}`);
}

/** POST /api/admin/conflicts/merge: keeps one record, merges the others into it. */
export function mergeRecords(keepId: string, mergeIds: string[]): Promise<VolunteerDto> {
  return request('POST', '/api/admin/conflicts/merge', { keepId, mergeIds });
}
