import type { DataValidation } from 'exceljs';
import ExcelJS from './exceljs';
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, IMPORT_COLUMNS } from '@zhiyuan/shared';
import { DOCUMENT_TYPE_CHOICES, EXAMPLE_ROW, IMPORT_LIMITS } from './import-rows';
import { INSTRUCTIONS_SHEET } from './xlsx';

export const TEMPLATE_FILE_NAME = '志愿者导入模板.xlsx';
const DATA_SHEET = '志愿者';

/** What each column takes, in the words of the instructions sheet. */
const RULES: Record<(typeof IMPORT_COLUMNS)[number]['key'], string> = {
  realName: '与证件一致的真实姓名，只能包含汉字、字母、间隔号（·）',
  documentType: `以下之一：${DOCUMENT_TYPE_CHOICES.join('、')}（见下方列表）`,
  documentNumber:
    '居民身份证为 18 位，最后一位可以是 X，按国家标准校验；其他证件按其格式检查。请把这一列设为“文本”格式，否则 Excel 会丢掉长数字的末几位。同一文件中同一证件不能出现两次',
  mobile: '11 位手机号码，可不填',
  email: '电子邮箱，可不填',
  regionCode: '6 位行政区划代码（GB/T 2260），如 110101（北京市东城区）；必须在您管理的地区范围内',
  teamName: `所在志愿团体的名称，可不填，最多 ${IMPORT_LIMITS.teamNameMax} 个字（团体功能上线后再关联）`,
  pastMinutes: `此前在其他系统记录的志愿服务时长，单位小时，可带小数（如 12.5），不小于 0、不超过 ${IMPORT_LIMITS.maxHours}；不填为 0`,
};

let cached: Promise<Buffer> | null = null;

/**
 * The import template: the data sheet with the header row and one example row
 * (a file that still holds the example is refused on that row), and the instructions sheet.
 * Built once per process.
 */
export function importTemplate(): Promise<Buffer> {
  cached ??= build().catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

async function build(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '志愿服务信息系统';
  const sheet = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.key === 'documentNumber' || c.key === 'email' || c.key === 'teamName' || c.key === 'pastMinutes' ? 24 : 14,
    // numbers typed as text keep their leading zeros and all 18 digits
    style: ['documentNumber', 'mobile', 'regionCode'].includes(c.key) ? { numFmt: '@' } : {},
  }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  IMPORT_COLUMNS.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? 'FFFCE4D6' : 'FFEDEDED' } };
    cell.note = `${c.required ? '必填' : '选填'}：${RULES[c.key]}`;
  });
  sheet.addRow({
    realName: EXAMPLE_ROW.realName,
    documentType: EXAMPLE_ROW.documentType,
    documentNumber: EXAMPLE_ROW.documentNumber,
    mobile: EXAMPLE_ROW.mobile,
    email: EXAMPLE_ROW.email,
    regionCode: EXAMPLE_ROW.regionCode,
    teamName: EXAMPLE_ROW.teamName,
    pastMinutes: EXAMPLE_ROW.pastHours,
  });
  sheet.getRow(2).font = { color: { argb: 'FF808080' }, italic: true };
  const typeColumn = String.fromCharCode(65 + IMPORT_COLUMNS.findIndex((c) => c.key === 'documentType'));
  // a range validation: exceljs writes it as one <dataValidation> (its typings omit the API)
  (sheet as unknown as { dataValidations: { add(range: string, v: DataValidation): void } }).dataValidations.add(
    `${typeColumn}2:${typeColumn}${IMPORT_LIMITS.maxRows + 1}`,
    {
      type: 'list',
      allowBlank: false,
      formulae: [`"${DOCUMENT_TYPE_CHOICES.join(',')}"`],
      showErrorMessage: true,
      errorTitle: '证件类型',
      error: `请从列表中选择：${DOCUMENT_TYPE_CHOICES.join('、')}`,
    },
  );

  const help = wb.addWorksheet(INSTRUCTIONS_SHEET);
  help.columns = [
    { header: '列', key: 'header', width: 22 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '填写要求', key: 'rule', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of IMPORT_COLUMNS)
    help.addRow({ header: c.header, required: c.required ? '必填' : '选填', rule: RULES[c.key] });
  help.addRow({});
  help.addRow({ header: '证件类型', rule: '可填写的值' }).font = { bold: true };
  for (const t of DOCUMENT_TYPES) help.addRow({ header: DOCUMENT_TYPE_LABELS[t], rule: `也可填写 ${t}` });
  help.addRow({});
  help.addRow({ header: '导入规则', rule: '' }).font = { bold: true };
  const notes = [
    '第 1 行是表头，请勿修改；第 2 行是示例，导入前请删除。数据从第 2 行开始，每行一名志愿者。',
    `一个文件最多 ${IMPORT_LIMITS.maxRows} 行，文件不超过 ${IMPORT_LIMITS.fileBytes / 1024 / 1024} MB。`,
    '只要有一行不符合要求，整个文件都不会导入：请按错误报告（第几行、哪一列、原因）修改后重新上传。',
    '证件号码已在系统中存在的，仍会导入，并列入“重复记录”，由地区管理员核对后合并；系统不会自动合并。',
    '志愿者本人用同一证件号码和姓名注册时，导入的数据（含历史服务时长）会被激活，不会重复。',
  ];
  for (const n of notes) help.addRow({ header: '', rule: n });
  help.getColumn('rule').alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** `Content-Disposition` for a download with a Chinese name (RFC 6266 / RFC 5987). */
export function attachment(fileName: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
