import type { DocumentType } from './identity.rules';

/**
 * Real-name verification states (V-5):
 * unverified → verified by the identity source, or → failed; failed/rejected → manual_review
 * (photo uploaded) → verified or rejected (with a reason) by a regional admin.
 */
export const VERIFICATION_STATES = ['unverified', 'failed', 'manual_review', 'rejected', 'verified'] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];

export const VERIFICATION_LABELS: Record<VerificationState, string> = {
  unverified: '待实名认证',
  failed: '未通过实名认证，请上传证件照片等待人工认证',
  manual_review: '已上传证件照片，等待管理员人工认证',
  rejected: '人工认证未通过',
  verified: '已通过实名认证',
};

/** How a volunteer record came to be. */
export type VolunteerSource = 'registered' | 'imported';

export interface GuardianDto {
  name: string;
  mobile: string;
}

/** A volunteer as the volunteer or an admin sees it. Document number masked unless stated. */
export interface VolunteerDto {
  id: string;
  accountId: string | null;
  username: string | null;
  realName: string;
  documentType: DocumentType;
  /** masked (`11010*********1234`) except to a regional admin of the volunteer's region */
  documentNumber: string;
  documentNumberMasked: boolean;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  regionCode: string;
  regionName: string | null;
  /** 全国实名注册志愿者统一编号, once verified */
  volunteerNumber: string | null;
  verification: { state: VerificationState; label: string; reason: string | null; updatedAt: string };
  minor: boolean;
  guardian: GuardianDto | null;
  skills: string[];
  serviceCategories: string[];
  address: string | null;
  source: VolunteerSource;
  /** T-8: the work unit the volunteer named */
  unitId: string | null;
  frozen: boolean;
  createdAt: string;
}

/** GET /api/me/card (V-8). */
export interface VolunteerCardDto {
  realName: string;
  volunteerNumber: string;
  photoUrl: string | null;
  teams: Array<{ id: string; name: string }>;
  /** confirmed hours, in minutes (0 until hours are recorded) */
  totalMinutes: number;
  starLevel: number;
  /** signed token the QR code carries; it changes every minute and expires soon after */
  qrToken: string;
  /** the QR code as a PNG data URL */
  qrDataUrl: string;
  qrExpiresAt: string;
  /** when the client should fetch a fresh code */
  refreshInSeconds: number;
}

/** A row of the V-4 conflict list: one document number, several records. */
export interface IdentityConflictDto {
  key: string;
  documentType: DocumentType;
  documentNumber: string;
  records: VolunteerDto[];
}

/** Import of volunteers from a spreadsheet (A-5, V-3). */
export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export interface ImportRowError {
  row: number;
  column: string | null;
  message: string;
}
export interface ImportJobDto {
  id: string;
  fileName: string;
  status: ImportStatus;
  totalRows: number | null;
  processedRows: number;
  importedRows: number;
  /** records that share a document number with another record, listed for merging (V-4) */
  conflictRows: number;
  errors: ImportRowError[];
  errorCount: number;
  createdAt: string;
  finishedAt: string | null;
}

/** Spreadsheet columns of the volunteer import template, in order. */
export const IMPORT_COLUMNS = [
  { key: 'realName', header: '姓名', required: true },
  { key: 'documentType', header: '证件类型', required: true },
  { key: 'documentNumber', header: '证件号码', required: true },
  { key: 'mobile', header: '手机号码', required: false },
  { key: 'email', header: '电子邮箱', required: false },
  { key: 'regionCode', header: '居住地区代码', required: true },
  { key: 'teamName', header: '所在志愿团体', required: false },
  { key: 'pastMinutes', header: '历史服务时长（小时）', required: false },
] as const;
