import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { calls, mockRequest, resetTaroMock, type MockRequestOptions } from '../../../test/taro-mock';
import { click, meDto, ok, page, teamDto, type } from '../../../test/teams-fixtures';
import { saveTokens } from '@/services/token';
import Teams from './index';

const t1 = teamDto({ id: 't1', joinMode: 'review', memberCount: 12 });
const t2 = teamDto({ id: 't2', name: '东城区图书馆志愿服务队', joinMode: 'open', memberCount: 3 });

function serve(options: { reviews?: number; roles?: { role: string; regionCode?: string }[] } = {}) {
  mockRequest((o: MockRequestOptions) => {
    if (o.url.startsWith('/api/teams?')) {
      const q = new URLSearchParams(o.url.split('?')[1]).get('q');
      const pageNo = Number(new URLSearchParams(o.url.split('?')[1]).get('page'));
      if (q) return ok(page(q === '图书馆' ? [t2] : [], q === '图书馆' ? 1 : 0));
      return ok({ items: pageNo === 1 ? [t1] : [t2], total: 2, page: pageNo, pageSize: 20 });
    }
    if (o.url === '/api/me') return ok(meDto(options.roles));
    if (o.url.startsWith('/api/reviews/teams')) return ok(page([], options.reviews ?? 0));
    return Promise.reject(new Error(`unexpected ${o.url}`));
  });
}

const items = () => [...document.querySelectorAll('#team-list .team-item')];

beforeEach(() => resetTaroMock());

describe('志愿团体 tab', () => {
  it('lists approved teams to a guest, with 加载更多, and opens one', async () => {
    serve();
    render(<Teams />);
    await waitFor(() => expect(items()).toHaveLength(1));

    expect(items()[0]!.textContent).toMatch(/东城区和平里街道志愿服务队/);
    expect(items()[0]!.textContent).toMatch(/东城区 · 成员 12 人/);
    expect(items()[0]!.textContent).toMatch(/需要审核/);
    await click('load-more');
    await waitFor(() => expect(items()).toHaveLength(2));
    expect(screen.getByText('没有更多了')).toBeTruthy();

    fireEvent.click(items()[1]!);
    expect(calls.navigateTo).toEqual(['/packages/teams/pages/detail/index?id=t2']);
    // a guest is no reviewer, and the list went without a token
    expect(document.getElementById('go-reviews')).toBeNull();
    expect(calls.request.every((o) => !o.header?.Authorization)).toBe(true);
  });

  it('searches by name; nothing found says so', async () => {
    serve();
    render(<Teams />);
    await waitFor(() => expect(items()).toHaveLength(1));

    type('team-search', '图书馆');
    await click('team-search-submit');
    await waitFor(() => expect(items().map((el) => el.getAttribute('data-id'))).toEqual(['t2']));
    expect(calls.request.at(-1)!.url).toBe('/api/teams?q=%E5%9B%BE%E4%B9%A6%E9%A6%86&page=1&pageSize=20');

    type('team-search', '不存在');
    await click('team-search-submit');
    await screen.findByText('没有找到“不存在”相关的志愿团体');
  });

  it('注册志愿团体 and 我的团队', async () => {
    serve();
    render(<Teams />);
    await waitFor(() => expect(items()).toHaveLength(1));
    await click('go-team-register');
    await click('go-my-teams');
    expect(calls.navigateTo).toEqual(['/packages/teams/pages/register/index', '/packages/teams/pages/mine/index']);
  });

  it('团体审核 for whoever has teams to review, with the count', async () => {
    saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
    serve({ reviews: 3 });
    render(<Teams />);
    await waitFor(() => expect(document.getElementById('go-reviews')).not.toBeNull());
    expect(document.getElementById('go-reviews')!.textContent).toMatch(/团体审核3/);
    await click('go-reviews');
    expect(calls.navigateTo).toEqual(['/packages/teams/pages/reviews/index']);
  });

  it('团体审核 for a regional admin even when nothing waits; not for a volunteer', async () => {
    saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
    serve({ reviews: 0, roles: [{ role: 'regional_admin', regionCode: '110101' }] });
    const { unmount } = render(<Teams />);
    await waitFor(() => expect(document.getElementById('go-reviews')).not.toBeNull());
    unmount();

    serve({ reviews: 0 });
    render(<Teams />);
    await waitFor(() => expect(items()).toHaveLength(1));
    await waitFor(() => expect(calls.request.filter((o) => o.url === '/api/me')).toHaveLength(2));
    // let the answers of /api/me and the review queue arrive
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(document.getElementById('go-reviews')).toBeNull();
  });
});
