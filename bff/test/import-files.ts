import ExcelJS from 'exceljs';
import { gb11643CheckChar, IMPORT_COLUMNS, type ImportJobDto } from '@zhiyuan/shared';
import { AccountRole } from '../src/db/entities';
import { newId } from '../src/ids';
import { newAccount, type TestApp } from './harness';

/* Helpers of the import and conflict tests (A-5, V-4): spreadsheets built with exceljs, uploads, admins. */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const HEADERS = IMPORT_COLUMNS.map((c) => c.header);

let serial = 0;
/** A valid, unique resident ID number (GB 11643) born in `birth` in `region`. */
export function residentId(region = '110101', birth = '19900307'): string {
  serial += 1;
  const body = `${region}${birth}${String(serial % 1000).padStart(3, '0')}`;
  if (serial >= 1000) throw new Error('residentId: more than 999 numbers for one region and birth date');
  return body + gb11643CheckChar(body);
}

/** Distinct valid numbers for many rows: the birth date walks through the days of the years. */
export function residentIds(n: number, region = '110101'): string[] {
  const out: string[] = [];
  const start = Date.UTC(1960, 0, 1);
  for (let i = 0; i < n; i++) {
    const d = new Date(start + Math.floor(i / 500) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const body = `${region}${d}${String((i % 500) * 2 + 1).padStart(3, '0')}`;
    out.push(body + gb11643CheckChar(body));
  }
  return out;
}

export type Cells = Array<string | number | null>;

/** A row of the template's columns. */
export function row(p: {
  name?: string;
  type?: string;
  number: string | number;
  mobile?: string | number | null;
  email?: string | null;
  region?: string | number;
  team?: string | null;
  hours?: number | string | null;
}): Cells {
  return [
    p.name ?? '李四',
    p.type ?? '居民身份证',
    p.number,
    p.mobile === undefined ? '13800138000' : p.mobile,
    p.email === undefined ? null : p.email,
    p.region ?? '110101',
    p.team === undefined ? '东城区志愿服务队' : p.team,
    p.hours === undefined ? null : p.hours,
  ];
}

/** An .xlsx whose first sheet holds `header` then `rows` (exceljs, as a spreadsheet program writes it). */
export async function workbook(rows: Cells[], header: Cells = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('志愿者');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface Upload {
  status: number;
  body: any;
}

export async function upload(
  app: TestApp,
  token: string | undefined,
  data: Buffer | string,
  options: { fileName?: string; type?: string } = {},
): Promise<Upload> {
  const headers: Record<string, string> = { 'content-type': options.type ?? XLSX_MIME };
  if (token) headers.authorization = `Bearer ${token}`;
  const qs = options.fileName ? `?fileName=${encodeURIComponent(options.fileName)}` : '';
  const res = await fetch(`${app.url}/api/admin/imports${qs}`, { method: 'POST', headers, body: data });
  return { status: res.status, body: await res.json() };
}

/** Polls the job until it has ended. */
export async function finished(app: TestApp, token: string, id: string, ms = 20_000): Promise<ImportJobDto> {
  const end = Date.now() + ms;
  for (;;) {
    const res = await app.http.get<ImportJobDto>(`/api/admin/imports/${id}`, token);
    if (res.status !== 200) throw new Error(`GET job: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.status === 'succeeded' || res.body.status === 'failed') return res.body;
    if (Date.now() > end) throw new Error(`import still ${res.body.status} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Uploads and waits for the end. */
export async function importFile(
  app: TestApp,
  token: string,
  data: Buffer,
  fileName = '测试.xlsx',
): Promise<ImportJobDto> {
  const res = await upload(app, token, data, { fileName });
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
  return finished(app, token, res.body.id);
}

/** A signed-in account; with a role, that role is granted in the database and the token carries it. */
export async function signIn(
  app: TestApp,
  role?: { role: 'regional_admin' | 'system_admin'; regionCode: string | null },
): Promise<{ token: string; accountId: string }> {
  const a = newAccount();
  const res = await app.http.post('/api/accounts', a);
  if (res.status !== 201) throw new Error(`sign-up: ${res.status} ${JSON.stringify(res.body)}`);
  const accountId = res.body.user.id as string;
  if (role) {
    await app.deps.db
      .getRepository(AccountRole)
      .insert({ id: newId(), accountId, role: role.role, regionCode: role.regionCode, createdAt: app.clock.now() });
  }
  return { token: await app.login(a.username, a.password), accountId };
}
