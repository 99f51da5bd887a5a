import {
  checkDocument,
  DOCUMENT_TYPE_LABELS,
  DOCUMENT_TYPES,
  emailSchema,
  gb11643CheckChar,
  IMPORT_COLUMNS,
  mobileSchema,
  normalizeDocumentNumber,
  realNameSchema,
  type DocumentType,
  type ImportRowError,
} from '@zhiyuan/shared';
import type { z } from 'zod';
import { cellText, type SheetRow } from './xlsx';

/*
 * The row rules of the volunteer import (A-5, V-1, H-7): pure functions over the cells of
 * one row, so they are tested without a database. They would sit well in `shared` (the
 * mini-program could pre-check a file with them); they live here while only the bff uses them.
 */

export const IMPORT_LIMITS = {
  /** the upload itself */
  fileBytes: 30 * 1024 * 1024,
  /** data rows per file (the header not counted) */
  maxRows: 100_000,
  /** past service hours of one row: a sanity bound, and minutes stay far inside an int */
  maxHours: 100_000,
  teamNameMax: 100,
  /** refused cells kept with the job; the count covers them all */
  storedErrors: 1000,
  /** …and at most this much JSON, so it fits a TEXT column (64 KB) on MySQL */
  storedErrorBytes: 60_000,
  /** rows per INSERT and per look-up of existing documents */
  batchRows: 500,
  /** how often the progress of a running job is written */
  progressEvery: 1000,
} as const;

const COLUMN = Object.fromEntries(IMPORT_COLUMNS.map((c, i) => [c.key, i])) as Record<
  (typeof IMPORT_COLUMNS)[number]['key'],
  number
>;
const header = (key: keyof typeof COLUMN): string => IMPORT_COLUMNS[COLUMN[key]]!.header;

/** Accepted spellings of a document type: the Chinese labels, the English keys, and 身份证. */
const TYPE_BY_TEXT = new Map<string, DocumentType>([
  ...DOCUMENT_TYPES.map((t) => [t, t] as const),
  ...DOCUMENT_TYPES.map((t) => [DOCUMENT_TYPE_LABELS[t], t] as const),
  ['身份证', 'resident_id'],
]);

export const DOCUMENT_TYPE_CHOICES = DOCUMENT_TYPES.map((t) => DOCUMENT_TYPE_LABELS[t]);

function exampleNumber(): string {
  const body = '11010119900307123';
  return body + gb11643CheckChar(body);
}

/** The example row of the template; a file that still holds it is refused on that row. */
export const EXAMPLE_ROW = {
  realName: '张三',
  documentType: DOCUMENT_TYPE_LABELS.resident_id,
  documentNumber: exampleNumber(),
  mobile: '13800138000',
  email: 'zhangsan@example.com',
  regionCode: '110101',
  teamName: '东城区示例志愿服务队',
  pastHours: 12.5,
};

/** A checked row, ready to be written (the number is normalised; encryption happens at write). */
export interface PreparedRow {
  realName: string;
  documentType: DocumentType;
  number: string;
  hash: string;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  mobile: string | null;
  email: string | null;
  regionCode: string;
  teamName: string | null;
  minutes: number;
}

export interface RowContext {
  /** today (YYYY-MM-DD) in the configured zone: birth dates after it are refused (V-1) */
  today: string;
  regionExists(code: string): boolean;
  /** the importing admin acts in this region */
  inScope(code: string): boolean;
  documentHash(type: DocumentType, normalizedNumber: string): string;
}

/** A refused row still names its document when that was valid, so duplicates are found across refused rows too. */
export type RowResult = { ok: true; row: PreparedRow } | { ok: false; errors: ImportRowError[]; hash: string | null };

export function isBlankRow(cells: unknown[]): boolean {
  return cells.every((c) => cellText(c) === null);
}

/** Row 1 must name the template's columns, in order. */
export function checkHeader(row: SheetRow | undefined): ImportRowError[] {
  if (!row || row.number !== 1) {
    return [{ row: 1, column: null, message: `第 1 行应为表头：${IMPORT_COLUMNS.map((c) => c.header).join('、')}` }];
  }
  const errors: ImportRowError[] = [];
  IMPORT_COLUMNS.forEach((col, i) => {
    const given = (cellText(row.cells[i]) ?? '').replace(/\s+/g, '');
    if (given !== col.header) {
      errors.push({
        row: 1,
        column: col.header,
        message: `第 ${i + 1} 列的表头应为“${col.header}”${given ? `，而不是“${given}”` : ''}，请使用导入模板`,
      });
    }
  });
  return errors;
}

function firstMessage(result: z.ZodSafeParseResult<unknown>): string {
  return result.success ? '' : (result.error.issues[0]?.message ?? '格式不正确');
}

/**
 * Checks one data row. Every refused cell is reported, with the column's header and a
 * message in Chinese. Duplicates inside the file are the caller's (it sees all rows).
 */
export function checkRow(row: SheetRow, ctx: RowContext): RowResult {
  const errors: ImportRowError[] = [];
  const refuse = (key: keyof typeof COLUMN, message: string) =>
    errors.push({ row: row.number, column: header(key), message });
  const text = (key: keyof typeof COLUMN) => cellText(row.cells[COLUMN[key]]);

  let realName = '';
  const rawName = text('realName');
  if (rawName === null) refuse('realName', '请填写姓名');
  else {
    const parsed = realNameSchema.safeParse(rawName);
    if (parsed.success) realName = parsed.data;
    else refuse('realName', firstMessage(parsed));
  }

  let documentType: DocumentType | null = null;
  const rawType = text('documentType');
  if (rawType === null) refuse('documentType', '请填写证件类型');
  else {
    documentType = TYPE_BY_TEXT.get(rawType.replace(/\s+/g, '')) ?? TYPE_BY_TEXT.get(rawType.toLowerCase()) ?? null;
    if (!documentType)
      refuse('documentType', `证件类型“${rawType}”无法识别，应为：${DOCUMENT_TYPE_CHOICES.join('、')}`);
  }

  let number = '';
  let hash: string | null = null;
  let facts: { gender: 'male' | 'female' | null; birthDate: string | null } = { gender: null, birthDate: null };
  const rawNumberCell = row.cells[COLUMN.documentNumber];
  const rawNumber = text('documentNumber');
  if (rawNumber === null) refuse('documentNumber', '请填写证件号码');
  else if (typeof rawNumberCell === 'number' && Math.abs(rawNumberCell) >= 1e15) {
    // Excel keeps 15 significant digits: an 18-digit number typed into a number cell has lost its end
    refuse('documentNumber', '证件号码被表格存成了数字，末几位已经丢失：请把这一列设为“文本”格式后重新填写');
  } else if (documentType) {
    number = normalizeDocumentNumber(rawNumber);
    const check = checkDocument(documentType, number, ctx.today);
    if (!check.ok) refuse('documentNumber', check.message);
    else if (number === EXAMPLE_ROW.documentNumber) refuse('documentNumber', '这是导入模板中的示例行，请删除后再导入');
    else {
      facts = check.facts;
      hash = ctx.documentHash(documentType, number);
    }
  }

  let mobile: string | null = null;
  const rawMobile = text('mobile');
  if (rawMobile !== null) {
    const parsed = mobileSchema.safeParse(rawMobile);
    if (parsed.success) mobile = parsed.data;
    else refuse('mobile', firstMessage(parsed));
  }

  let email: string | null = null;
  const rawEmail = text('email');
  if (rawEmail !== null) {
    const parsed = emailSchema.safeParse(rawEmail);
    if (parsed.success) email = parsed.data;
    else refuse('email', firstMessage(parsed));
  }

  const regionCode = text('regionCode') ?? '';
  if (!regionCode) refuse('regionCode', '请填写居住地区代码（6 位数字，如 110101）');
  else if (!/^\d{6}$/.test(regionCode))
    refuse('regionCode', `居住地区代码应为 6 位数字（如 110101），而不是“${regionCode}”`);
  else if (!ctx.regionExists(regionCode)) refuse('regionCode', `居住地区代码 ${regionCode} 不存在`);
  else if (!ctx.inScope(regionCode)) refuse('regionCode', `居住地区 ${regionCode} 不在您管理的地区范围内`);

  const teamName = text('teamName');
  if (teamName !== null && teamName.length > IMPORT_LIMITS.teamNameMax) {
    refuse('teamName', `志愿团体名称最多 ${IMPORT_LIMITS.teamNameMax} 个字`);
  }

  let minutes = 0;
  const rawHoursCell = row.cells[COLUMN.pastMinutes];
  const rawHours = text('pastMinutes');
  if (rawHours !== null) {
    const hours =
      typeof rawHoursCell === 'number' ? rawHoursCell : /^[+-]?\d+(\.\d+)?$/.test(rawHours) ? Number(rawHours) : NaN;
    if (!Number.isFinite(hours))
      refuse('pastMinutes', `历史服务时长应为数字（单位：小时，如 12.5），而不是“${rawHours}”`);
    else if (hours < 0) refuse('pastMinutes', '历史服务时长不能为负数');
    else if (hours > IMPORT_LIMITS.maxHours)
      refuse('pastMinutes', `历史服务时长不能超过 ${IMPORT_LIMITS.maxHours} 小时，请核对`);
    // H-3: hours are kept to the minute
    else minutes = Math.round(hours * 60);
  }

  if (errors.length > 0 || !documentType || hash === null) return { ok: false, errors, hash };
  return {
    ok: true,
    row: {
      realName,
      documentType,
      number,
      hash,
      gender: facts.gender,
      birthDate: facts.birthDate,
      mobile,
      email,
      regionCode,
      teamName,
      minutes,
    },
  };
}

/** The later row of a document seen twice in one file is refused, naming the first (A-5). */
export function duplicateError(row: number, firstRow: number): ImportRowError {
  return { row, column: header('documentNumber'), message: `与第 ${firstRow} 行的证件号码重复` };
}
