import { render, screen, waitFor } from '@testing-library/react';
import {
  calls,
  modalAnswer,
  mockRequest,
  resetTaroMock,
  routerParams,
  type MockRequestOptions,
  type MockResponse,
} from '../../../../../test/taro-mock';
import { byId, click, joinRequestDto, ok, page, refusal, teamDto } from '../../../../../test/teams-fixtures';
import { saveTokens } from '@/services/token';
import JoinRequests from './index';

type Handler = (o: MockRequestOptions) => Promise<MockResponse> | undefined;

function serve(extra: Handler = () => undefined, joinMode: 'review' | 'closed' = 'review', requests = 2) {
  mockRequest((o) => {
    const answer = extra(o);
    if (answer) return answer;
    if (o.url === '/api/teams/t1') return ok(teamDto({ myRole: 'admin', joinMode }));
    if (o.url.startsWith('/api/teams/t1/join-requests?')) {
      return ok(
        page(
          [joinRequestDto(), joinRequestDto({ id: 'r2', realName: '钱进', message: '想参加周末活动' })].slice(
            0,
            requests,
          ),
        ),
      );
    }
    return Promise.reject(new Error(`unexpected ${o.method} ${o.url}`));
  });
}

const items = () => [...document.querySelectorAll('#request-list .request-item')];
const posts = () => calls.request.filter((o) => o.method === 'POST');

beforeEach(() => {
  resetTaroMock();
  routerParams.teamId = 't1';
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
});

describe('加入申请 (T-6)', () => {
  it('lists the pending requests; 通过 and 拒绝 take them off', async () => {
    serve((o) => (o.method === 'POST' ? ok(joinRequestDto({ status: 'approved' })) : undefined));
    render(<JoinRequests />);
    await waitFor(() => expect(items()).toHaveLength(2));
    expect(calls.request.find((o) => o.url.includes('join-requests'))!.url).toBe(
      '/api/teams/t1/join-requests?status=pending&kind=request&page=1&pageSize=20',
    );
    expect(screen.getByText('留言：想参加周末活动')).toBeTruthy();

    await click('approve-r1');
    await waitFor(() => expect(items()).toHaveLength(1));

    modalAnswer.confirm = false;
    await click('reject-r2');
    expect(posts()).toHaveLength(1);
    modalAnswer.confirm = true;
    await click('reject-r2');
    await screen.findByText('暂无待审核的加入申请');

    expect(posts().map((o) => [o.url, o.data])).toEqual([
      ['/api/teams/t1/join-requests/r1', { decision: 'approve' }],
      ['/api/teams/t1/join-requests/r2', { decision: 'reject' }],
    ]);
  });

  it('a request handled meanwhile by another admin: the message, and the list again', async () => {
    serve((o) => (o.method === 'POST' ? refusal(404, 'TEAM.REQUEST_NOT_FOUND', '申请不存在或已处理') : undefined));
    render(<JoinRequests />);
    await waitFor(() => expect(items()).toHaveLength(2));
    await click('approve-r1');
    await waitFor(() => expect(byId('form-error')?.textContent).toBe('申请不存在或已处理'));
  });

  it('none waiting while the team refuses everyone: points to 成员加入方式', async () => {
    serve(undefined, 'closed', 0);
    render(<JoinRequests />);
    await screen.findByText('暂无待审核的加入申请');
    expect(screen.getByText(/当前成员加入方式为“拒绝任何人加入”/)).toBeTruthy();
    await click('change-join-mode');
    expect(calls.navigateTo).toEqual(['/packages/teams/pages/settings/index?id=t1']);
  });
});
