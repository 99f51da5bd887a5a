import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { calls, mockRequest, resetTaroMock, routerParams } from '../../../../../test/taro-mock';
import { getTokens } from '@/services/token';
import { clearWechatTicket, getWechatTicket } from '@/stores/wechat';
import Login from './index';

const session = {
  user: {
    id: 'u1',
    username: 'lihua',
    email: null,
    mobile: null,
    regionCode: null,
    roles: [],
    wechatBound: false,
    createdAt: '',
  },
  tokens: { accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' },
};

const field = (id: string) => document.getElementById(id) as HTMLInputElement;

async function submitWith(username: string, password: string) {
  fireEvent.change(field('username'), { target: { value: username } });
  fireEvent.change(field('password'), { target: { value: password } });
  await act(async () => {
    fireEvent.click(document.getElementById('submit')!);
  });
}

beforeEach(() => {
  resetTaroMock();
  clearWechatTicket();
});

describe('登录 page', () => {
  it('asks for both fields before sending', async () => {
    render(<Login />);
    await submitWith('', '');
    expect(document.getElementById('username-error')?.textContent).toBe('请填写用户名');
    expect(document.getElementById('password-error')?.textContent).toBe('请填写密码');
    expect(calls.request).toHaveLength(0);
  });

  it("shows the bff's Chinese message when the password is wrong", async () => {
    mockRequest(() =>
      Promise.resolve({
        statusCode: 401,
        data: { error: { code: 'AUTH.BAD_CREDENTIALS', message: '用户名或密码错误', requestId: 'r' } },
      }),
    );
    render(<Login />);
    await submitWith('lihua', 'wrong1234');
    await waitFor(() => expect(document.getElementById('form-error')?.textContent).toBe('用户名或密码错误'));
    expect(getTokens()).toBeNull();
  });

  it('signs in and goes to 我的', async () => {
    mockRequest(() => Promise.resolve({ statusCode: 200, data: session }));
    render(<Login />);
    await submitWith('lihua', 'secret123');
    await waitFor(() => expect(calls.switchTab).toEqual(['/pages/mine/index']));
    expect(calls.request[0]).toMatchObject({
      url: '/api/auth/login',
      data: { username: 'lihua', password: 'secret123' },
    });
    expect(getTokens()).toMatchObject({ accessToken: 'a1' });
  });

  it('has no 微信登录 outside the WeChat runtime', () => {
    render(<Login />);
    expect(screen.queryByText('微信登录')).toBeNull();
  });
});

describe('登录 page in weapp', () => {
  const original = process.env.TARO_ENV;
  afterEach(() => {
    process.env.TARO_ENV = original;
  });

  beforeEach(() => {
    process.env.TARO_ENV = 'weapp';
    clearWechatTicket();
  });

  it('微信登录 of an unbound WeChat account keeps the ticket for the password login that follows', async () => {
    mockRequest((o) =>
      Promise.resolve(
        o.url === '/api/auth/wechat'
          ? { statusCode: 200, data: { bound: false, wechatTicket: 'ticket-9' } }
          : { statusCode: 200, data: session },
      ),
    );
    render(<Login />);

    await act(async () => {
      fireEvent.click(screen.getByText('微信登录'));
    });
    expect(calls.request[0]).toMatchObject({ url: '/api/auth/wechat', data: { code: 'test-code' } });
    expect(document.getElementById('form-notice')?.textContent).toContain('该微信尚未绑定账号');
    expect(getWechatTicket()).toBe('ticket-9');

    await submitWith('lihua', 'secret123');
    await waitFor(() => expect(calls.switchTab).toEqual(['/pages/mine/index']));
    expect(calls.request[1]!.data).toEqual({ username: 'lihua', password: 'secret123', wechatTicket: 'ticket-9' });
    expect(getWechatTicket()).toBeNull();
  });

  it('微信登录 of a bound WeChat account signs in at once', async () => {
    mockRequest(() => Promise.resolve({ statusCode: 200, data: { bound: true, ...session } }));
    render(<Login />);

    await act(async () => {
      fireEvent.click(screen.getByText('微信登录'));
    });

    await waitFor(() => expect(calls.switchTab).toEqual(['/pages/mine/index']));
    expect(calls.request).toHaveLength(1);
  });

  it('links 忘记密码？ to the password reset page', () => {
    render(<Login />);
    fireEvent.click(document.getElementById('go-forgot')!);
    expect(document.getElementById('go-forgot')?.textContent).toBe('忘记密码？');
    expect(calls.navigateTo).toEqual(['/packages/accounts/pages/forgot/index']);
  });

  it('after a password reset says so above the form', () => {
    routerParams.reset = '1';
    render(<Login />);
    expect(document.getElementById('form-notice')?.textContent).toBe('密码已重置，请用新密码登录');
  });

  it("shows the bff's hint under its message", async () => {
    mockRequest(() =>
      Promise.resolve({
        statusCode: 403,
        data: {
          error: {
            code: 'AUTH.ACCOUNT_FROZEN',
            message: '该账号已被冻结，请联系所在地区管理员',
            hint: '冻结由所在地区管理部门解除',
            requestId: 'r',
          },
        },
      }),
    );
    render(<Login />);
    await submitWith('lihua', 'secret123');
    await waitFor(() => expect(document.getElementById('form-hint')?.textContent).toBe('冻结由所在地区管理部门解除'));
    expect(document.getElementById('form-error')?.textContent).toBe('该账号已被冻结，请联系所在地区管理员');
  });
});
