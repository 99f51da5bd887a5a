import {
  Account,
  AccountRole,
  AuditLog,
  JoinRequest,
  Outbox,
  RefreshToken,
  Team,
  TeamMember,
  Volunteer,
} from '../src/db/entities';
import { newId } from '../src/ids';
import { teamsRepository } from '../src/modules/teams/teams.repository';
import { DIALECT, newAccount, startTestApp, type TestApp } from './harness';
import { adminOf, approvedTeam, importedRecord, newVolunteer, residentId } from './factories';

interface Person {
  token: string;
  accountId: string;
  volunteerId: string;
  volunteerNumber: string;
  username: string;
  password: string;
  email: string;
  realName: string;
  documentNumber: string;
}

describe(`teams: joining, invitations and members (${DIALECT})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  /** A registered, verified volunteer (V-1, V-5), signed in. */
  async function volunteer(realName = '张三'): Promise<Person> {
    const body = newVolunteer({ realName, documentNumber: residentId('110101', '19920202') });
    const res = await app.http.post('/api/volunteers', body);
    expect(res.status).toBe(201);
    return {
      token: res.body.tokens.accessToken,
      accountId: res.body.user.id,
      volunteerId: res.body.volunteer.id,
      volunteerNumber: res.body.volunteer.volunteerNumber,
      username: body.username as string,
      password: body.password as string,
      email: body.email as string,
      realName,
      documentNumber: body.documentNumber as string,
    };
  }

  /** A signed-in account without a real-name registration. */
  async function plainAccount(): Promise<string> {
    const a = newAccount();
    expect((await app.http.post('/api/accounts', a)).status).toBe(201);
    return app.login(a.username, a.password);
  }

  const send = (method: string, path: string, token?: string, body?: unknown) =>
    app.http.request(method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
  const join = (teamId: string, token?: string, body: unknown = {}) =>
    send('POST', `/api/teams/${teamId}/join`, token, body);
  const memberCount = async (teamId: string) =>
    (await app.deps.db.getRepository(Team).findOneByOrFail({ id: teamId })).memberCount;
  const isMember = async (teamId: string, accountId: string) =>
    (await app.deps.db.getRepository(TeamMember).countBy({ teamId, accountId })) === 1;

  describe('T-6 joining by the join mode', () => {
    it('asks for a token (401) and refuses a bad body (400)', async () => {
      const admin = await volunteer('管理员');
      const team = await approvedTeam(app, admin.accountId, { joinMode: 'open' });
      const none = await join(team.id);
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('AUTH.REQUIRED');
      const v = await volunteer();
      expect((await join(team.id, v.token, { message: 'x'.repeat(201) })).status).toBe(400);
      const unknown = await join(team.id, v.token, { team: 'x' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.code).toBe('REQUEST.INVALID');
    });

    it('closed (the default): refuses everyone with 「该志愿团体拒绝任何人加入」', async () => {
      const admin = await volunteer('管理员');
      const team = await approvedTeam(app, admin.accountId);
      expect(team.joinMode).toBe('closed');
      const v = await volunteer();
      const res = await join(team.id, v.token);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'TEAM.JOIN_CLOSED', message: '该志愿团体拒绝任何人加入' });
      expect(await isMember(team.id, v.accountId)).toBe(false);
    });

    it('open: the volunteer is a member at once, and only once', async () => {
      const admin = await volunteer('管理员');
      const team = await approvedTeam(app, admin.accountId, { joinMode: 'open' });
      const v = await volunteer('李四');
      const res = await join(team.id, v.token);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ status: 'joined' });
      expect(await isMember(team.id, v.accountId)).toBe(true);
      expect(await memberCount(team.id)).toBe(2);
      const again = await join(team.id, v.token);
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'TEAM.ALREADY_MEMBER', message: '您已经是该志愿团体的成员' });
      const mine = await app.http.get('/api/teams/mine', v.token);
      expect(mine.body.items.find((t: { id: string }) => t.id === team.id)).toMatchObject({ myRole: 'member' });
    });

    it('needs a real-name registration, an unfrozen account (V-7) and an approved team (T-4)', async () => {
      const admin = await volunteer('管理员');
      const open = await approvedTeam(app, admin.accountId, { joinMode: 'open' });
      const plain = await join(open.id, await plainAccount());
      expect(plain.status).toBe(403);
      expect(plain.body.error).toMatchObject({ code: 'TEAM.VOLUNTEER_REQUIRED', message: '请先完成志愿者实名注册' });

      const pending = await approvedTeam(app, admin.accountId, { joinMode: 'open', status: 'pending' });
      const v = await volunteer();
      const notYet = await join(pending.id, v.token);
      expect(notYet.status).toBe(409);
      expect(notYet.body.error.code).toBe('TEAM.NOT_APPROVED');
      expect((await join('no-such-team', v.token)).body.error.code).toBe('TEAM.NOT_FOUND');

      const regional = await adminOf(app, '110000');
      expect((await app.http.post(`/api/admin/volunteers/${v.volunteerId}/freeze`, undefined, regional)).status).toBe(
        200,
      );
      const frozen = await join(open.id, v.token); // the access token still runs; the account does not
      expect(frozen.status).toBe(403);
      expect(frozen.body.error.code).toBe('VOLUNTEER.FROZEN');
    });

    it('review: queues one request, posts it to the team robot, and approval by two admins at once admits once', async () => {
      const admin = await volunteer('管理员甲');
      const robotUrl = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test-team-robot';
      const team = await approvedTeam(app, admin.accountId, { joinMode: 'review', robotUrl, robotKind: 'wecom' });
      const second = await volunteer('管理员乙');
      await teamsRepository.addMember(app.deps.db.manager, {
        id: newId(),
        teamId: team.id,
        accountId: second.accountId,
        volunteerId: second.volunteerId,
        role: 'admin',
        joinedAt: app.clock.now(),
      });

      const v = await volunteer('张三');
      const res = await join(team.id, v.token, { message: '我想参加社区服务' });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('pending');
      expect(res.body.request).toMatchObject({
        teamId: team.id,
        teamName: team.name,
        kind: 'request',
        status: 'pending',
        realName: '张三',
        username: v.username,
        volunteerNumber: v.volunteerNumber,
        message: '我想参加社区服务',
      });
      expect(await isMember(team.id, v.accountId)).toBe(false);

      const twice = await join(team.id, v.token);
      expect(twice.status).toBe(409);
      expect(twice.body.error).toMatchObject({
        code: 'TEAM.REQUEST_PENDING',
        message: '已提交加入申请，请等待团体管理员审核',
      });

      // T-6: "join requests waiting are posted" to the team's group robot, in the request's transaction
      const posted = await app.deps.db
        .getRepository(Outbox)
        .findBy({ event: 'team.join_request', recipient: robotUrl });
      expect(posted).toHaveLength(1);
      expect(posted[0]).toMatchObject({
        channel: 'wecom',
        status: 'pending',
        body: `【${team.name}】有新的加入申请：张三，请及时审核。`,
      });
      // no subscribe-message template is configured: no mini-program message
      expect(await app.deps.db.getRepository(Outbox).countBy({ event: 'team.join_request', channel: 'wechat' })).toBe(
        0,
      );

      const list = await app.http.get(`/api/teams/${team.id}/join-requests?status=pending`, admin.token);
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ total: 1, page: 1 });
      expect(list.body.items[0].id).toBe(res.body.request.id);

      const path = `/api/teams/${team.id}/join-requests/${res.body.request.id}`;
      const before = await memberCount(team.id);
      const [a, b] = await Promise.all([
        app.http.post(path, { decision: 'approve' }, admin.token),
        app.http.post(path, { decision: 'approve' }, second.token),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 404]);
      const won = a.status === 200 ? a : b;
      expect(won.body).toMatchObject({ id: res.body.request.id, status: 'approved' });
      expect((a.status === 404 ? a : b).body.error.code).toBe('TEAM.REQUEST_NOT_FOUND');
      expect(await app.deps.db.getRepository(TeamMember).countBy({ teamId: team.id, accountId: v.accountId })).toBe(1);
      expect(await memberCount(team.id)).toBe(before + 1);
      const told = await app.deps.db.getRepository(Outbox).findBy({ event: 'team.join_decision', recipient: v.email });
      expect(told).toHaveLength(1);
      expect(told[0]!.subject).toBe(`您已加入志愿团体「${team.name}」`);
    });

    it('review: simultaneous requests of one volunteer queue one request', async () => {
      const admin = await volunteer('管理员');
      const team = await approvedTeam(app, admin.accountId, { joinMode: 'review' });
      const v = await volunteer();
      const replies = await Promise.all([join(team.id, v.token), join(team.id, v.token), join(team.id, v.token)]);
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect(
        await app.deps.db
          .getRepository(JoinRequest)
          .countBy({ teamId: team.id, accountId: v.accountId, status: 'pending' }),
      ).toBe(1);
    });

    it('review: sends the admins a mini-program message when a template is configured and they bound WeChat', async () => {
      const templates = app.config.wechat.templates as Record<string, string>;
      templates.joinRequest = 'tpl-join-request';
      try {
        const admin = await volunteer('管理员');
        await app.deps.db
          .getRepository(Account)
          .update({ id: admin.accountId }, { wechatOpenid: `openid-${admin.accountId}` });
        const team = await approvedTeam(app, admin.accountId, { joinMode: 'review' });
        const res = await join(team.id, (await volunteer('王五')).token);
        const wechat = await app.deps.db
          .getRepository(Outbox)
          .findBy({ event: 'team.join_request', channel: 'wechat', recipient: `openid-${admin.accountId}` });
        expect(wechat).toHaveLength(1);
        expect(JSON.parse(wechat[0]!.payload!).wechat).toMatchObject({
          templateId: 'tpl-join-request',
          data: { thing2: { value: '王五' } },
        });
        // the team has no robot: nothing else is queued for this request
        const forThis = (await app.deps.db.getRepository(Outbox).findBy({ event: 'team.join_request' })).filter((m) =>
          m.idempotencyKey.startsWith(`team.join_request:${res.body.request.id}:`),
        );
        expect(forThis.map((m) => m.channel)).toEqual(['wechat']);
      } finally {
        delete templates.joinRequest;
      }
    });

    it('review: a rejected volunteer is told, stays out, and may ask again', async () => {
      const admin = await volunteer('管理员');
      const team = await approvedTeam(app, admin.accountId, { joinMode: 'review' });
      const v = await volunteer('赵六');
      const req = await join(team.id, v.token);
      const path = `/api/teams/${team.id}/join-requests/${req.body.request.id}`;
      expect((await app.http.post(path, undefined, admin.token)).status).toBe(400);
      expect((await app.http.post(path, { decision: 'maybe' }, admin.token)).status).toBe(400);
      expect((await app.http.post(path, { decision: 'reject' })).status).toBe(401);
      expect((await app.http.post(path, { decision: 'reject' }, v.token)).status).toBe(403);
      const rejected = await app.http.post(path, { decision: 'reject' }, admin.token);
      expect(rejected.status).toBe(200);
      expect(rejected.body.status).toBe('rejected');
      expect(await isMember(team.id, v.accountId)).toBe(false);
      const told = await app.deps.db.getRepository(Outbox).findBy({ event: 'team.join_decision', recipient: v.email });
      expect(told.map((m) => m.subject)).toEqual([`志愿团体「${team.name}」未同意您的加入申请`]);
      expect((await app.http.post(path, { decision: 'approve' }, admin.token)).status).toBe(404);
      expect((await join(team.id, v.token)).status).toBe(201);
    });

    it('lists join requests only to the team admins (401, 400, 403)', async () => {
      const admin = await volunteer('管理员');
      const team = await approvedTeam(app, admin.accountId, { joinMode: 'review' });
      const v = await volunteer();
      await join(team.id, v.token);
      expect((await app.http.get(`/api/teams/${team.id}/join-requests`)).status).toBe(401);
      expect((await app.http.get(`/api/teams/${team.id}/join-requests?status=waiting`, admin.token)).status).toBe(400);
      expect((await app.http.get(`/api/teams/${team.id}/join-requests`, v.token)).status).toBe(403);
      const all = await app.http.get(`/api/teams/${team.id}/join-requests?kind=request`, admin.token);
      expect(all.body.items.map((r: { realName: string }) => r.realName)).toEqual(['张三']);
    });
  });

  describe('T-6 invitations', () => {
    it('invites by volunteer number; the volunteer accepts and is a member, even of a closed team', async () => {
      const admin = await volunteer('管理员');
      const team = await approvedTeam(app, admin.accountId);
      const v = await volunteer('钱七');
      const res = await app.http.post(
        `/api/teams/${team.id}/invitations`,
        { volunteerNumber: v.volunteerNumber },
        admin.token,
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        kind: 'invitation',
        status: 'pending',
        teamName: team.name,
        realName: '钱七',
        volunteerNumber: v.volunteerNumber,
      });
      expect(await app.deps.db.getRepository(Outbox).countBy({ event: 'team.invitation', recipient: v.email })).toBe(1);
      expect(
        await app.deps.db
          .getRepository(AuditLog)
          .countBy({ action: 'team.invitation', actorId: admin.accountId, targetId: v.accountId }),
      ).toBe(1);

      const again = await app.http.post(
        `/api/teams/${team.id}/invitations`,
        { volunteerNumber: v.volunteerNumber },
        admin.token,
      );
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({
        code: 'TEAM.REQUEST_PENDING',
        message: '已邀请该志愿者，请等待其接受邀请',
      });

      const mine = await app.http.get('/api/me/invitations', v.token);
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([res.body.id]);

      const answer = `/api/me/invitations/${res.body.id}`;
      expect((await app.http.post(answer, { accept: 'yes' }, v.token)).status).toBe(400);
      expect((await app.http.post(answer, { accept: true })).status).toBe(401);
      expect((await app.http.post(answer, { accept: true }, admin.token)).status).toBe(404); // not theirs
      const accepted = await app.http.post(answer, { accept: true }, v.token);
      expect(accepted.status).toBe(204);
      expect(await isMember(team.id, v.accountId)).toBe(true);
      expect((await app.http.get('/api/me/invitations', v.token)).body.items).toEqual([]);
      expect((await app.http.post(answer, { accept: true }, v.token)).status).toBe(404);

      const member = await app.http.post(
        `/api/teams/${team.id}/invitations`,
        { volunteerNumber: v.volunteerNumber },
        admin.token,
      );
      expect(member.status).toBe(409);
      expect(member.body.error).toMatchObject({ code: 'TEAM.ALREADY_MEMBER', message: '该志愿者已经是本团体的成员' });
    });

    it('invites by document number (resident ID by default, or a given type); the volunteer declines', async () => {
      const admin = await volunteer('管理员');
      const team = await approvedTeam(app, admin.accountId);
      const v = await volunteer('孙八');
      const res = await app.http.post(
        `/api/teams/${team.id}/invitations`,
        { documentNumber: v.documentNumber.toLowerCase() },
        admin.token,
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'invitation', realName: '孙八' });
      const declined = await app.http.post(`/api/me/invitations/${res.body.id}`, { accept: false }, v.token);
      expect(declined.status).toBe(204);
      expect(await isMember(team.id, v.accountId)).toBe(false);
      expect((await app.deps.db.getRepository(JoinRequest).findOneByOrFail({ id: res.body.id })).status).toBe(
        'rejected',
      );

      const typed = await app.http.post(
        `/api/teams/${team.id}/invitations`,
        { documentType: 'resident_id', documentNumber: v.documentNumber },
        admin.token,
      );
      expect(typed.status).toBe(201);
      const passportHolder = await app.http.post(
        `/api/teams/${team.id}/invitations`,
        { documentType: 'passport', documentNumber: v.documentNumber },
        admin.token,
      );
      expect(passportHolder.status).toBe(404);
    });

    it('cannot invite someone not found, nor an imported record not yet activated (V-3)', async () => {
      const admin = await volunteer('管理员');
      const team = await approvedTeam(app, admin.accountId);
      const nobody = await app.http.post(
        `/api/teams/${team.id}/invitations`,
        { volunteerNumber: '110101999999999' },
        admin.token,
      );
      expect(nobody.status).toBe(404);
      expect(nobody.body.error).toMatchObject({
        code: 'TEAM.INVITEE_NOT_FOUND',
        message: '没有找到该志愿者，请核对志愿者编号或证件号码',
      });
      const id = residentId('110101', '19600101');
      await importedRecord(app, { realName: '周九', documentNumber: id });
      const imported = await app.http.post(`/api/teams/${team.id}/invitations`, { documentNumber: id }, admin.token);
      expect(imported.status).toBe(409);
      expect(imported.body.error.code).toBe('TEAM.INVITEE_NOT_ACTIVATED');
      expect(imported.body.error.message).toContain('尚未注册激活');
    });

    it('invitations: 401, 400 and 403 for non-admins', async () => {
      const admin = await volunteer('管理员');
      const team = await approvedTeam(app, admin.accountId);
      const v = await volunteer();
      const path = `/api/teams/${team.id}/invitations`;
      expect((await app.http.post(path, { volunteerNumber: v.volunteerNumber })).status).toBe(401);
      const empty = await app.http.post(path, {}, admin.token);
      expect(empty.status).toBe(400);
      expect(empty.body.error.message).toBe('请填写志愿者编号或证件号码');
      const badType = await app.http.post(path, { documentType: 'library_card', documentNumber: '123' }, admin.token);
      expect(badType.status).toBe(400);
      expect(badType.body.error.details[0]).toEqual({ path: 'documentType', message: '请选择证件类型' });
      expect((await app.http.post(path, { volunteerNumber: v.volunteerNumber }, v.token)).status).toBe(403);
      expect((await app.http.get('/api/me/invitations')).status).toBe(401);
    });

    it('joining with a pending invitation accepts it, whatever the mode', async () => {
      const admin = await volunteer('管理员');
      const team = await approvedTeam(app, admin.accountId);
      const v = await volunteer();
      await app.http.post(`/api/teams/${team.id}/invitations`, { volunteerNumber: v.volunteerNumber }, admin.token);
      const res = await join(team.id, v.token);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ status: 'joined' });
      expect(await isMember(team.id, v.accountId)).toBe(true);
    });
  });

  describe('T-7 members', () => {
    async function teamWithMembers() {
      const admin = await volunteer('管理员');
      const team = await approvedTeam(app, admin.accountId, { joinMode: 'open' });
      const a = await volunteer('成员甲');
      const b = await volunteer('成员乙');
      app.clock.advance(1000);
      expect((await join(team.id, a.token)).status).toBe(201);
      app.clock.advance(1000);
      expect((await join(team.id, b.token)).status).toBe(201);
      return { admin, team, a, b };
    }

    it('lists members to the team admins only (401, 400, 403), searchable', async () => {
      const { admin, team, a } = await teamWithMembers();
      const path = `/api/teams/${team.id}/members`;
      expect((await app.http.get(path)).status).toBe(401);
      expect((await app.http.get(`${path}?pageSize=1000`, admin.token)).status).toBe(400);
      const forbidden = await app.http.get(path, a.token);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.code).toBe('AUTH.FORBIDDEN');
      expect((await app.http.get(path, (await volunteer()).token)).status).toBe(403);

      const list = await app.http.get(path, admin.token);
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(3);
      expect(list.body.items[0]).toMatchObject({ accountId: admin.accountId, role: 'admin', realName: '管理员' });
      expect(list.body.items.map((m: { realName: string }) => m.realName)).toEqual(['管理员', '成员甲', '成员乙']);
      expect(list.body.items[1]).toEqual({
        accountId: a.accountId,
        volunteerId: a.volunteerId,
        realName: '成员甲',
        username: a.username,
        volunteerNumber: a.volunteerNumber,
        role: 'member',
        joinedAt: expect.any(String),
      });
      expect(JSON.stringify(list.body)).not.toContain(a.documentNumber);
      const byName = await app.http.get(`${path}?q=${encodeURIComponent('成员甲')}`, admin.token);
      expect(byName.body.items.map((m: { accountId: string }) => m.accountId)).toEqual([a.accountId]);
      const byNumber = await app.http.get(`${path}?q=${a.volunteerNumber}`, admin.token);
      expect(byNumber.body.total).toBe(1);
      const paged = await app.http.get(`${path}?page=2&pageSize=2`, admin.token);
      expect(paged.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(paged.body.items).toHaveLength(1);
    });

    it('names an admin and back; the last admin cannot step down', async () => {
      const { admin, team, a } = await teamWithMembers();
      const path = `/api/teams/${team.id}/members/${a.accountId}`;
      expect((await app.http.request('PATCH', path, { body: { role: 'admin' } })).status).toBe(401);
      expect((await app.http.request('PATCH', path, { token: admin.token, body: { role: 'owner' } })).status).toBe(400);
      expect((await app.http.request('PATCH', path, { token: a.token, body: { role: 'admin' } })).status).toBe(403);

      const promoted = await app.http.request('PATCH', path, { token: admin.token, body: { role: 'admin' } });
      expect(promoted.status).toBe(200);
      expect(promoted.body).toMatchObject({ accountId: a.accountId, role: 'admin', realName: '成员甲' });
      expect(await app.deps.db.getRepository(AccountRole).countBy({ accountId: a.accountId, role: 'team_admin' })).toBe(
        1,
      );
      expect((await app.http.get(`/api/teams/${team.id}/members`, a.token)).status).toBe(200);

      // the first admin steps down; the new one is now the last and cannot
      const down = await app.http.request('PATCH', `/api/teams/${team.id}/members/${admin.accountId}`, {
        token: a.token,
        body: { role: 'member' },
      });
      expect(down.body.role).toBe('member');
      expect(
        await app.deps.db.getRepository(AccountRole).countBy({ accountId: admin.accountId, role: 'team_admin' }),
      ).toBe(0);
      const last = await app.http.request('PATCH', path, { token: a.token, body: { role: 'member' } });
      expect(last.status).toBe(409);
      expect(last.body.error).toMatchObject({
        code: 'TEAM.LAST_ADMIN',
        message: '团体至少需要一名管理员，请先指定其他管理员',
      });
      expect(
        await app.deps.db.getRepository(AuditLog).countBy({ action: 'team.member_made_admin', targetId: a.accountId }),
      ).toBe(1);
      const unknown = await app.http.request('PATCH', `/api/teams/${team.id}/members/nobody`, {
        token: a.token,
        body: { role: 'admin' },
      });
      expect(unknown.body.error.code).toBe('TEAM.NOT_MEMBER');
    });

    it('two admins stepping down at once leave one admin', async () => {
      const { admin, team, a } = await teamWithMembers();
      await app.http.request('PATCH', `/api/teams/${team.id}/members/${a.accountId}`, {
        token: admin.token,
        body: { role: 'admin' },
      });
      const replies = await Promise.all([
        app.http.request('PATCH', `/api/teams/${team.id}/members/${admin.accountId}`, {
          token: admin.token,
          body: { role: 'member' },
        }),
        app.http.request('PATCH', `/api/teams/${team.id}/members/${a.accountId}`, {
          token: a.token,
          body: { role: 'member' },
        }),
      ]);
      expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(await app.deps.db.getRepository(TeamMember).countBy({ teamId: team.id, role: 'admin' })).toBe(1);
    });

    it('removes a member, keeping their records; the last admin cannot be removed', async () => {
      const { admin, team, a } = await teamWithMembers();
      const path = `/api/teams/${team.id}/members/${a.accountId}`;
      expect((await app.http.request('DELETE', path)).status).toBe(401);
      expect((await app.http.request('DELETE', path, { token: a.token })).status).toBe(403);
      const removed = await app.http.request('DELETE', path, { token: admin.token });
      expect(removed.status).toBe(204);
      expect(await isMember(team.id, a.accountId)).toBe(false);
      expect(await memberCount(team.id)).toBe(2);
      // nothing but the membership goes: the volunteer and their account stay (hours too, H-7)
      expect(await app.deps.db.getRepository(Volunteer).countBy({ id: a.volunteerId })).toBe(1);
      expect((await app.http.request('DELETE', path, { token: admin.token })).status).toBe(404);
      const self = await app.http.request('DELETE', `/api/teams/${team.id}/members/${admin.accountId}`, {
        token: admin.token,
      });
      expect(self.status).toBe(409);
      expect(self.body.error.code).toBe('TEAM.LAST_ADMIN');
    });

    it('a volunteer leaves at any time; the last admin must name another first', async () => {
      const { admin, team, b } = await teamWithMembers();
      const path = `/api/teams/${team.id}/leave`;
      expect((await app.http.post(path)).status).toBe(401);
      expect((await app.http.post(path, undefined, b.token)).status).toBe(204);
      expect(await isMember(team.id, b.accountId)).toBe(false);
      const again = await app.http.post(path, undefined, b.token);
      expect(again.status).toBe(404);
      expect(again.body.error).toMatchObject({ code: 'TEAM.NOT_MEMBER', message: '您不是该志愿团体的成员' });
      const last = await app.http.post(path, undefined, admin.token);
      expect(last.status).toBe(409);
      expect(last.body.error.code).toBe('TEAM.LAST_ADMIN');
      expect((await app.http.post('/api/teams/no-such-team/leave', undefined, b.token)).status).toBe(404);
    });

    it('V-9: a team admin resets a member password: the old one is refused, the new one works, audited', async () => {
      const { admin, team, a, b } = await teamWithMembers();
      const path = `/api/teams/${team.id}/members/${a.accountId}/reset-password`;
      expect((await app.http.post(path)).status).toBe(401);
      expect((await app.http.post(path, undefined, b.token)).status).toBe(403);
      expect(
        (await app.http.post(`/api/teams/${team.id}/members/nobody/reset-password`, undefined, admin.token)).status,
      ).toBe(404);

      const reset = await app.http.post(path, undefined, admin.token);
      expect(reset.status).toBe(200);
      expect(reset.body.password).toMatch(/^[A-Za-z0-9]{16}$/);
      const old = await app.http.post('/api/auth/login', { username: a.username, password: a.password });
      expect(old.status).toBe(401);
      expect(
        (await app.http.post('/api/auth/login', { username: a.username, password: reset.body.password })).status,
      ).toBe(200);
      const audit = await app.deps.db
        .getRepository(AuditLog)
        .findBy({ action: 'account.password_reset_by_team_admin', targetId: a.accountId });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actorId: admin.accountId, targetType: 'account' });
      expect(JSON.parse(audit[0]!.detail!)).toMatchObject({ teamId: team.id, volunteerId: a.volunteerId });
      // the sessions the member had are ended
      const live = await app.deps.db.getRepository(RefreshToken).findBy({ accountId: a.accountId });
      expect(live.filter((t) => t.revokedAt === null)).toHaveLength(1); // only the login just made
    });

    it('V-9: a team admin cannot take over another admin account by a reset', async () => {
      const { admin, team, a } = await teamWithMembers();
      await app.http.request('PATCH', `/api/teams/${team.id}/members/${a.accountId}`, {
        token: admin.token,
        body: { role: 'admin' },
      });
      const res = await app.http.post(
        `/api/teams/${team.id}/members/${a.accountId}/reset-password`,
        undefined,
        admin.token,
      );
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('不能重置其密码');
      expect((await app.http.post('/api/auth/login', { username: a.username, password: a.password })).status).toBe(200);
    });
  });
});
