import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';

/**
 * Chinese text survives the streaming reader wherever the zip chunks split a character
 * (exceljs's own reader garbled about one name in a thousand in files this size). The reader
 * runs in a plain Node process on the built bff, because the fix replaces an exceljs module
 * in Node's module cache, which jest's module registry does not use.
 */
it('reads every Chinese name of a large sheet intact', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('志愿者');
  ws.addRow(['姓名', '证件类型', '证件号码']);
  const names: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const name = `导入${'一二三四五六七八九十'[i % 10]}${'甲乙丙丁戊己庚辛壬癸'[Math.floor(i / 10) % 10]}${i}`;
    names.push(name);
    ws.addRow([name, '居民身份证', `x${i}`]);
  }
  const dir = mkdtempSync(join(tmpdir(), 'zy-xlsx-'));
  try {
    const file = join(dir, 'names.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    const xlsx = resolve(__dirname, '../dist/modules/imports/xlsx.js');
    const script = `
      const { sheetRows } = require(${JSON.stringify(xlsx)});
      (async () => {
        const out = [];
        for await (const r of sheetRows(require('fs').readFileSync(${JSON.stringify(file)}), 3)) if (r.number > 1) out.push(String(r.cells[0]));
        process.stdout.write(JSON.stringify(out));
      })();`;
    const read = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { maxBuffer: 64 * 1024 * 1024 }).toString(),
    ) as string[];
    expect(read.filter((n) => n.includes('\ufffd'))).toEqual([]);
    expect(read).toEqual(names);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
