import { AccountRole, DigestSend, Outbox, Team, TeamMember, type OutboxRow, type TeamRow } from '../src/db/entities';
import { JOBS } from '../src/internal/jobs';
import { outboxRepository } from '../src/modules/notifications/outbox.repository';
import { sendReviewDigests, type ReviewDigestResult } from '../src/modules/teams/review-digest.job';
import { reviewDigestRepository } from '../src/modules/teams/review-digest.repository';
import {
  approvedTeam,
  insertAccount,
  insertAuthority,
  insertRegionalAdmin,
  insertTeam,
  insertTeamMember,
} from './factories';
import { DIALECT, startTestApp, type TestApp } from './harness';

/*
 * T-5: the daily review digest (teams.review-digest), run the way the bot runs it: through
 * the internal endpoint, under the job's lease. STYLE.md rule 9: run twice, sent once.
 */
const SECRET = { 'x-internal-secret': 'test-internal-secret' };
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Tuesday 2026-11-24, 09:00 in Shanghai: a working day */
const TUESDAY_9AM = '2026-11-24T01:00:00.000Z';

describe(`review digest job: teams.review-digest (${DIALECT})`, () => {
  let app: TestApp;
  const run = (owner = 'test-bot') =>
    app.http.request('POST', '/internal/jobs/teams.review-digest/run', { body: { owner }, headers: SECRET });
  const digestRows = (): Promise<OutboxRow[]> =>
    app.deps.db.getRepository(Outbox).find({ where: { event: 'teams.review-digest' }, order: { recipient: 'ASC' } });

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());
  afterEach(() => jest.restoreAllMocks());

  let worldSerial = 0;
  interface World {
    at: Date;
    liaison: TeamRow;
    liaisonEmails: string[];
    busy: TeamRow;
    busyEmail: string;
    lonely: TeamRow;
    oldest: TeamRow;
    busyTeams: TeamRow[];
    xichengEmail: string;
    chaoyangEmail: string;
    liaisonRobot: string;
    xichengRobot: string;
  }

  /**
   * Everything waiting at `at`:
   * - liaison team 「联络」 (robot: WeCom) with two admins, a member, a frozen admin and an admin
   *   without e-mail: 3 pending teams (6 days, 2 days, 3 hours), plus an approved and a rejected one;
   * - liaison team 「繁忙」 (no robot), one admin: 25 pending teams;
   * - liaison team 「无人」: a pending team, but no admin e-mail and no robot;
   * - the authority of 西城区 110102 (robot: DingTalk), one regional admin of 110102, one of
   *   the city 110100 above it (not its reviewer) and a frozen one: 2 pending teams;
   * - the authority of 朝阳区 110105 (no authority row, so no robot), one regional admin: 1 pending team.
   */
  async function world(atIso: string): Promise<World> {
    const at = new Date(atIso);
    app.clock.set(at);
    const { db } = app.deps;
    for (const table of ['outbox', 'digest_sends', 'teams', 'team_members', 'region_authorities', 'job_leases'])
      await db.query(`DELETE FROM ${table}`);
    await db.getRepository(AccountRole).delete({ role: 'regional_admin' });
    worldSerial += 1;
    const mail = (who: string) => `${who}.w${worldSerial}@example.com`;
    const ago = (ms: number) => new Date(at.getTime() - ms);

    const liaisonRobot = `http://robot.test/cgi-bin/webhook/send?key=liaison-${worldSerial}`;
    const liaisonEmails = [mail('liaison-admin-a'), mail('liaison-admin-b')];
    const liaison = await approvedTeam(app, await insertAccount(app, liaisonEmails[0]!), {
      name: `东城联络${worldSerial}志愿服务队`,
      acceptsSubTeams: true,
      robotUrl: liaisonRobot,
      robotKind: 'wecom',
      submittedAt: ago(90 * DAY),
    });
    await insertTeamMember(app, liaison.id, liaisonEmails[1]!, 'admin');
    await insertTeamMember(app, liaison.id, mail('liaison-member'), 'member');
    await insertTeamMember(app, liaison.id, null, 'admin');
    const frozen = await insertAccount(app, mail('liaison-frozen'), 'frozen');
    await app.deps.db.getRepository(TeamMember).insert({
      id: `frozen-${worldSerial}`,
      teamId: liaison.id,
      accountId: frozen,
      volunteerId: null,
      role: 'admin',
      joinedAt: at,
    });

    const under = (id: string, name: string, waited: number, extra: Partial<TeamRow> = {}) =>
      insertTeam(app, { name, liaisonTeamId: id, regionCode: '110101', submittedAt: ago(waited), ...extra });
    const oldest = await under(liaison.id, '最久的志愿服务队', 6 * DAY + HOUR);
    await under(liaison.id, '两天的志愿服务队', 2 * DAY + HOUR);
    await under(liaison.id, '刚来的志愿服务队', 3 * HOUR);
    await under(liaison.id, '已通过的志愿服务队', 9 * DAY, { status: 'approved' });
    await under(liaison.id, '未通过的志愿服务队', 9 * DAY, { status: 'rejected' });

    const busyEmail = mail('busy-admin');
    const busy = await approvedTeam(app, await insertAccount(app, busyEmail), {
      name: `繁忙联络${worldSerial}志愿服务队`,
      acceptsSubTeams: true,
      regionCode: '110102',
    });
    const busyTeams: TeamRow[] = [];
    for (let i = 0; i < 25; i++)
      busyTeams.push(await under(busy.id, `繁忙${String(i).padStart(2, '0')}志愿服务队`, (30 - i) * DAY));

    const lonely = await approvedTeam(app, await insertAccount(app, null), {
      name: `无人联络${worldSerial}志愿服务队`,
      acceptsSubTeams: true,
      regionCode: '110105',
    });
    await under(lonely.id, '无人审的志愿服务队', 5 * DAY);

    const xichengRobot = `http://robot.test/robot/send?access_token=xicheng-${worldSerial}`;
    await insertAuthority(app, '110102', {
      authorityName: '西城区民政局',
      robotUrl: xichengRobot,
      robotKind: 'dingtalk',
      robotSecret: 'SECxicheng',
    });
    const xichengEmail = mail('xicheng-admin');
    await insertRegionalAdmin(app, '110102', xichengEmail);
    await insertRegionalAdmin(app, '110100', mail('city-admin'));
    await insertRegionalAdmin(app, '110102', mail('xicheng-frozen'), 'frozen');
    await insertTeam(app, { name: '西城甲志愿服务队', regionCode: '110102', submittedAt: ago(5 * DAY) });
    await insertTeam(app, { name: '西城乙志愿服务队', regionCode: '110102', submittedAt: ago(1 * DAY) });

    const chaoyangEmail = mail('chaoyang-admin');
    await insertRegionalAdmin(app, '110105', chaoyangEmail);
    await insertTeam(app, { name: '朝阳甲志愿服务队', regionCode: '110105', submittedAt: ago(12 * HOUR) });

    return {
      at,
      liaison,
      liaisonEmails,
      busy,
      busyEmail,
      lonely,
      oldest,
      busyTeams,
      xichengEmail,
      chaoyangEmail,
      liaisonRobot,
      xichengRobot,
    };
  }

  /** 2 + robot (联络), 1 (繁忙), 1 + robot (西城), 1 (朝阳) */
  const EXPECTED = { reviewers: 4, messages: 7, skippedAlreadySent: 0, withoutRecipients: 1 };

  it('on a working day sends each reviewer one digest: its admins by e-mail and its group robot', async () => {
    const w = await world(TUESDAY_9AM);
    const res = await run();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ran: true, result: { date: '2026-11-24', ...EXPECTED } });

    const rows = await digestRows();
    expect(rows.map((r) => [r.channel, r.recipient]).sort()).toEqual(
      [
        ['email', w.liaisonEmails[0]],
        ['email', w.liaisonEmails[1]],
        ['wecom', w.liaisonRobot],
        ['email', w.busyEmail],
        ['email', w.xichengEmail],
        ['dingtalk', w.xichengRobot],
        ['email', w.chaoyangEmail],
      ].sort(),
    );
    expect(rows.every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);

    // the liaison team's digest: its admins and its robot get the same words
    const liaison = rows.filter((r) => r.idempotencyKey.includes(`team:${w.liaison.id}:2026-11-24`));
    expect(liaison).toHaveLength(3);
    for (const r of liaison) {
      expect(r.subject).toBe('志愿团体审核提醒：3 个团体等待审核');
      expect(r.body).toContain(`志愿团体审核提醒（${w.liaison.name}）`);
      expect(r.body).toContain('共有 3 个志愿团体等待您审核，其中 1 个已等待超过 4 天');
      expect(r.body).toContain(`${app.config.publicUrl}/packages/teams/pages/reviews/index`);
      expect(r.body).toContain('1. 最久的志愿服务队（东城区） 【已等待 6 天】');
      expect(r.body).toContain('2. 两天的志愿服务队（东城区） 等待 2 天');
      expect(r.body).toContain('3. 刚来的志愿服务队（东城区） 今天提交');
      expect(r.body).not.toMatch(/已通过的|未通过的/);
    }

    // a reviewer with more than 20: the 20 that waited longest, oldest first, and a count of the rest
    const busy = rows.find((r) => r.recipient === w.busyEmail)!;
    expect(busy.subject).toBe('志愿团体审核提醒：25 个团体等待审核');
    const listed = busy.body.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(listed).toHaveLength(20);
    expect(listed[0]).toBe('1. 繁忙00志愿服务队（东城区） 【已等待 30 天】');
    expect(listed[19]).toBe('20. 繁忙19志愿服务队（东城区） 【已等待 11 天】');
    expect(busy.body).toContain('等待最久的 20 个：');
    expect(busy.body).toContain('……另有 5 个团体，请登录查看。');

    // the registration authorities: regional admins of exactly that region, active, and the authority's robot
    const xicheng = rows.filter((r) => r.idempotencyKey.includes('region:110102:2026-11-24'));
    expect(xicheng.map((r) => r.channel).sort()).toEqual(['dingtalk', 'email']);
    expect(xicheng[0]!.subject).toBe('志愿团体审核提醒：2 个团体等待审核');
    expect(xicheng[0]!.body).toContain('志愿团体审核提醒（西城区民政局）');
    expect(xicheng[0]!.body).toContain('1. 西城甲志愿服务队（西城区） 【已等待 5 天】');
    // the authority's robot signs with its own secret, which travels with its message only
    const byChannel = Object.fromEntries(xicheng.map((r) => [r.channel, r]));
    expect(JSON.parse(byChannel.dingtalk!.payload!)).toEqual({ robotSecret: 'SECxicheng' });
    expect(byChannel.email!.payload).toBeNull();
    expect(rows.find((r) => r.channel === 'wecom')!.payload).toBeNull();
    const chaoyang = rows.find((r) => r.recipient === w.chaoyangEmail)!;
    expect(chaoyang.body).toContain('志愿团体审核提醒（朝阳区民政局）');
    expect(chaoyang.body).not.toContain('已等待超过');

    // one digest row per reviewer and day
    const sends = await app.deps.db.getRepository(DigestSend).find({ order: { reviewerKey: 'ASC' } });
    expect(sends.map((s) => [s.reviewerKey, s.digestDate, s.teamCount]).sort()).toEqual(
      [
        [`team:${w.liaison.id}`, '2026-11-24', 3],
        [`team:${w.busy.id}`, '2026-11-24', 25],
        ['region:110102', '2026-11-24', 2],
        ['region:110105', '2026-11-24', 1],
      ].sort(),
    );
  });

  it('is idempotent: run again the same day, it sends nothing; the next working day brings a new digest', async () => {
    const w = await world(TUESDAY_9AM);
    expect((await run()).body).toEqual({ ran: true, result: { date: '2026-11-24', ...EXPECTED } });
    const first = await digestRows();

    // the same day, later (another bot, a restart, a manual run): nothing new
    app.clock.set('2026-11-24T07:30:00.000Z');
    const again = await run('another-bot');
    expect(again.body).toEqual({
      ran: true,
      result: { date: '2026-11-24', reviewers: 0, messages: 0, skippedAlreadySent: 4, withoutRecipients: 1 },
    });
    expect((await digestRows()).map((r) => r.id).sort()).toEqual(first.map((r) => r.id).sort());

    // Wednesday: a new digest, a day older
    app.clock.set('2026-11-25T01:00:00.000Z');
    expect((await run()).body).toEqual({ ran: true, result: { date: '2026-11-25', ...EXPECTED } });
    const rows = await digestRows();
    expect(rows).toHaveLength(14);
    const wednesday = rows.filter((r) => r.idempotencyKey.includes(':2026-11-25:'));
    expect(wednesday).toHaveLength(7);
    const liaison = wednesday.find((r) => r.recipient === w.liaisonEmails[0])!;
    expect(liaison.body).toContain('1. 最久的志愿服务队（东城区） 【已等待 7 天】');
    expect(liaison.body).toContain('3. 刚来的志愿服务队（东城区） 等待 1 天');
    expect(await app.deps.db.getRepository(DigestSend).count()).toBe(8);
  });

  it('skips holidays and weekends of the official calendar', async () => {
    // 国庆节, a Thursday
    await world('2026-10-01T01:00:00.000Z');
    expect((await run()).body).toEqual({ ran: true, result: { skipped: 'not a working day', date: '2026-10-01' } });
    // an ordinary Saturday
    app.clock.set('2026-11-28T01:00:00.000Z');
    expect((await run()).body).toEqual({ ran: true, result: { skipped: 'not a working day', date: '2026-11-28' } });
    // Monday 01:00 in Shanghai is still Sunday in UTC: the day is judged in the configured zone
    app.clock.set('2026-11-22T17:00:00.000Z');
    expect((await run()).body.result).toEqual({ date: '2026-11-23', ...EXPECTED });
    app.clock.set('2026-11-23T01:00:00.000Z'); // 09:00 the same Monday
    expect((await run()).body.result).toMatchObject({ date: '2026-11-23', messages: 0, skippedAlreadySent: 4 });
    expect(await digestRows()).toHaveLength(7);
  });

  it('works on an adjusted working weekend (调休上班日): Sunday 2026-09-20', async () => {
    await world('2026-09-20T01:00:00.000Z');
    expect((await run()).body).toEqual({ ran: true, result: { date: '2026-09-20', ...EXPECTED } });
    expect(await digestRows()).toHaveLength(7);
  });

  it('pages through reviewers by key: small pages give the same digests as one page', async () => {
    await world(TUESDAY_9AM);
    const result = await sendReviewDigests(app.deps, { pageSize: 1 });
    expect(result).toEqual({ date: '2026-11-24', ...EXPECTED });
    expect(await digestRows()).toHaveLength(7);
    expect(await sendReviewDigests(app.deps, { pageSize: 2 })).toEqual({
      date: '2026-11-24',
      reviewers: 0,
      messages: 0,
      skippedAlreadySent: 4,
      withoutRecipients: 1,
    });
  });

  it('never sends the same digest twice even when two runs race past the lease', async () => {
    await world(TUESDAY_9AM);
    // the lease keeps a second bot out; here two runs go round it and meet at digest_sends
    // (on MariaDB one of them may be picked as a deadlock victim at that unique key: it retries)
    const settled = await Promise.allSettled([sendReviewDigests(app.deps), sendReviewDigests(app.deps)]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
    const [a, b] = settled.map((s) => (s as PromiseFulfilledResult<ReviewDigestResult>).value);
    const sum = (k: 'reviewers' | 'messages' | 'skippedAlreadySent') => a![k] + b![k];
    expect(sum('reviewers')).toBe(4);
    expect(sum('messages')).toBe(7);
    expect(sum('skippedAlreadySent')).toBe(4);
    expect(await digestRows()).toHaveLength(7);
    expect(await app.deps.db.getRepository(DigestSend).count()).toBe(4);
  });

  it('a reviewer whose transaction loses a deadlock is tried again, and sent once', async () => {
    await world(TUESDAY_9AM);
    const real = reviewDigestRepository.insertSend;
    let victims = 0;
    jest.spyOn(reviewDigestRepository, 'insertSend').mockImplementation(async (em, row) => {
      if (victims++ === 0) {
        // what InnoDB answers to one of two runs meeting at the same key of uq_digest_sends
        throw Object.assign(new Error('Deadlock found when trying to get lock'), {
          driverError: { code: 'ER_LOCK_DEADLOCK' },
        });
      }
      return real.call(reviewDigestRepository, em, row);
    });
    expect((await run()).body).toEqual({ ran: true, result: { date: '2026-11-24', ...EXPECTED } });
    expect(victims).toBe(5); // 4 reviewers, one of them twice
    expect(await digestRows()).toHaveLength(7);
  });

  it('two bots at once: one runs the job, the other is told it is held', async () => {
    await world(TUESDAY_9AM);
    const replies = await Promise.all([run('bot-a'), run('bot-b')]);
    const ran = replies.filter((r) => r.body.ran);
    // the second may also come after the first finished: then it runs and sends nothing
    expect(ran.reduce((n, r) => n + (r.body.result.messages as number), 0)).toBe(7);
    expect(await digestRows()).toHaveLength(7);
  });

  it('a crash half-way marks no reviewer sent without its messages; the re-run sends the rest', async () => {
    const w = await world(TUESDAY_9AM);
    const real = outboxRepository.insertIgnoringDuplicate;
    jest.spyOn(outboxRepository, 'insertIgnoringDuplicate').mockImplementation(async (em, row) => {
      if (row.recipient === w.liaisonRobot) throw new Error('database went away');
      return real.call(outboxRepository, em, row);
    });
    const crashed = await run();
    expect(crashed.status).toBe(500);
    // the liaison team's e-mails were rolled back with its digest row
    expect((await digestRows()).filter((r) => r.idempotencyKey.includes(w.liaison.id))).toHaveLength(0);
    const sendsAfterCrash = await app.deps.db.getRepository(DigestSend).find();
    expect(sendsAfterCrash.map((s) => s.reviewerKey)).not.toContain(`team:${w.liaison.id}`);

    jest.restoreAllMocks();
    const rerun = await run();
    expect(rerun.status).toBe(200);
    expect(rerun.body.result.reviewers + sendsAfterCrash.length).toBe(4);
    expect(rerun.body.result.skippedAlreadySent).toBe(sendsAfterCrash.length);
    expect(await digestRows()).toHaveLength(7);
    expect(await app.deps.db.getRepository(DigestSend).count()).toBe(4);
  });

  it('sends nothing when no team waits', async () => {
    await world(TUESDAY_9AM);
    await app.deps.db.getRepository(Team).update({ status: 'pending' }, { status: 'approved' });
    expect((await run()).body).toEqual({
      ran: true,
      result: { date: '2026-11-24', reviewers: 0, messages: 0, skippedAlreadySent: 0, withoutRecipients: 0 },
    });
    expect(await digestRows()).toHaveLength(0);
  });

  it('is registered among the jobs the bot may run, with a lease longer than a large run', () => {
    expect(JOBS['teams.review-digest']!.leaseSeconds).toBeGreaterThanOrEqual(600);
  });
});
