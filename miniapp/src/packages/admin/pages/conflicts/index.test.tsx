import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { calls, mockRequest, modalAnswer, resetTaroMock } from '../../../../../test/taro-mock';
import { saveTokens } from '@/services/token';
import Conflicts from './index';

const record = (id: string, source: 'imported' | 'registered', username: string | null) => ({
  id,
  accountId: username ? `acc-${id}` : null,
  username,
  realName: '李华',
  documentType: 'resident_id',
  documentNumber: '110101********123X',
  documentNumberMasked: true,
  gender: 'male',
  birthDate: '1990-03-07',
  regionCode: '110101',
  regionName: '东城区',
  volunteerNumber: null,
  verification: { state: 'unverified', label: '待实名认证', reason: null, updatedAt: '2026-11-23T04:00:00.000Z' },
  minor: false,
  guardian: null,
  skills: [],
  serviceCategories: [],
  address: null,
  source,
  frozen: false,
  createdAt: '2026-11-23T04:00:00.000Z',
});

const group = {
  key: 'k1',
  documentType: 'resident_id',
  documentNumber: '110101********123X',
  records: [record('r1', 'imported', null), record('r2', 'imported', null), record('r3', 'registered', 'lihua')],
};

beforeEach(() => {
  resetTaroMock();
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
});

describe('冲突记录合并 (V-4)', () => {
  it('lists a group by masked document with each record’s source, and merges into the kept one after confirming', async () => {
    mockRequest((o) =>
      Promise.resolve(
        o.method === 'POST'
          ? { statusCode: 200, data: record('r3', 'registered', 'lihua') }
          : { statusCode: 200, data: { items: [group], total: 1, page: 1, pageSize: 20 } },
      ),
    );
    render(<Conflicts />);

    await screen.findByText('居民身份证 110101********123X（3 条记录）');
    expect(screen.getAllByText('导入')).toHaveLength(2);
    expect(screen.getAllByText('注册')).toHaveLength(1);

    modalAnswer.confirm = false;
    await act(async () => {
      fireEvent.click(document.getElementById('merge-r3')!);
    });
    expect(calls.request.filter((o) => o.method === 'POST')).toHaveLength(0);

    modalAnswer.confirm = true;
    await act(async () => {
      fireEvent.click(document.getElementById('merge-r3')!);
    });

    await screen.findByText('暂无冲突记录');
    const merge = calls.request.find((o) => o.method === 'POST')!;
    expect(merge.url).toBe('/api/admin/conflicts/merge');
    expect(merge.data).toEqual({ keepId: 'r3', mergeIds: ['r1', 'r2'] });
    expect(calls.modal[1]).toContain('把其余 2 条记录');
    await waitFor(() => expect(calls.toast).toEqual(['已合并']));
  });
});
