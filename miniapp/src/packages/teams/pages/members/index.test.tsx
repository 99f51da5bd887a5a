import { render, screen, waitFor } from '@testing-library/react';
import type { MemberDto } from '@zhiyuan/shared';
import {
  calls,
  modalAnswer,
  mockRequest,
  resetTaroMock,
  routerParams,
  type MockRequestOptions,
  type MockResponse,
} from '../../../../../test/taro-mock';
import {
  byId,
  click,
  joinRequestDto,
  meDto,
  memberDto,
  ok,
  page,
  refusal,
  teamDto,
  text,
  type,
} from '../../../../../test/teams-fixtures';
import { saveTokens } from '@/services/token';
import TeamMembers from './index';

type Handler = (o: MockRequestOptions) => Promise<MockResponse> | undefined;

const me = memberDto({ accountId: 'a1', realName: '李华', username: 'lihua_2026', role: 'admin' });
const zhang = memberDto();

function serve(members: MemberDto[], extra: Handler = () => undefined) {
  mockRequest((o) => {
    const answer = extra(o);
    if (answer) return answer;
    if (o.url === '/api/teams/t1') return ok(teamDto({ myRole: 'admin' }));
    if (o.url.startsWith('/api/teams/t1/members?')) return ok(page(members));
    if (o.url === '/api/me') return ok(meDto());
    return Promise.reject(new Error(`unexpected ${o.method} ${o.url}`));
  });
}

const items = () => [...document.querySelectorAll('#member-list .member-item')];
const sent = (method: string) => calls.request.filter((o) => o.method === method);

async function renderPage() {
  render(<TeamMembers />);
  await waitFor(() => expect(items().length).toBeGreaterThan(0));
  // the signed-in account is marked once /api/me answered
  await screen.findByText(/（我）/);
}

beforeEach(() => {
  resetTaroMock();
  routerParams.id = 't1';
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
});

describe('成员 (T-7)', () => {
  it('lists members with their role; no 移除 or 重置密码 for oneself or for admins', async () => {
    serve([me, zhang]);
    await renderPage();

    expect(items().map((el) => el.getAttribute('data-account-id'))).toEqual(['a1', 'a2']);
    expect(byId('demote-a1')).not.toBeNull();
    expect(byId('remove-a1')).toBeNull();
    expect(byId('reset-a1')).toBeNull();
    expect(byId('promote-a2')).not.toBeNull();
    expect(byId('remove-a2')).not.toBeNull();
    expect(byId('reset-a2')).not.toBeNull();
  });

  it('设为管理员, then 取消管理员', async () => {
    serve([me, zhang], (o) =>
      o.method === 'PATCH' && o.url === '/api/teams/t1/members/a2'
        ? ok(memberDto({ role: (o.data as { role: 'admin' | 'member' }).role }))
        : undefined,
    );
    await renderPage();

    await click('promote-a2');
    await waitFor(() => expect(byId('demote-a2')).not.toBeNull());
    expect(byId('reset-a2')).toBeNull();
    await click('demote-a2');
    await waitFor(() => expect(byId('promote-a2')).not.toBeNull());
    expect(sent('PATCH').map((o) => o.data)).toEqual([{ role: 'admin' }, { role: 'member' }]);
    expect(calls.toast).toEqual(['已设为管理员', '已取消管理员']);
  });

  it("the last admin cannot step down: the bff's message", async () => {
    serve([me, zhang], (o) =>
      o.method === 'PATCH' ? refusal(409, 'TEAM.LAST_ADMIN', '团体至少需要一名管理员，请先指定其他管理员') : undefined,
    );
    await renderPage();
    await click('demote-a1');
    await waitFor(() => expect(text('form-error')).toBe('团体至少需要一名管理员，请先指定其他管理员'));
  });

  it('移除 asks first, then takes the member off the list', async () => {
    serve([me, zhang], (o) => (o.method === 'DELETE' ? ok(undefined, 204) : undefined));
    await renderPage();

    modalAnswer.confirm = false;
    await click('remove-a2');
    expect(sent('DELETE')).toHaveLength(0);

    modalAnswer.confirm = true;
    await click('remove-a2');
    await waitFor(() => expect(byId('remove-a2')).toBeNull());
    expect(sent('DELETE')[0]!.url).toBe('/api/teams/t1/members/a2');
    expect(calls.modal[1]).toMatch(/已记录的志愿服务时间会保留/);
    expect(items()).toHaveLength(1);
  });

  it('重置密码 shows the new password once, with 复制密码 (V-9)', async () => {
    serve([me, zhang], (o) =>
      o.url === '/api/teams/t1/members/a2/reset-password' ? ok({ password: 'Tmp4x9k2pq' }) : undefined,
    );
    await renderPage();

    await click('reset-a2');

    await waitFor(() => expect(text('new-password')).toBe('Tmp4x9k2pq'));
    expect(screen.getByText('「张伟」的新密码')).toBeTruthy();
    expect(screen.getByText(/新密码只显示这一次/)).toBeTruthy();
    await click('copy-password');
    expect(calls.clipboard).toEqual(['Tmp4x9k2pq']);
  });
});

describe('邀请志愿者加入 (T-6)', () => {
  it('by volunteer number, or by document type and number', async () => {
    serve([me], (o) =>
      o.url === '/api/teams/t1/invitations'
        ? ok(joinRequestDto({ kind: 'invitation', realName: '赵敏' }), 201)
        : undefined,
    );
    await renderPage();

    await click('invite-submit');
    expect(text('invite-result')).toBe('请填写志愿者编号');

    type('invite-number', '11010100000034X');
    await click('invite-submit');
    await waitFor(() => expect(text('invite-result')).toMatch(/^已邀请「赵敏」/));

    await click('invite-by-document');
    type('invite-documentNumber', '110101199003071234');
    await click('invite-submit');
    await waitFor(() => expect(sent('POST')).toHaveLength(2));
    expect(sent('POST').map((o) => o.data)).toEqual([
      { volunteerNumber: '11010100000034X' },
      { documentType: 'resident_id', documentNumber: '110101199003071234' },
    ]);
  });

  it('shows who could not be found', async () => {
    serve([me], (o) =>
      o.url === '/api/teams/t1/invitations'
        ? refusal(404, 'TEAM.INVITEE_NOT_FOUND', '没有找到该志愿者，请核对志愿者编号或证件号码')
        : undefined,
    );
    await renderPage();
    type('invite-number', '000');
    await click('invite-submit');
    await waitFor(() => expect(text('invite-result')).toBe('没有找到该志愿者，请核对志愿者编号或证件号码'));
    expect(byId('invite-result')!.getAttribute('data-ok')).toBe('false');
  });
});
