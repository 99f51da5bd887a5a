import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { calls, modalAnswer, mockRequest, resetTaroMock } from '../../../test/taro-mock';
import { getTokens, saveTokens } from '@/services/token';
import Mine from './index';

const me = {
  id: 'u1',
  username: 'lihua_2026',
  email: 'li***@example.com',
  mobile: '138****8000',
  regionCode: '110101',
  roles: [{ role: 'volunteer' }, { role: 'team_admin', regionCode: null }],
  wechatBound: false,
  createdAt: '2026-11-23T04:00:00.000Z',
};

const dongcheng = {
  code: '110101',
  name: '东城区',
  level: 'county',
  parentCode: '110100',
  population: null,
  childCount: 0,
  path: [
    { code: '110000', name: '北京市', level: 'province', parentCode: null, population: null, childCount: 0 },
    { code: '110100', name: '市辖区', level: 'city', parentCode: '110000', population: null, childCount: 0 },
  ],
};

const volunteer = {
  id: 'v1',
  accountId: 'u1',
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
  source: 'registered',
  frozen: false,
  createdAt: '2026-11-23T04:00:00.000Z',
};

const notAVolunteer = {
  statusCode: 404,
  data: { error: { code: 'VOLUNTEER.NOT_A_VOLUNTEER', message: '您还没有进行志愿者实名注册', requestId: 'r' } },
};

/** /api/me, /api/me/volunteer and /api/regions/:code, each overridable. */
function serve(
  replies: { me?: unknown; volunteer?: unknown; volunteerReply?: { statusCode: number; data: unknown } } = {},
) {
  mockRequest((o) => {
    if (o.url === '/api/me') return Promise.resolve({ statusCode: 200, data: replies.me ?? me });
    if (o.url === '/api/me/volunteer')
      return Promise.resolve(replies.volunteerReply ?? { statusCode: 200, data: replies.volunteer ?? volunteer });
    if (o.url === '/api/auth/logout') return Promise.resolve({ statusCode: 204, data: null });
    return Promise.resolve({ statusCode: 200, data: dongcheng });
  });
}

function signIn() {
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
}

beforeEach(() => resetTaroMock());

describe('我的 page', () => {
  it('signed out: offers 登录 and 注册 and asks the bff nothing', async () => {
    render(<Mine />);

    expect(screen.getByTestId('page-state-signed-out')).toBeTruthy();
    expect(screen.queryByTestId('mine-username')).toBeNull();
    fireEvent.click(screen.getByText('登录'));
    fireEvent.click(screen.getByText('注册'));
    expect(calls.navigateTo).toEqual([
      '/packages/accounts/pages/login/index',
      '/packages/accounts/pages/register/index',
    ]);
    expect(calls.request).toHaveLength(0);
  });

  it('signed in: shows the user name, roles, masked contact and region', async () => {
    signIn();
    serve();
    render(<Mine />);

    expect(screen.getByTestId('page-state-loading')).toBeTruthy();
    const name = await screen.findByTestId('mine-username');
    expect(name.textContent).toBe('lihua_2026');
    expect(name.className).toContain('mine-username');
    expect(screen.getByTestId('mine-roles').textContent).toBe('志愿者团体管理员');
    expect(screen.getByText('138****8000')).toBeTruthy();
    expect(screen.getByText('li***@example.com')).toBeTruthy();
    expect(screen.getByText('未绑定')).toBeTruthy();
    expect(await screen.findByText('北京市 · 市辖区 · 东城区')).toBeTruthy();
    expect(calls.request[0]!.header?.Authorization).toBe('Bearer a1');
  });

  it('退出登录 ends the session on the bff and on the device', async () => {
    signIn();
    serve({ me: { ...me, regionCode: null } });
    render(<Mine />);
    await screen.findByTestId('mine-username');

    await act(async () => {
      fireEvent.click(screen.getByText('退出登录'));
    });

    await screen.findByTestId('page-state-signed-out');
    const logout = calls.request.find((o) => o.url === '/api/auth/logout');
    expect(logout?.data).toEqual({ refreshToken: 'r1' });
    expect(getTokens()).toBeNull();
    expect(calls.toast).toEqual(['已退出登录']);
  });

  it('stays signed in when 退出登录 is cancelled', async () => {
    signIn();
    modalAnswer.confirm = false;
    serve({ me: { ...me, regionCode: null } });
    render(<Mine />);
    await screen.findByTestId('mine-username');

    await act(async () => {
      fireEvent.click(screen.getByText('退出登录'));
    });

    expect(screen.getByTestId('mine-username')).toBeTruthy();
    expect(getTokens()).not.toBeNull();
  });

  it('a session the bff no longer accepts shows the signed-out state', async () => {
    signIn();
    mockRequest(() =>
      Promise.resolve({
        statusCode: 401,
        data: { error: { code: 'AUTH.TOKEN_INVALID', message: '登录状态无效，请重新登录', requestId: 'r' } },
      }),
    );
    render(<Mine />);

    await screen.findByTestId('page-state-signed-out');
    expect(getTokens()).toBeNull();
  });

  it('a network failure shows the error with 重试, which loads again', async () => {
    signIn();
    let online = false;
    mockRequest((o) =>
      online
        ? Promise.resolve({ statusCode: 200, data: o.url === '/api/me' ? { ...me, regionCode: null } : volunteer })
        : Promise.reject(new Error('request:fail')),
    );
    render(<Mine />);

    const error = await screen.findByTestId('page-state-error');
    expect(error.textContent).toContain('网络连接失败，请检查网络后重试');
    expect(getTokens()).not.toBeNull();

    online = true;
    fireEvent.click(screen.getByText('重试'));
    await waitFor(() => expect(screen.getByTestId('mine-username').textContent).toBe('lihua_2026'));
  });

  it('shows the state of real-name verification and the volunteer number once verified, with the entries', async () => {
    signIn();
    serve();
    render(<Mine />);

    await waitFor(() => expect(document.getElementById('verification-state')?.textContent).toBe('已通过实名认证'));
    expect(document.getElementById('volunteer-number')?.textContent).toBe('11010100000012X');
    fireEvent.click(document.getElementById('go-card')!);
    fireEvent.click(document.getElementById('go-profile')!);
    fireEvent.click(document.getElementById('go-my-teams')!);
    expect(calls.navigateTo).toEqual([
      '/packages/volunteer/pages/card/index',
      '/packages/volunteer/pages/profile/index',
      '/packages/teams/pages/mine/index',
    ]);
    // not an admin
    expect(document.getElementById('go-admin')).toBeNull();
    expect(document.getElementById('go-enrol')).toBeNull();
  });

  it('offers 上传证件照片 when verification failed, and no number before verification', async () => {
    signIn();
    serve({
      volunteer: {
        ...volunteer,
        volunteerNumber: null,
        verification: {
          ...volunteer.verification,
          state: 'failed',
          label: '未通过实名认证，请上传证件照片等待人工认证',
        },
      },
    });
    render(<Mine />);

    await waitFor(() =>
      expect(document.getElementById('verification-state')?.textContent).toBe(
        '未通过实名认证，请上传证件照片等待人工认证',
      ),
    );
    expect(document.getElementById('volunteer-number')).toBeNull();
    expect(document.getElementById('go-verification')?.textContent).toContain('上传证件照片');
  });

  it('an account without real-name registration is offered 志愿者实名注册', async () => {
    signIn();
    serve({ volunteerReply: notAVolunteer });
    render(<Mine />);

    const enrol = await screen.findByText('志愿者实名注册');
    expect(document.getElementById('verification-state')).toBeNull();
    expect(document.getElementById('go-card')).toBeNull();
    // 我的团队 is there for every signed-in account (invitations may wait)
    expect(document.getElementById('go-my-teams')).not.toBeNull();
    fireEvent.click(enrol);
    expect(calls.navigateTo).toEqual(['/packages/accounts/pages/register/index?existing=1']);
  });

  it('shows 管理 to regional and system admins only', async () => {
    signIn();
    serve({ me: { ...me, roles: [{ role: 'regional_admin', regionCode: '110000' }] }, volunteerReply: notAVolunteer });
    render(<Mine />);

    fireEvent.click(await screen.findByText('管理'));
    expect(calls.navigateTo).toEqual(['/packages/admin/pages/index/index']);
  });
});
