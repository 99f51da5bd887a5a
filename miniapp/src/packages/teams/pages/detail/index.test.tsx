import { render, screen, waitFor } from '@testing-library/react';
import type { TeamDto } from '@zhiyuan/shared';
import {
  calls,
  modalAnswer,
  mockRequest,
  resetTaroMock,
  routerParams,
  type MockRequestOptions,
  type MockResponse,
} from '../../../../../test/taro-mock';
import { byId, click, meDto, ok, refusal, teamDto, text } from '../../../../../test/teams-fixtures';
import { saveTokens } from '@/services/token';
import TeamDetail from './index';

type Handler = (o: MockRequestOptions) => Promise<MockResponse> | undefined;

function serve(team: () => TeamDto, extra: Handler = () => undefined, me = meDto()) {
  mockRequest((o) => {
    const answer = extra(o);
    if (answer) return answer;
    if (o.url === '/api/teams/t1' && o.method === 'GET') return ok(team());
    if (o.url === '/api/me') return ok(me);
    return Promise.reject(new Error(`unexpected ${o.method} ${o.url}`));
  });
}

const posts = () => calls.request.filter((o) => o.method === 'POST');

async function renderPage() {
  render(<TeamDetail />);
  await waitFor(() => expect(byId('team-name')).not.toBeNull());
}

/** A pending team seen by its admin, `days` after it was submitted (T-5). */
function pending(days: number, review: Partial<NonNullable<TeamDto['review']>> = {}): TeamDto {
  const submitted = new Date(Date.now() - days * 86_400_000 - 3_600_000);
  return teamDto({
    status: 'pending',
    myRole: 'admin',
    reviewedAt: null,
    submittedAt: submitted.toISOString(),
    contactPhone: '13900139000',
    review: {
      reviewer: { kind: 'liaison_team', name: '东城区志愿服务联合会', contact: null },
      waitedDays: days,
      canRemind: days > 4,
      nextRemindAt: days > 4 ? null : new Date(submitted.getTime() + 4 * 86_400_000 + 1).toISOString(),
      ...review,
    },
    settings: { robotUrl: null, robotKind: 'wecom' },
  });
}

beforeEach(() => {
  resetTaroMock();
  routerParams.id = 't1';
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
});

describe('志愿团体主页: public facts', () => {
  it('shows what the team states, with the masked phone, to a guest', async () => {
    resetTaroMock();
    routerParams.id = 't1';
    serve(() =>
      teamDto({
        creditCode: null,
        unit: { id: 'u1', name: '东城区人民医院', level: 'municipal', staffCount: 300, regionCode: '110101' },
      }),
    );
    await renderPage();

    expect(text('team-name')).toBe('东城区和平里街道志愿服务队');
    expect(text('team-status')).toBe('已通过');
    expect(text('team-registration-status')).toBe('未登记的社会组织或其他组织');
    expect(text('team-region')).toBe('东城区');
    expect(text('team-liaison')).toBe('东城区志愿服务联合会');
    expect(text('team-unit')).toBe('东城区人民医院（市级文明单位）');
    expect(text('team-member-count')).toBe('12 人');
    expect(text('team-join-mode')).toBe('拒绝任何人加入');
    expect(text('team-contact-phone')).toBe('139****9000');
    expect(byId('go-settings')).toBeNull();
    expect(byId('leave')).toBeNull();
    // no token: the request went without one
    expect(calls.request[0]!.header?.Authorization).toBeUndefined();

    // 申请加入 asks a guest to sign in first
    await click('join');
    expect(calls.navigateTo).toEqual(['/packages/accounts/pages/login/index']);
  });
});

describe('申请加入 (T-6), as the bff answers for the join mode', () => {
  it('允许任何人加入: joined at once, then a member', async () => {
    let joined = false;
    serve(
      () => teamDto({ joinMode: 'open', myRole: joined ? 'member' : null, memberCount: joined ? 13 : 12 }),
      (o) => {
        if (o.url !== '/api/teams/t1/join') return undefined;
        joined = true;
        return ok({ status: 'joined' }, 201);
      },
    );
    await renderPage();

    await click('join');

    await waitFor(() => expect(byId('leave')).not.toBeNull());
    expect(text('my-role')).toBe('你是该团体的成员');
    expect(text('team-member-count')).toBe('13 人');
    expect(calls.toast).toEqual(['已加入']);
    expect(byId('join')).toBeNull();
  });

  it('需要审核: 「已提交加入申请，请等待团体管理员审核」, and the button stays off', async () => {
    serve(
      () => teamDto({ joinMode: 'review' }),
      (o) =>
        o.url === '/api/teams/t1/join'
          ? ok({ status: 'pending', request: { id: 'r1', status: 'pending' } }, 201)
          : undefined,
    );
    await renderPage();

    await click('join');

    await waitFor(() => expect(text('join-result')).toBe('已提交加入申请，请等待团体管理员审核'));
    expect(byId('join-result')!.getAttribute('data-status')).toBe('pending');
    expect((byId('join') as HTMLButtonElement).disabled).toBe(true);
  });

  it('a request already waiting shows the same message when the page opens', async () => {
    serve(() => teamDto({ joinMode: 'review', myJoinRequest: 'pending' }));
    await renderPage();

    expect(text('join-result')).toBe('已提交加入申请，请等待团体管理员审核');
    expect((byId('join') as HTMLButtonElement).disabled).toBe(true);
  });

  it("拒绝任何人加入: the bff's 「该志愿团体拒绝任何人加入」", async () => {
    serve(
      () => teamDto({ joinMode: 'closed' }),
      (o) =>
        o.url === '/api/teams/t1/join' ? refusal(403, 'TEAM.JOIN_CLOSED', '该志愿团体拒绝任何人加入') : undefined,
    );
    await renderPage();

    await click('join');

    await waitFor(() => expect(text('join-result')).toBe('该志愿团体拒绝任何人加入'));
    expect(byId('join-result')!.getAttribute('data-status')).toBe('closed');
    expect(posts()[0]!.data).toEqual({});
  });

  it('an account without real-name registration is sent to 志愿者实名注册', async () => {
    serve(
      () => teamDto({ joinMode: 'open' }),
      (o) =>
        o.url === '/api/teams/t1/join' ? refusal(403, 'TEAM.VOLUNTEER_REQUIRED', '请先完成志愿者实名注册') : undefined,
    );
    await renderPage();

    await click('join');
    await waitFor(() => expect(text('join-result')).toBe('请先完成志愿者实名注册'));
    await click('go-enrol');
    expect(calls.navigateTo).toEqual(['/packages/accounts/pages/register/index?existing=1']);
  });

  it('退出团体 after confirming; recorded hours stay', async () => {
    let member = true;
    serve(
      () => teamDto({ myRole: member ? 'member' : null }),
      (o) => {
        if (o.url !== '/api/teams/t1/leave') return undefined;
        member = false;
        return ok(undefined, 204);
      },
    );
    await renderPage();

    modalAnswer.confirm = false;
    await click('leave');
    expect(posts()).toHaveLength(0);

    modalAnswer.confirm = true;
    await click('leave');
    await waitFor(() => expect(byId('join')).not.toBeNull());
    expect(calls.modal[1]).toMatch(/已记录的志愿服务时间会保留/);
  });
});

describe("审核进度 for the team's admins while pending (T-5)", () => {
  it('links to 团体设置 / 成员 / 加入申请', async () => {
    serve(() => pending(1));
    await renderPage();

    await click('go-settings');
    await click('go-members');
    await click('go-join-requests');
    expect(calls.navigateTo).toEqual([
      '/packages/teams/pages/settings/index?id=t1',
      '/packages/teams/pages/members/index?id=t1',
      '/packages/teams/pages/join-requests/index?teamId=t1',
    ]);
  });

  it('within 4 days: 提醒审核 is off, with the reason and when it opens; no contacts yet', async () => {
    serve(() => pending(2));
    await renderPage();

    expect(text('waited-days')).toBe('等待审核 2 天');
    expect(text('reviewer-name')).toBe('东城区志愿服务联合会');
    expect((byId('remind') as HTMLButtonElement).disabled).toBe(true);
    expect(text('remind-reason')).toBe('提交审核超过 4 天后才能提醒审核');
    expect(text('remind-next')).toMatch(/^（\d{4}年\d+月\d+日 \d\d:\d\d 后可提醒）$/);
    expect(byId('reviewer-contact')).toBeNull();
    expect(screen.getByText(/超过 7 天仍未审核的，这里会显示审核方的联系方式/)).toBeTruthy();
  });

  it('after 4 days: 提醒审核 sends the reminder, then waits a day', async () => {
    let reminded = false;
    serve(
      () =>
        reminded
          ? pending(5, { canRemind: false, nextRemindAt: new Date(Date.now() + 86_400_000).toISOString() })
          : pending(5),
      (o) => {
        if (o.url !== '/api/teams/t1/remind') return undefined;
        reminded = true;
        return ok(undefined, 204);
      },
    );
    await renderPage();

    expect((byId('remind') as HTMLButtonElement).disabled).toBe(false);
    await click('remind');

    await waitFor(() => expect(text('remind-reason')).toBe('今天已经提醒过审核'));
    expect((byId('remind') as HTMLButtonElement).disabled).toBe(true);
    expect(text('remind-next')).toMatch(/后可提醒/);
    expect(calls.toast).toEqual(['已提醒审核']);
    expect(posts().map((o) => o.url)).toEqual(['/api/teams/t1/remind']);
  });

  it("shows the bff's refusal of a reminder sent too often", async () => {
    serve(
      () => pending(5),
      (o) =>
        o.url === '/api/teams/t1/remind'
          ? refusal(429, 'TEAM.REMIND_TOO_OFTEN', '每天只能提醒审核一次，请明天再试')
          : undefined,
    );
    await renderPage();
    await click('remind');
    await waitFor(() => expect(text('remind-error')).toBe('每天只能提醒审核一次，请明天再试'));
  });

  it("after 7 days: the reviewer's name, phone and e-mail, and 「建议直接电话沟通」", async () => {
    serve(() =>
      pending(8, {
        reviewer: {
          kind: 'authority',
          name: '东城区民政局',
          contact: { name: '刘洋', phone: '010-64000000', email: 'mzj@example.gov.cn' },
        },
      }),
    );
    await renderPage();

    expect(text('waited-days')).toBe('等待审核 8 天');
    expect(text('reviewer-name')).toBe('东城区民政局');
    expect(text('reviewer-contact-name')).toBe('刘洋');
    expect(text('reviewer-contact-phone')).toBe('010-64000000');
    expect(text('reviewer-contact-email')).toBe('mzj@example.gov.cn');
    expect(text('reviewer-contact')).toMatch(/建议直接电话沟通/);
    expect(screen.getByText('登记机关')).toBeTruthy();
  });

  it('a member who is not an admin sees no review block', async () => {
    serve(() => teamDto({ status: 'pending', myRole: 'member', review: null }));
    await renderPage();
    expect(byId('review-block')).toBeNull();
    expect(byId('go-settings')).toBeNull();
  });
});

describe("联络团体授权 (T-2), for a regional admin of the team's region", () => {
  it('授权为联络团体, then 取消授权', async () => {
    let accepts = false;
    serve(
      () => teamDto({ acceptsSubTeams: accepts }),
      (o) => {
        if (o.url !== '/api/admin/teams/t1/liaison-authorization') return undefined;
        accepts = (o.data as { accepts: boolean }).accepts;
        return ok(teamDto({ acceptsSubTeams: accepts }));
      },
      meDto([{ role: 'volunteer' }, { role: 'regional_admin', regionCode: '110100' }]),
    );
    await renderPage();

    await waitFor(() => expect(text('authorize-liaison')).toBe('授权为联络团体'));
    await click('authorize-liaison');
    await waitFor(() => expect(text('authorize-liaison')).toBe('取消授权'));
    expect(text('team-liaison-authorized')).toMatch(/可作为联络团体/);
    await click('authorize-liaison');
    await waitFor(() => expect(text('authorize-liaison')).toBe('授权为联络团体'));
    expect(posts().map((o) => o.data)).toEqual([{ accepts: true }, { accepts: false }]);
  });

  it('is not offered to the admin of another region, nor to a volunteer', async () => {
    serve(() => teamDto(), undefined, meDto([{ role: 'regional_admin', regionCode: '120101' }]));
    await renderPage();
    await waitFor(() => expect(calls.request.some((o) => o.url === '/api/me')).toBe(true));
    expect(byId('authorize-liaison')).toBeNull();
  });
});

describe('an access token the bff considers expired (its public route answers as to a guest)', () => {
  it('renews the session and asks again, instead of 「志愿团体不存在」', async () => {
    let fresh = false;
    mockRequest((o) => {
      const token = o.header?.Authorization;
      if (o.url === '/api/auth/refresh') {
        fresh = true;
        return ok({ tokens: { accessToken: 'a2', refreshToken: 'r2', expiresIn: 900, tokenType: 'Bearer' } });
      }
      if (o.url === '/api/me') {
        return token === 'Bearer a2' ? ok(meDto()) : refusal(401, 'AUTH.TOKEN_EXPIRED', '登录已过期，请重新登录');
      }
      if (o.url === '/api/teams/t1') {
        // a pending team is hidden from guests
        return token === 'Bearer a2' ? ok(pending(8)) : refusal(404, 'TEAM.NOT_FOUND', '志愿团体不存在');
      }
      return Promise.reject(new Error(`unexpected ${o.method} ${o.url}`));
    });
    await renderPage();

    expect(fresh).toBe(true);
    expect(text('waited-days')).toBe('等待审核 8 天');
    expect(screen.queryByText('志愿团体不存在')).toBeNull();
  });
});
