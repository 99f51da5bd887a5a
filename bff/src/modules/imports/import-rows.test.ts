import { gb11643CheckChar, IMPORT_COLUMNS } from '@zhiyuan/shared';
import { checkHeader, checkRow, EXAMPLE_ROW, isBlankRow, type RowContext } from './import-rows';
import { cellText, sniffXlsx } from './xlsx';

/* The row rules of the import (A-5, V-1, H-7), without a database. */

const ctx: RowContext = {
  today: '2026-11-23',
  regionExists: (c) => ['110101', '310101'].includes(c),
  inScope: (c) => c.startsWith('11'),
  documentHash: (t, n) => `${t}:${n}`,
};
const id = (body17: string) => body17 + gb11643CheckChar(body17);
const cells = (over: Partial<Record<(typeof IMPORT_COLUMNS)[number]['key'], unknown>> = {}) =>
  IMPORT_COLUMNS.map((c) =>
    c.key in over
      ? over[c.key]
      : ({
          realName: '张三',
          documentType: '居民身份证',
          documentNumber: id('11010119900307001'),
          regionCode: '110101',
        }[c.key as string] ?? null),
  );
const check = (over: Parameters<typeof cells>[0] = {}, number = 2) => checkRow({ number, cells: cells(over) }, ctx);

describe('import rows (A-5)', () => {
  it('prepares a good row: normalised number, derived gender and birth date (V-1), hours in minutes (H-7)', () => {
    const r = check({
      documentNumber: ` ${id('11010119900307002').toLowerCase()} `,
      pastMinutes: 1.75,
      mobile: 13800138000,
      email: 'A@B.cn',
    });
    expect(r).toEqual({
      ok: true,
      row: expect.objectContaining({
        documentType: 'resident_id',
        number: id('11010119900307002'),
        gender: 'female',
        birthDate: '1990-03-07',
        minutes: 105,
        mobile: '13800138000',
        email: 'a@b.cn',
        teamName: null,
      }),
    });
  });

  it('accepts the Chinese labels, the English keys and 身份证', () => {
    for (const t of ['居民身份证', 'resident_id', 'RESIDENT_ID', '身份证'])
      expect(check({ documentType: t }).ok).toBe(true);
    expect(check({ documentType: '护照', documentNumber: 'E12345678' }).ok).toBe(true);
  });

  it.each([
    [{ realName: null }, '姓名', '请填写姓名'],
    [{ documentNumber: id('11010120990101001') }, '证件号码', '证件号码中的出生日期晚于今天'],
    [
      { documentNumber: 110101199003070000 },
      '证件号码',
      '证件号码被表格存成了数字，末几位已经丢失：请把这一列设为“文本”格式后重新填写',
    ],
    [{ documentNumber: EXAMPLE_ROW.documentNumber }, '证件号码', '这是导入模板中的示例行，请删除后再导入'],
    [{ regionCode: 11010 }, '居住地区代码', '居住地区代码应为 6 位数字（如 110101），而不是“11010”'],
    [{ regionCode: '310101' }, '居住地区代码', '居住地区 310101 不在您管理的地区范围内'],
    [{ teamName: '队'.repeat(101) }, '所在志愿团体', '志愿团体名称最多 100 个字'],
    [{ pastMinutes: '12小时' }, '历史服务时长（小时）', '历史服务时长应为数字（单位：小时，如 12.5），而不是“12小时”'],
    [{ pastMinutes: 100001 }, '历史服务时长（小时）', '历史服务时长不能超过 100000 小时，请核对'],
  ])('refuses %j in column %s', (over, column, message) => {
    expect(check(over, 7)).toMatchObject({ ok: false, errors: [{ row: 7, column, message }] });
  });

  it('keeps the document of a refused row, so a later duplicate is still found', () => {
    const r = check({ mobile: '123' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.hash).toBe(`resident_id:${id('11010119900307001')}`);
  });

  it('checks the header against the template', () => {
    const good = { number: 1, cells: IMPORT_COLUMNS.map((c) => ` ${c.header} `) };
    expect(checkHeader(good)).toEqual([]);
    expect(checkHeader({ number: 2, cells: good.cells })[0]!.message).toMatch(/^第 1 行应为表头/);
    expect(checkHeader({ number: 1, cells: ['姓名'] })).toHaveLength(IMPORT_COLUMNS.length - 1);
  });

  it('reads cells as text and skips blank rows', () => {
    expect(cellText({ richText: [{ text: '张' }, { text: '三 ' }] })).toBe('张三');
    expect(cellText({ text: 'a@b.cn', hyperlink: 'mailto:a@b.cn' })).toBe('a@b.cn');
    expect(cellText({ formula: 'A1', result: 110101 })).toBe('110101');
    expect(cellText('  ')).toBeNull();
    expect(isBlankRow([null, ' ', undefined])).toBe(true);
  });

  it('recognises an .xlsx by its zip directory, and an .xls by its signature', () => {
    expect(sniffXlsx(Buffer.from('hello')).ok).toBe(false);
    expect(sniffXlsx(Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(100)]))).toEqual({
      ok: false,
      message: expect.stringContaining('.xls'),
    });
    expect(sniffXlsx(Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(100)]))).toEqual({
      ok: false,
      message: expect.stringContaining('损坏'),
    });
  });
});
