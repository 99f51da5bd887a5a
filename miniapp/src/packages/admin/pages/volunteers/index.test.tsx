import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { calls, mockRequest, resetTaroMock } from '../../../../../test/taro-mock';
import { saveTokens } from '@/services/token';
import Volunteers from './index';

const person = {
  id: 'v7',
  accountId: 'u7',
  username: 'lihua_2026',
  realName: '李华',
  documentType: 'resident_id',
  documentNumber: '110101********123X',
  documentNumberMasked: true,
  gender: 'male',
  birthDate: '1990-03-07',
  regionCode: '110101',
  regionName: '东城区',
  volunteerNumber: '11010100000012X',
  verification: { state: 'verified', label: '已通过实名认证', reason: null, updatedAt: '2026-11-23T04:00:00.000Z' },
  minor: false,
  guardian: null,
  skills: [],
  serviceCategories: [],
  address: null,
  source: 'imported',
  frozen: false,
  createdAt: '2026-11-23T04:00:00.000Z',
};

beforeEach(() => {
  resetTaroMock();
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
});

describe('志愿者查询', () => {
  it('searches by the typed words and state, and opens the result', async () => {
    mockRequest((o) =>
      Promise.resolve({
        statusCode: 200,
        data: o.url.includes('q=')
          ? { items: [person], total: 1, page: 1, pageSize: 20 }
          : { items: [], total: 0, page: 1, pageSize: 20 },
      }),
    );
    render(<Volunteers />);
    await screen.findByText('没有找到志愿者');
    expect(calls.request[0]!.url).toBe('/api/admin/volunteers?page=1&pageSize=20');

    fireEvent.change(document.getElementById('search')!, { target: { value: ' 李华 ' } });
    await act(async () => {
      fireEvent.click(document.getElementById('search-submit')!);
    });
    await waitFor(() => expect(document.querySelectorAll('#volunteer-list .volunteer-item')).toHaveLength(1));
    expect(calls.request.at(-1)!.url).toBe(`/api/admin/volunteers?q=${encodeURIComponent('李华')}&page=1&pageSize=20`);

    fireEvent.change(screen.getByLabelText('认证状态'), { target: { value: '5' } });
    await waitFor(() =>
      expect(calls.request.at(-1)!.url).toBe(
        `/api/admin/volunteers?q=${encodeURIComponent('李华')}&state=verified&page=1&pageSize=20`,
      ),
    );

    fireEvent.click(document.querySelector('.volunteer-item')!);
    expect(calls.navigateTo).toEqual(['/packages/admin/pages/volunteer/index?id=v7']);
  });
});
