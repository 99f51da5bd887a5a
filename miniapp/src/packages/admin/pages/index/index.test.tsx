import { fireEvent, render, screen } from '@testing-library/react';
import { calls, mockRequest, resetTaroMock } from '../../../../../test/taro-mock';
import { saveTokens } from '@/services/token';
import AdminHome from './index';

const me = (roles: unknown[]) => ({
  id: 'u1',
  username: 'admin_dc',
  email: null,
  mobile: null,
  regionCode: '110101',
  roles,
  wechatBound: false,
  createdAt: '2026-11-23T04:00:00.000Z',
});

beforeEach(() => {
  resetTaroMock();
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
});

describe('管理 page', () => {
  it('shows the tiles to a regional admin', async () => {
    mockRequest(() =>
      Promise.resolve({ statusCode: 200, data: me([{ role: 'regional_admin', regionCode: '110101' }]) }),
    );
    render(<AdminHome />);

    fireEvent.click(await screen.findByText('人工认证'));
    fireEvent.click(screen.getByText('志愿者查询'));
    fireEvent.click(screen.getByText('数据导入'));
    fireEvent.click(screen.getByText('冲突记录合并'));
    fireEvent.click(screen.getByText('登记机关设置'));
    expect(calls.navigateTo).toEqual([
      '/packages/admin/pages/verifications/index',
      '/packages/admin/pages/volunteers/index',
      '/packages/admin/pages/import/index',
      '/packages/admin/pages/conflicts/index',
      '/packages/admin/pages/authority/index',
    ]);
  });

  it('tells anyone else 没有权限', async () => {
    mockRequest(() => Promise.resolve({ statusCode: 200, data: me([{ role: 'volunteer' }, { role: 'team_admin' }]) }));
    render(<AdminHome />);

    await screen.findByText('没有权限');
    expect(screen.queryByText('人工认证')).toBeNull();
  });

  it('signed out: asks to sign in', () => {
    resetTaroMock();
    render(<AdminHome />);
    expect(screen.getByTestId('page-state-signed-out')).toBeTruthy();
  });
});
