import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { calls, mockRequest, resetTaroMock } from '../../../../../test/taro-mock';
import { saveTokens } from '@/services/token';
import Verifications from './index';

const person = (n: number) => ({
  id: `v${n}`,
  accountId: `u${n}`,
  username: `user_${n}`,
  realName: `志愿者${n}`,
  documentType: 'resident_id',
  documentNumber: `110101********${String(n).padStart(3, '0')}X`,
  documentNumberMasked: true,
  gender: 'male',
  birthDate: '1990-03-07',
  regionCode: '110101',
  regionName: '东城区',
  volunteerNumber: null,
  verification: {
    state: 'manual_review',
    label: '已上传证件照片，等待管理员人工认证',
    reason: null,
    updatedAt: '2026-11-23T04:00:00.000Z',
  },
  minor: false,
  guardian: null,
  skills: [],
  serviceCategories: [],
  address: null,
  source: 'registered',
  frozen: false,
  createdAt: '2026-11-23T04:00:00.000Z',
});

beforeEach(() => {
  resetTaroMock();
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
});

describe('人工认证 queue', () => {
  it('lists the queue with 加载更多 and opens a volunteer', async () => {
    mockRequest((o) => {
      const page = Number(/page=(\d+)/.exec(o.url)?.[1]);
      const items = page === 1 ? Array.from({ length: 20 }, (_, i) => person(i + 1)) : [person(21)];
      return Promise.resolve({ statusCode: 200, data: { items, total: 21, page, pageSize: 20 } });
    });
    render(<Verifications />);

    await waitFor(() => expect(document.querySelectorAll('#verification-list .verification-item')).toHaveLength(20));
    expect(calls.request[0]!.url).toBe('/api/admin/verifications?page=1&pageSize=20');
    const first = document.querySelector('#verification-list .verification-item')!;
    expect(first.textContent).toContain('志愿者1');
    expect(first.textContent).toContain('110101********001X');
    expect(first.textContent).toContain('东城区');

    await act(async () => {
      fireEvent.click(document.getElementById('load-more')!);
    });
    await waitFor(() => expect(document.querySelectorAll('.verification-item')).toHaveLength(21));
    expect(calls.request[1]!.url).toBe('/api/admin/verifications?page=2&pageSize=20');
    expect(document.getElementById('load-more')).toBeNull();
    expect(screen.getByText('没有更多了')).toBeTruthy();

    fireEvent.click(screen.getAllByText('查看')[0]!);
    expect(calls.navigateTo).toEqual(['/packages/admin/pages/volunteer/index?id=v1']);
  });

  it('an empty queue says so', async () => {
    mockRequest(() => Promise.resolve({ statusCode: 200, data: { items: [], total: 0, page: 1, pageSize: 20 } }));
    render(<Verifications />);
    await screen.findByText('暂无待人工认证的志愿者');
  });
});
