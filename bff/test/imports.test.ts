import { request } from 'node:http';
import ExcelJS from 'exceljs';
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES } from '@zhiyuan/shared';
import { AuditLog, IdentityClaim, ImportJob, Volunteer } from '../src/db/entities';
import { newId } from '../src/ids';
import { importsRepository } from '../src/modules/imports/imports.repository';
import { DIALECT, startTestApp, type TestApp } from './harness';
import {
  finished,
  HEADERS,
  importFile,
  XLSX_MIME as XLSX,
  residentId,
  residentIds,
  row,
  signIn,
  upload,
  workbook,
} from './import-files';

describe(`volunteer import from .xlsx (A-5, V-3, H-7) (${DIALECT})`, () => {
  let app: TestApp;
  let admin: { token: string; accountId: string };

  beforeAll(async () => {
    app = await startTestApp();
    admin = await signIn(app, { role: 'regional_admin', regionCode: '110000' });
  });
  afterAll(() => app.close());

  const volunteersOf = (jobId: string) => app.deps.db.getRepository(Volunteer).countBy({ importJobId: jobId });
  const allVolunteers = () => app.deps.db.getRepository(Volunteer).count();

  it('A-5: serves the template: header row, an example row, and the instructions sheet', async () => {
    const res = await fetch(`${app.url}/api/admin/imports/template.xlsx`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.xlsx"; /);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent('志愿者导入模板.xlsx')}`);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const [data, help] = wb.worksheets;
    expect((data!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(data!.getRow(2).getCell(2).value).toBe('居民身份证');
    expect(help!.name).toBe('填写说明');
    const helpText = JSON.stringify(help!.getSheetValues());
    for (const h of HEADERS) expect(helpText).toContain(h);
    for (const t of DOCUMENT_TYPES) expect(helpText).toContain(DOCUMENT_TYPE_LABELS[t]);
  });

  it('A-5: the untouched template is refused on its example row', async () => {
    const template = await fetch(`${app.url}/api/admin/imports/template.xlsx`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    const job = await importFile(app, admin.token, Buffer.from(await template.arrayBuffer()));
    expect(job.status).toBe('failed');
    expect(job.errors).toEqual([{ row: 2, column: '证件号码', message: '这是导入模板中的示例行，请删除后再导入' }]);
  });

  it('is for signed-in admins only: 401 without a token, 403 for a volunteer', async () => {
    const file = await workbook([row({ number: residentId() })]);
    const none = await upload(app, undefined, file);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('AUTH.REQUIRED');
    const volunteer = await signIn(app);
    const refused = await upload(app, volunteer.token, file);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'AUTH.FORBIDDEN', message: '没有权限进行此操作' });
    expect((await app.http.get('/api/admin/imports', volunteer.token)).status).toBe(403);
    expect((await app.http.get('/api/admin/imports/template.xlsx', volunteer.token)).status).toBe(403);
    expect((await app.http.get('/api/admin/imports/template.xlsx')).status).toBe(401);
  });

  it('A-5: refuses what is not an .xlsx with 400 (and a wrong content type with 415), writing no job', async () => {
    const jobsBefore = await app.deps.db.getRepository(ImportJob).count();
    const text = await upload(app, admin.token, '姓名,证件号码\n张三,110101199003071234\n');
    expect(text.status).toBe(400);
    expect(text.body.error.code).toBe('IMPORT.FILE_INVALID');
    expect(text.body.error.message).toMatch(/\.xlsx/);

    const xls = await upload(
      app,
      admin.token,
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]),
    );
    expect(xls.status).toBe(400);
    expect(xls.body.error.message).toContain('.xls');

    // a zip signature with nothing behind it
    const truncated = (await workbook([row({ number: residentId() })])).subarray(0, 200);
    const broken = await upload(app, admin.token, truncated);
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('IMPORT.FILE_INVALID');

    const json = await upload(app, admin.token, JSON.stringify({ rows: [] }), { type: 'application/json' });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('IMPORT.UNSUPPORTED_MEDIA_TYPE');
    expect(await app.deps.db.getRepository(ImportJob).count()).toBe(jobsBefore);
  });

  it('A-5, H-7: imports every row of a good file, encrypted, with progress reaching the row count', async () => {
    const n = 2345;
    const numbers = residentIds(n);
    const rows = numbers.map((number, i) =>
      row({
        name: i % 2 ? '王小明' : 'Anna·Schmidt',
        // labels and English keys alike
        type: i % 3 === 0 ? 'resident_id' : '居民身份证',
        number,
        mobile: i % 4 === 0 ? null : 13800000000 + i,
        email: i % 5 === 0 ? `V${i}@Example.com` : null,
        region: i % 2 ? '110101' : 110105,
        team: i % 7 === 0 ? null : '朝阳区阳光志愿服务队',
        hours: i === 0 ? 12.5 : i % 2 ? String(i % 40) : null,
      }),
    );
    rows.splice(100, 0, [null, null, null, null, null, null, null, null]); // a blank row is skipped
    const accepted = await upload(app, admin.token, await workbook(rows), { fileName: '朝阳区志愿者.xlsx' });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      status: 'queued',
      fileName: '朝阳区志愿者.xlsx',
      processedRows: 0,
      importedRows: 0,
    });

    const job = await finished(app, admin.token, accepted.body.id);
    expect(job).toMatchObject({
      status: 'succeeded',
      totalRows: n,
      processedRows: n,
      importedRows: n,
      conflictRows: 0,
      errorCount: 0,
      errors: [],
    });
    expect(job.finishedAt).not.toBeNull();
    expect(await volunteersOf(job.id)).toBe(n);

    // the document numbers are nowhere in the table in plain text
    const raw: Array<Record<string, unknown>> = await app.deps.db.query(
      'SELECT * FROM volunteers WHERE import_job_id = ?',
      [job.id],
    );
    const dump = JSON.stringify(raw);
    for (const number of numbers.slice(0, 200)) expect(dump).not.toContain(number.slice(6));
    expect(dump).not.toContain(numbers[n - 1]);

    const first = await app.deps.db.getRepository(Volunteer).findOneByOrFail({
      importJobId: job.id,
      documentHash: app.deps.personalData.documentHash('resident_id', numbers[0]!),
    });
    expect(app.deps.personalData.decrypt(first.documentNumberEnc)).toBe(numbers[0]);
    expect(first).toMatchObject({
      source: 'imported',
      accountId: null,
      realName: 'Anna·Schmidt',
      verificationState: 'unverified',
      consentAt: null,
      skills: '[]',
      serviceCategories: '[]',
      gender: 'male',
      birthDate: '1960-01-01',
      regionCode: '110105',
      importedTeamName: null,
      importedMinutes: 750,
      mergedInto: null,
    });
    const second = await app.deps.db
      .getRepository(Volunteer)
      .findOneByOrFail({ documentHash: app.deps.personalData.documentHash('resident_id', numbers[1]!) });
    expect(second).toMatchObject({
      importedMinutes: 60,
      mobile: '13800000001',
      importedTeamName: '朝阳区阳光志愿服务队',
      regionCode: '110101',
    });
    const fifth = await app.deps.db
      .getRepository(Volunteer)
      .findOneByOrFail({ documentHash: app.deps.personalData.documentHash('resident_id', numbers[5]!) });
    expect(fifth.email).toBe('v5@example.com');

    // claims are for registered accounts only
    expect(await app.deps.db.getRepository(IdentityClaim).countBy({ volunteerId: first.id })).toBe(0);
    const audit = await app.deps.db
      .getRepository(AuditLog)
      .findOneByOrFail({ action: 'volunteers.import', targetId: job.id });
    expect(audit).toMatchObject({ actorId: admin.accountId, targetType: 'import_job' });
    expect(JSON.parse(audit.detail!)).toMatchObject({ status: 'succeeded', rows: n });
  });

  it('reports progress while it reads: processedRows every 1,000 rows, in order, then totalRows', async () => {
    const seen: number[] = [];
    const original = importsRepository.updateJob;
    const spy = jest.spyOn(importsRepository, 'updateJob').mockImplementation(async (em, id, change) => {
      if (change.processedRows !== undefined && change.totalRows === undefined && change.status === undefined)
        seen.push(change.processedRows);
      return original.call(importsRepository, em, id, change);
    });
    try {
      const job = await importFile(
        app,
        admin.token,
        await workbook(residentIds(4500, '110106').map((number) => row({ number, region: '110106' }))),
      );
      expect(job).toMatchObject({ status: 'succeeded', processedRows: 4500, totalRows: 4500 });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((n, i) => n % 1000 === 0 && n > 0 && n < 4500 && (i === 0 || n > seen[i - 1]!))).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a file over 30 MB from its declared length, before reading it (413)', async () => {
    const { hostname, port } = new URL(app.url);
    const reply = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(
        {
          hostname,
          port,
          method: 'POST',
          path: '/api/admin/imports',
          headers: {
            authorization: `Bearer ${admin.token}`,
            'content-type': XLSX,
            'content-length': String(31 * 1024 * 1024),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode!, body: JSON.parse(text) });
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      req.write(Buffer.from('PK\x03\x04'));
    });
    expect(reply.status).toBe(413);
    expect(reply.body.error).toMatchObject({
      code: 'IMPORT.FILE_TOO_LARGE',
      message: '导入文件不能超过 30 MB，请分成多个文件导入',
    });
  });

  it('A-5: three bad rows fail the whole file; each is reported by row and column in Chinese; nothing is written', async () => {
    const before = await allVolunteers();
    const good = residentIds(6, '110102');
    const valid = residentId();
    const badCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    const rows = [
      row({ number: good[0]! }),
      row({ number: badCheck }), // row 3: check digit
      row({ number: good[1]! }),
      row({ number: good[2]!, mobile: '1234' }), // row 5: mobile
      row({ number: good[3]! }),
      row({ number: good[4]!, region: '119999', hours: -2 }), // row 7: region and hours
      row({ number: good[5]! }),
    ];
    const job = await importFile(app, admin.token, await workbook(rows));
    expect(job.status).toBe('failed');
    expect(job.importedRows).toBe(0);
    expect(job.totalRows).toBe(7);
    expect(job.errorCount).toBe(4);
    expect(job.errors).toEqual([
      { row: 3, column: '证件号码', message: '证件号码校验位不正确，请核对' },
      { row: 5, column: '手机号码', message: '手机号码应为 11 位数字' },
      { row: 7, column: '居住地区代码', message: '居住地区代码 119999 不存在' },
      { row: 7, column: '历史服务时长（小时）', message: '历史服务时长不能为负数' },
    ]);
    expect(new Set(job.errors.map((e) => e.row))).toEqual(new Set([3, 5, 7]));
    expect(await allVolunteers()).toBe(before);
    expect(await volunteersOf(job.id)).toBe(0);
  });

  it('A-5: a document twice in one file refuses the later row, naming the first', async () => {
    const [a, b, c] = residentIds(3, '110108');
    const job = await importFile(
      app,
      admin.token,
      await workbook([
        row({ number: a! }),
        row({ number: b! }),
        row({ number: c! }),
        row({ number: ` ${b!.toLowerCase()} ` }),
      ]),
    );
    expect(job.status).toBe('failed');
    expect(job.errors).toEqual([{ row: 5, column: '证件号码', message: '与第 3 行的证件号码重复' }]);
    expect(await volunteersOf(job.id)).toBe(0);
  });

  it('A-5: refuses a region outside the admin’s scope, unknown document types and broken cells', async () => {
    const [a, b, c, d] = residentIds(4, '310101');
    const job = await importFile(
      app,
      admin.token,
      await workbook([
        row({ number: a!, region: '310101' }),
        row({ number: b!, type: '军官证' }),
        row({ number: Number(c!.slice(0, 15)) * 1000, hours: '三小时' }),
        row({ number: d!, name: '', email: 'not-an-email' }),
      ]),
    );
    expect(job.status).toBe('failed');
    expect(job.errors).toEqual([
      { row: 2, column: '居住地区代码', message: '居住地区 310101 不在您管理的地区范围内' },
      { row: 3, column: '证件类型', message: expect.stringContaining('证件类型“军官证”无法识别') },
      { row: 4, column: '证件号码', message: expect.stringContaining('请把这一列设为“文本”格式') },
      {
        row: 4,
        column: '历史服务时长（小时）',
        message: '历史服务时长应为数字（单位：小时，如 12.5），而不是“三小时”',
      },
      { row: 5, column: '姓名', message: '请填写姓名' },
      { row: 5, column: '电子邮箱', message: expect.stringContaining('电子邮箱格式不正确') },
    ]);
  });

  it('A-5: a file that does not follow the template is refused on row 1; an empty one on row 2', async () => {
    const wrong = await importFile(
      app,
      admin.token,
      await workbook([row({ number: residentId() })], ['姓名', '身份证号', '证件号码']),
    );
    expect(wrong.status).toBe('failed');
    expect(wrong.errors[0]).toEqual({
      row: 1,
      column: '证件类型',
      message: '第 2 列的表头应为“证件类型”，而不是“身份证号”，请使用导入模板',
    });
    expect(wrong.errors.every((e) => e.row === 1)).toBe(true);

    const empty = await importFile(app, admin.token, await workbook([]));
    expect(empty.status).toBe('failed');
    expect(empty.errors).toEqual([{ row: 2, column: null, message: '表格中没有要导入的志愿者（从第 2 行开始填写）' }]);
  });

  it('A-5: a failure while writing rolls every row back', async () => {
    const before = await allVolunteers();
    const original = importsRepository.insertVolunteers;
    let calls = 0;
    const spy = jest.spyOn(importsRepository, 'insertVolunteers').mockImplementation(async (em, rows) => {
      calls += 1;
      if (calls === 3) throw new Error('disk full');
      return original.call(importsRepository, em, rows);
    });
    try {
      const job = await importFile(
        app,
        admin.token,
        await workbook(residentIds(1600, '110111').map((number) => row({ number }))),
      );
      expect(calls).toBe(3);
      expect(job.status).toBe('failed');
      expect(job.errors).toEqual([
        { row: 0, column: null, message: '导入时发生系统错误，没有写入任何数据，请稍后重新导入' },
      ]);
      expect(await volunteersOf(job.id)).toBe(0);
      expect(await allVolunteers()).toBe(before);
    } finally {
      spy.mockRestore();
    }
  });

  it('lists the jobs of the admin’s regions; an admin elsewhere neither lists nor opens them', async () => {
    const mine = await app.http.get('/api/admin/imports?page=1&pageSize=5', admin.token);
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBeGreaterThanOrEqual(5);
    expect(mine.body.items).toHaveLength(5);
    expect(mine.body.items[0].errors.length).toBeLessThanOrEqual(10);

    const shanghai = await signIn(app, { role: 'regional_admin', regionCode: '310000' });
    const theirs = await app.http.get('/api/admin/imports', shanghai.token);
    expect(theirs.body.total).toBe(0);
    const open = await app.http.get(`/api/admin/imports/${mine.body.items[0].id}`, shanghai.token);
    expect(open.status).toBe(404);
    expect(open.body.error.code).toBe('IMPORT.NOT_FOUND');

    const system = await signIn(app, { role: 'system_admin', regionCode: null });
    expect((await app.http.get('/api/admin/imports', system.token)).body.total).toBe(mine.body.total);
    expect((await app.http.get('/api/admin/imports?page=0', admin.token)).status).toBe(400);
  });

  it('fails a job its process left running, once it is looked at', async () => {
    const id = newId();
    await app.deps.db.getRepository(ImportJob).insert({
      id,
      actorId: admin.accountId,
      regionCode: '110000',
      fileName: '中断.xlsx',
      status: 'running',
      totalRows: null,
      processedRows: 3000,
      importedRows: 0,
      conflictRows: 0,
      errorCount: 0,
      errors: null,
      createdAt: new Date(app.clock.now().getTime() - 3600_000),
      finishedAt: null,
    });
    const res = await app.http.get(`/api/admin/imports/${id}`, admin.token);
    expect(res.body).toMatchObject({
      status: 'failed',
      errorCount: 1,
      errors: [{ row: 0, column: null, message: expect.stringContaining('中断') }],
    });
  });
});
