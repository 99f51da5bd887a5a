import { Readable } from 'node:stream';
import ExcelJS from './exceljs';

/*
 * The spreadsheet side of imports: recognising an .xlsx upload without unpacking it,
 * streaming the rows of its data sheet, and reading a cell as text. No rule lives here.
 */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The sheet of the template that explains the columns; never read as data. */
export const INSTRUCTIONS_SHEET = '填写说明';

export type XlsxSniff = { ok: true } | { ok: false; message: string };

const NOT_XLSX = '文件不是 .xlsx 格式的表格，请下载导入模板，按模板填写后上传';
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** what the parts of an honest import file may unpack to; a "zip bomb" claims more */
const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

/**
 * Recognises an .xlsx from its bytes, before anything is unpacked: a zip (local header
 * signature) whose central directory lists a workbook and at least one worksheet. Old .xls
 * files and password-protected workbooks (both OLE2 containers) get their own advice.
 */
export function sniffXlsx(buf: Buffer): XlsxSniff {
  if (buf.length >= 8 && buf.subarray(0, 8).equals(OLE2)) {
    return {
      ok: false,
      message: '这是旧版 .xls 文件或设置了密码的表格：请在 Excel 或 WPS 中取消密码并“另存为” .xlsx 格式后再导入',
    };
  }
  if (buf.length < 30 || buf.readUInt32LE(0) !== 0x04034b50) return { ok: false, message: NOT_XLSX };
  const names = centralDirectory(buf);
  if (!names) return { ok: false, message: '文件已损坏或不完整，请重新保存后再上传' };
  if (names.unpackedBytes > MAX_UNPACKED_BYTES) return { ok: false, message: '文件解压后过大，请分成多个文件导入' };
  const hasWorkbook = names.entries.includes('xl/workbook.xml');
  const hasSheet = names.entries.some((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n));
  return hasWorkbook && hasSheet ? { ok: true } : { ok: false, message: NOT_XLSX };
}

/** The entry names of a zip from its central directory (zip64 included); null when unreadable. */
function centralDirectory(buf: Buffer): { entries: string[]; unpackedBytes: number } | null {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    // zip64: the locator just before the end record points at the zip64 end record
    const locator = eocd - 20;
    if (locator < 0 || buf.readUInt32LE(locator) !== 0x07064b50) return null;
    const end64 = Number(buf.readBigUInt64LE(locator + 8));
    if (end64 + 56 > buf.length || buf.readUInt32LE(end64) !== 0x06064b50) return null;
    count = Number(buf.readBigUInt64LE(end64 + 32));
    offset = Number(buf.readBigUInt64LE(end64 + 48));
  }
  const entries: string[] = [];
  let unpackedBytes = 0;
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    if (p + 46 + nameLength > buf.length) return null;
    entries.push(buf.toString('utf8', p + 46, p + 46 + nameLength));
    // 0xffffffff: the real size is in the zip64 extra field; count it as large but not a bomb
    unpackedBytes += size === 0xffffffff ? 0 : size;
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { entries, unpackedBytes };
}

/** A row of the data sheet: its number in the sheet (the header is row 1) and its cells, 1-based. */
export interface SheetRow {
  number: number;
  /** `cells[0]` is column A */
  cells: unknown[];
}

/** The workbook could not be read (corrupt parts, no sheet): the import fails with this message. */
export class XlsxReadError extends Error {}

/**
 * Streams the rows of the data sheet (the first sheet that is not the template's
 * instructions): the XML is parsed as it is unpacked, so memory grows with the shared
 * strings of the file, not with a workbook model. Other sheets are read through and dropped
 * so the reader can clean up after itself.
 */
export async function* sheetRows(data: Buffer, columns: number): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(data), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let found = false;
  try {
    for await (const sheet of reader) {
      const take = !found && (sheet as { name?: string }).name !== INSTRUCTIONS_SHEET;
      if (take) found = true;
      for await (const row of sheet) {
        if (!take) continue;
        const values = row.values as unknown[];
        const cells: unknown[] = [];
        for (let c = 1; c <= columns; c++) cells.push(values[c]);
        yield { number: row.number, cells };
      }
    }
  } catch (err) {
    if (err instanceof XlsxReadError) throw err;
    throw new XlsxReadError(
      `表格无法读取（${(err as Error).message ?? err}），请用 Excel 或 WPS 重新保存为 .xlsx 后再导入`,
    );
  }
  if (!found) throw new XlsxReadError('表格中没有工作表');
}

/**
 * A cell as the text a person sees: shared and inline strings, rich text, hyperlinks,
 * formula results and numbers all become trimmed text. `null` for an empty cell.
 */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text?: string }>; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(v.richText))
      return (
        v.richText
          .map((r) => r.text ?? '')
          .join('')
          .trim() || null
      );
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return null;
}
