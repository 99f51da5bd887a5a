import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { calls, mockRequest, resetTaroMock } from '../../../../../test/taro-mock';
import { ok, page, refusal, teamDto } from '../../../../../test/teams-fixtures';
import { saveTokens } from '@/services/token';
import TeamReviews from './index';

beforeEach(() => {
  resetTaroMock();
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
});

describe('团体审核: the queue (T-4)', () => {
  it('lists the waiting teams, oldest first as the bff sends them, and opens one', async () => {
    const old = new Date(Date.now() - 6 * 86_400_000).toISOString();
    mockRequest((o) =>
      o.url.startsWith('/api/reviews/teams?')
        ? ok(
            page([
              teamDto({ id: 't7', status: 'pending', submittedAt: old, name: '和平里社区志愿服务队' }),
              teamDto({
                id: 't8',
                status: 'pending',
                registrationStatus: 'registered_org',
                name: '东城区青年志愿者协会',
              }),
            ]),
          )
        : Promise.reject(new Error(o.url)),
    );
    render(<TeamReviews />);
    await waitFor(() => expect(document.querySelectorAll('#review-list .review-item')).toHaveLength(2));

    const [first] = [...document.querySelectorAll('#review-list .review-item')];
    expect(first!.getAttribute('data-id')).toBe('t7');
    expect(first!.textContent).toMatch(/已等待 6 天/);
    expect(screen.getByText(/已在民政部门登记的社会组织/)).toBeTruthy();
    fireEvent.click(first!);
    expect(calls.navigateTo).toEqual(['/packages/teams/pages/review/index?id=t7']);
    expect(calls.request[0]!.url).toBe('/api/reviews/teams?page=1&pageSize=20');
  });

  it('nothing waiting: says so', async () => {
    mockRequest(() => ok(page([])));
    render(<TeamReviews />);
    await screen.findByText('暂无待审核的志愿团体');
  });

  it('an error keeps 重试', async () => {
    mockRequest(() => refusal(500, 'INTERNAL', '服务器开小差了'));
    render(<TeamReviews />);
    await screen.findByText('服务器开小差了');
    expect(screen.getByText('重试')).toBeTruthy();
  });
});
