import { render, screen, waitFor } from '@testing-library/react';
import { calls, mockRequest, resetTaroMock, type MockRequestOptions } from '../../../../../test/taro-mock';
import { byId, click, meDto, ok, text, type } from '../../../../../test/teams-fixtures';
import { saveTokens } from '@/services/token';
import AuthoritySettings from './index';

const stored = {
  regionCode: '110101',
  authorityName: '东城区民政局',
  contactName: null,
  contactPhone: null,
  contactEmail: null,
  robotUrl: null,
  robotKind: 'wecom',
  robotSecret: 'KEEP-ME',
  updatedAt: null,
};

function serve(roles: { role: string; regionCode?: string }[] = [{ role: 'regional_admin', regionCode: '110101' }]) {
  mockRequest((o: MockRequestOptions) => {
    if (o.url === '/api/me') return ok(meDto(roles));
    if (o.url === '/api/admin/authorities/110101' && o.method === 'GET') return ok(stored);
    if (o.url === '/api/admin/authorities/110101' && o.method === 'PUT') {
      return ok({ ...stored, ...(o.data as object), updatedAt: '2026-11-23T04:00:00.000Z' });
    }
    if (o.url.startsWith('/api/regions/')) return Promise.reject(new Error('offline'));
    return Promise.reject(new Error(`unexpected ${o.method} ${o.url}`));
  });
}

beforeEach(() => {
  resetTaroMock();
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
});

describe('登记机关设置 (T-1, T-5)', () => {
  it("loads the admin's region and saves the whole record, keeping the robot secret", async () => {
    serve();
    render(<AuthoritySettings />);
    await waitFor(() => expect((byId('authorityName') as HTMLInputElement | null)?.value).toBe('东城区民政局'));
    expect(screen.getByText('尚未设置，以下为默认名称。')).toBeTruthy();

    type('authorityName', '北京市东城区民政局');
    type('contactName', '刘洋');
    type('contactPhone', '010-64000000');
    type('contactEmail', 'mzj@example.gov.cn');
    await click('robotKind-feishu');
    await click('save');

    await waitFor(() => expect(calls.toast).toEqual(['已保存']));
    const put = calls.request.find((o) => o.method === 'PUT')!;
    expect(put.data).toEqual({
      authorityName: '北京市东城区民政局',
      contactName: '刘洋',
      contactPhone: '010-64000000',
      contactEmail: 'mzj@example.gov.cn',
      robotUrl: null,
      robotKind: 'feishu',
      robotSecret: 'KEEP-ME',
    });
    expect(screen.getByText(/上次保存：/)).toBeTruthy();
  });

  it('a name is needed', async () => {
    serve();
    render(<AuthoritySettings />);
    await waitFor(() => expect(byId('authorityName')).not.toBeNull());
    type('authorityName', '');
    await click('save');
    expect(text('authorityName-error')).toBe('请填写登记机关名称（至少 2 个字）');
    expect(calls.request.some((o) => o.method === 'PUT')).toBe(false);
  });

  it('没有权限 for anyone but regional and system admins', async () => {
    serve([{ role: 'volunteer' }]);
    render(<AuthoritySettings />);
    await screen.findByText('没有权限');
  });
});
