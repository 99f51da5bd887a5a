import { isVolunteerNumber } from '@zhiyuan/shared';
import { AuditLog, IdentityClaim, Volunteer, type VolunteerRow } from '../src/db/entities';
import { newId } from '../src/ids';
import { DIALECT, newAccount, startTestApp, type TestApp } from './harness';
import { importFile, residentId, row, signIn, workbook } from './import-files';

describe(`conflicting records and their merge (V-4, A-6) (${DIALECT})`, () => {
  let app: TestApp;
  let admin: { token: string; accountId: string };
  let elsewhere: { token: string; accountId: string };

  beforeAll(async () => {
    app = await startTestApp();
    admin = await signIn(app, { role: 'regional_admin', regionCode: '110000' });
    elsewhere = await signIn(app, { role: 'regional_admin', regionCode: '310000' });
  });
  afterAll(() => app.close());

  const volunteers = () => app.deps.db.getRepository(Volunteer);
  const recordsOf = (number: string) =>
    volunteers().find({
      where: { documentHash: app.deps.personalData.documentHash('resident_id', number) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  const conflicts = (token: string, query = '') => app.http.get(`/api/admin/conflicts${query}`, token);
  const merge = (token: string | undefined, body: unknown) => app.http.post('/api/admin/conflicts/merge', body, token);
  /** the group of one document in the admin's list */
  async function groupOf(number: string, token = admin.token) {
    const hash = app.deps.personalData.documentHash('resident_id', number);
    const res = await conflicts(token, '?pageSize=100');
    return res.body.items.find((g: { key: string }) => g.key === hash);
  }

  it('V-4: importing a document that already exists imports it as a conflict, listed for the region; nothing is merged', async () => {
    const number = residentId('110101', '19800101');
    const other = residentId('110101', '19800102');
    const first = await importFile(app, admin.token, await workbook([row({ name: '赵敏', number, hours: 10 })]));
    expect(first).toMatchObject({ status: 'succeeded', conflictRows: 0 });
    const second = await importFile(
      app,
      admin.token,
      await workbook([row({ name: '赵敏', number, hours: 5.5, team: '西城区志愿服务队' }), row({ number: other })]),
    );
    expect(second).toMatchObject({ status: 'succeeded', importedRows: 2, conflictRows: 1 });
    expect(await recordsOf(number)).toHaveLength(2);

    const group = await groupOf(number);
    expect(group).toMatchObject({
      documentType: 'resident_id',
      documentNumber: expect.stringMatching(/^11010\*+\d{3}[\dX]$/),
    });
    expect(group.records).toHaveLength(2);
    for (const r of group.records) {
      expect(r).toMatchObject({
        realName: '赵敏',
        source: 'imported',
        documentNumberMasked: true,
        regionName: '东城区',
      });
      expect(r.documentNumber).not.toBe(number);
    }
    expect(await groupOf(other)).toBeUndefined();
    // an admin of another province sees no record of its own in that group
    expect(await groupOf(number, elsewhere.token)).toBeUndefined();
  });

  it('is for signed-in admins: 401, 403 for a volunteer, 400 for a malformed body', async () => {
    expect((await app.http.get('/api/admin/conflicts')).status).toBe(401);
    expect((await merge(undefined, { keepId: 'a', mergeIds: ['b'] })).status).toBe(401);
    const volunteer = await signIn(app);
    expect((await conflicts(volunteer.token)).status).toBe(403);
    const refused = await merge(volunteer.token, { keepId: 'a', mergeIds: ['b'] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('AUTH.FORBIDDEN');
    const bad = await merge(admin.token, { keepId: 'a' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('REQUEST.INVALID');
  });

  it('V-4: refuses to merge records of different documents, a record into itself, and unknown ids', async () => {
    const a = residentId('110101', '19810101');
    const b = residentId('110101', '19810102');
    await importFile(app, admin.token, await workbook([row({ number: a }), row({ number: b })]));
    const [ra] = await recordsOf(a);
    const [rb] = await recordsOf(b);
    const different = await merge(admin.token, { keepId: ra!.id, mergeIds: [rb!.id] });
    expect(different.status).toBe(400);
    expect(different.body.error).toMatchObject({ code: 'MERGE.INVALID', message: '只能合并证件号码相同的记录' });
    const itself = await merge(admin.token, { keepId: ra!.id, mergeIds: [ra!.id] });
    expect(itself.status).toBe(400);
    expect(itself.body.error.code).toBe('MERGE.INVALID');
    const unknown = await merge(admin.token, { keepId: ra!.id, mergeIds: [newId()] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('MERGE.INVALID');
    expect((await volunteers().findOneByOrFail({ id: rb!.id })).mergedInto).toBeNull();
  });

  it('A-6: merges into the kept record: hours are added, both rows stay, the merged one points at the kept one', async () => {
    const number = residentId('110102', '19820101');
    await importFile(app, admin.token, await workbook([row({ name: '钱多', number, hours: 10, team: null })]));
    await importFile(
      app,
      admin.token,
      await workbook([row({ name: '钱多', number, hours: 5.5, team: '西城区志愿服务队' })]),
    );
    const records = await recordsOf(number);
    const keep = records.find((r) => r.importedMinutes === 600);
    const gone = records.find((r) => r.importedMinutes === 330);

    // the kept record's region decides who may merge
    const foreign = await merge(elsewhere.token, { keepId: keep!.id, mergeIds: [gone!.id] });
    expect(foreign.status).toBe(403);

    const res = await merge(admin.token, { keepId: keep!.id, mergeIds: [gone!.id] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: keep!.id, realName: '钱多', documentNumberMasked: true, source: 'imported' });

    const rows = await recordsOf(number);
    expect(rows).toHaveLength(2);
    const kept = rows.find((r) => r.id === keep!.id)!;
    const merged = rows.find((r) => r.id === gone!.id)!;
    expect(kept).toMatchObject({ mergedInto: null, importedMinutes: 600 + 330, importedTeamName: '西城区志愿服务队' });
    expect(merged).toMatchObject({ mergedInto: keep!.id, importedMinutes: 330 });
    expect(await groupOf(number)).toBeUndefined();
    const audit = await app.deps.db
      .getRepository(AuditLog)
      .findOneByOrFail({ action: 'volunteers.merge', targetId: keep!.id });
    expect(audit.actorId).toBe(admin.accountId);
    expect(JSON.parse(audit.detail!)).toMatchObject({ mergedIds: [gone!.id], addedMinutes: 330 });

    // once merged, never again
    const again = await merge(admin.token, { keepId: keep!.id, mergeIds: [gone!.id] });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('MERGE.INVALID');
  });

  it('V-4, V-6: a registered person imported again is listed; keeping the imported record moves the account, claim and volunteer number', async () => {
    const number = residentId('110105', '19830101');
    const person = {
      ...newAccount(),
      documentType: 'resident_id',
      documentNumber: number,
      realName: '孙丽',
      regionCode: '110105',
      consent: true,
    };
    const reg = await app.http.post('/api/volunteers', person);
    expect(reg.status).toBe(201);
    const registered = reg.body.volunteer;
    expect(isVolunteerNumber(registered.volunteerNumber)).toBe(true);

    const job = await importFile(
      app,
      admin.token,
      await workbook([row({ name: '孙丽', number, region: '110105', hours: 20 })]),
    );
    expect(job.conflictRows).toBe(1);
    const group = await groupOf(number);
    expect(group.records.map((r: { source: string }) => r.source).sort()).toEqual(['imported', 'registered']);
    const imported = group.records.find((r: { source: string }) => r.source === 'imported');

    const res = await merge(admin.token, { keepId: imported.id, mergeIds: [registered.id] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: imported.id,
      accountId: registered.accountId,
      volunteerNumber: registered.volunteerNumber,
      username: person.username,
    });
    expect(res.body.verification.state).toBe('verified');

    const old = await volunteers().findOneByOrFail({ id: registered.id });
    expect(old).toMatchObject({ mergedInto: imported.id, accountId: null });
    const claim = await app.deps.db
      .getRepository(IdentityClaim)
      .findOneByOrFail({ documentHash: app.deps.personalData.documentHash('resident_id', number) });
    expect(claim.volunteerId).toBe(imported.id);

    // the person finds their record, hours and number where they were
    const mine = await app.http.get('/api/me/volunteer', reg.body.tokens.accessToken);
    expect(mine.body).toMatchObject({ id: imported.id, volunteerNumber: registered.volunteerNumber });
    expect((await volunteers().findOneByOrFail({ id: imported.id })).importedMinutes).toBe(1200);
  });

  it('A-6: refuses a merge that would join two accounts', async () => {
    const number = residentId('110108', '19840101');
    const hash = app.deps.personalData.documentHash('resident_id', number);
    const withAccount = async (accountId: string | null): Promise<VolunteerRow> => {
      const now = app.clock.now();
      const r: VolunteerRow = {
        id: newId(),
        accountId,
        realName: '周八',
        documentType: 'resident_id',
        documentNumberEnc: app.deps.personalData.encrypt(number),
        documentHash: hash,
        gender: 'male',
        birthDate: '1984-01-01',
        regionCode: '110108',
        address: null,
        mobile: null,
        email: null,
        skills: '[]',
        serviceCategories: '[]',
        guardianName: null,
        guardianMobile: null,
        consentAt: accountId ? now : null,
        volunteerNumber: null,
        verificationState: 'unverified',
        verificationReason: null,
        verificationUpdatedAt: now,
        photoKey: null,
        source: accountId ? 'registered' : 'imported',
        importJobId: null,
        importedTeamName: null,
        importedMinutes: 60,
        mergedInto: null,
        unitId: null,
        createdAt: now,
        updatedAt: now,
      };
      await volunteers().insert(r);
      return r;
    };
    // a data fault: two accounts hold records of one document
    const one = await withAccount((await signIn(app)).accountId);
    const two = await withAccount((await signIn(app)).accountId);
    const plain = await withAccount(null);

    const both = await merge(admin.token, { keepId: plain.id, mergeIds: [one.id, two.id] });
    expect(both.status).toBe(400);
    expect(both.body.error).toMatchObject({
      code: 'MERGE.INVALID',
      message: '两条记录都已关联账号，请保留其中一条已关联账号的记录',
    });
    const keepOne = await merge(admin.token, { keepId: one.id, mergeIds: [two.id, plain.id] });
    expect(keepOne.status).toBe(400);
    expect(keepOne.body.error.code).toBe('MERGE.INVALID');
    // nothing changed
    expect((await recordsOf(number)).every((r) => r.mergedInto === null && r.importedMinutes === 60)).toBe(true);

    // keeping an account's record and merging the plain one is fine
    const ok = await merge(admin.token, { keepId: one.id, mergeIds: [plain.id] });
    expect(ok.status).toBe(200);
    expect(ok.body.accountId).toBe(one.accountId);
    expect((await volunteers().findOneByOrFail({ id: one.id })).importedMinutes).toBe(120);
  });

  it('pages the conflict list', async () => {
    const all = await conflicts(admin.token, '?page=1&pageSize=100');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(all.body.items.length);
    expect(all.body.total).toBeGreaterThanOrEqual(1);
    const page = await conflicts(admin.token, `?page=${all.body.total + 1}&pageSize=1`);
    expect(page.body).toMatchObject({ items: [], total: all.body.total, page: all.body.total + 1, pageSize: 1 });
    const system = await signIn(app, { role: 'system_admin', regionCode: null });
    expect((await conflicts(system.token)).body.total).toBe(all.body.total);
  });
});
