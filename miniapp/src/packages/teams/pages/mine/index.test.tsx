import { render, screen, waitFor } from '@testing-library/react';
import {
  calls,
  modalAnswer,
  mockRequest,
  resetTaroMock,
  type MockRequestOptions,
  type MockResponse,
} from '../../../../../test/taro-mock';
import { byId, click, joinRequestDto, ok, refusal, teamDto } from '../../../../../test/teams-fixtures';
import { saveTokens } from '@/services/token';
import MyTeams from './index';

type Handler = (o: MockRequestOptions) => Promise<MockResponse> | undefined;

const invitation = joinRequestDto({ id: 'i1', kind: 'invitation', teamId: 't2', teamName: '东城区图书馆志愿服务队' });
const mine = (withInvited: boolean) => [
  { ...teamDto({ id: 't1', status: 'pending' }), myRole: 'admin' },
  ...(withInvited ? [{ ...teamDto({ id: 't2', name: '东城区图书馆志愿服务队' }), myRole: 'member' }] : []),
];

function serve(state: { accepted: boolean }, extra: Handler = () => undefined) {
  mockRequest((o) => {
    const answer = extra(o);
    if (answer) return answer;
    if (o.url === '/api/teams/mine') return ok({ items: mine(state.accepted) });
    if (o.url === '/api/me/invitations') return ok({ items: state.accepted ? [] : [invitation] });
    return Promise.reject(new Error(`unexpected ${o.method} ${o.url}`));
  });
}

const teams = () => [...document.querySelectorAll('#my-team-list .my-team-item')];
const posts = () => calls.request.filter((o) => o.method === 'POST');

beforeEach(() => {
  resetTaroMock();
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
});

describe('我的团队', () => {
  it('lists my teams with my role and their status, and opens one', async () => {
    serve({ accepted: true });
    render(<MyTeams />);
    await waitFor(() => expect(teams()).toHaveLength(2));

    expect(
      teams().map((el) => [el.getAttribute('data-id'), el.getAttribute('data-role'), el.getAttribute('data-status')]),
    ).toEqual([
      ['t1', 'admin', 'pending'],
      ['t2', 'member', 'approved'],
    ]);
    expect(teams()[0]!.textContent).toMatch(/待审核/);
    expect(teams()[0]!.textContent).toMatch(/管理员/);
    expect(byId('invitation-list')).toBeNull();

    teams()[1]!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(calls.navigateTo).toEqual(['/packages/teams/pages/detail/index?id=t2']);
  });

  it('接受 an invitation: the team joins my list', async () => {
    const state = { accepted: false };
    serve(state, (o) => {
      if (o.url !== '/api/me/invitations/i1') return undefined;
      state.accepted = (o.data as { accept: boolean }).accept;
      return ok(undefined, 204);
    });
    render(<MyTeams />);
    await waitFor(() => expect(document.querySelectorAll('#invitation-list .invitation-item')).toHaveLength(1));
    expect(teams()).toHaveLength(1);

    await click('accept-i1');

    await waitFor(() => expect(teams()).toHaveLength(2));
    expect(posts()[0]!.data).toEqual({ accept: true });
    expect(byId('invitation-list')).toBeNull();
    expect(calls.toast).toEqual(['已加入']);
  });

  it('拒绝 asks first', async () => {
    serve({ accepted: false }, (o) => (o.url === '/api/me/invitations/i1' ? ok(undefined, 204) : undefined));
    render(<MyTeams />);
    await waitFor(() => expect(byId('decline-i1')).not.toBeNull());

    modalAnswer.confirm = false;
    await click('decline-i1');
    expect(posts()).toHaveLength(0);
    modalAnswer.confirm = true;
    await click('decline-i1');
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]!.data).toEqual({ accept: false });
  });

  it("an invitation already answered elsewhere: the bff's message", async () => {
    serve({ accepted: false }, (o) =>
      o.url === '/api/me/invitations/i1' ? refusal(404, 'TEAM.REQUEST_NOT_FOUND', '邀请不存在或已处理') : undefined,
    );
    render(<MyTeams />);
    await waitFor(() => expect(byId('accept-i1')).not.toBeNull());
    await click('accept-i1');
    await waitFor(() => expect(byId('form-error')?.textContent).toBe('邀请不存在或已处理'));
  });

  it('no team yet: 注册志愿团体', async () => {
    mockRequest((o) => (o.url === '/api/teams/mine' ? ok({ items: [] }) : ok({ items: [] })));
    render(<MyTeams />);
    await screen.findByText('还没有加入志愿团体');
    await click('go-team-register');
    expect(calls.navigateTo).toEqual(['/packages/teams/pages/register/index']);
  });

  it('signed out: 登录 / 注册', async () => {
    resetTaroMock();
    render(<MyTeams />);
    await screen.findByTestId('page-state-signed-out');
  });
});
