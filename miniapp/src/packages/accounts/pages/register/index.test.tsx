import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import {
  calls,
  mockRequest,
  resetTaroMock,
  type MockRequestOptions,
  type MockResponse,
} from '../../../../../test/taro-mock';
import { getTokens } from '@/services/token';
import { clearWechatTicket, setWechatTicket } from '@/stores/wechat';
import Register from './index';

const REGIONS: Record<string, { code: string; name: string; childCount: number }[]> = {
  '': [
    { code: '110000', name: '北京市', childCount: 1 },
    { code: '440000', name: '广东省', childCount: 2 },
  ],
  '110000': [{ code: '110100', name: '市辖区', childCount: 2 }],
  '110100': [
    { code: '110101', name: '东城区', childCount: 0 },
    { code: '110102', name: '西城区', childCount: 0 },
  ],
};

const session = {
  user: {
    id: 'u1',
    username: 'lihua',
    email: null,
    mobile: '138****8000',
    regionCode: null,
    roles: [{ role: 'volunteer' }],
    wechatBound: false,
    createdAt: '2026-11-23T04:00:00.000Z',
  },
  tokens: { accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' },
};

/** Regions are served; POST /api/accounts answers `accounts`. */
function serve(accounts: (o: MockRequestOptions) => Promise<MockResponse>) {
  mockRequest((o) => {
    if (o.url.startsWith('/api/regions')) {
      const parent = /parent=(\d+)/.exec(o.url)?.[1] ?? '';
      const items = (REGIONS[parent] ?? []).map((r) => ({
        ...r,
        level: 'province',
        parentCode: null,
        population: null,
      }));
      return Promise.resolve({ statusCode: 200, data: { items } });
    }
    return accounts(o);
  });
}

const posts = () => calls.request.filter((o) => o.url === '/api/accounts');
const input = (id: string) => document.getElementById(id) as HTMLInputElement;
const errorOf = (field: string) => document.getElementById(`${field}-error`)?.textContent ?? null;

function type(id: string, value: string) {
  fireEvent.change(input(id), { target: { value } });
  fireEvent.blur(input(id));
}

async function renderPage() {
  render(<Register />);
  // the provinces load on mount
  await screen.findByRole('option', { name: '北京市' });
}

async function fillValid() {
  type('username', 'LiHua_2026');
  type('password', 'secret123');
  type('password2', 'secret123');
  type('mobile', '13800138000');
}

async function submit() {
  await act(async () => {
    fireEvent.click(document.getElementById('submit')!);
  });
}

beforeEach(() => {
  resetTaroMock();
  clearWechatTicket();
});

describe('注册 page', () => {
  it('shows the message of every missing field under it and sends nothing', async () => {
    serve(() => Promise.reject(new Error('must not be called')));
    await renderPage();

    await submit();

    expect(errorOf('username')).toBe('请填写用户名');
    expect(errorOf('password')).toBe('请填写密码');
    expect(errorOf('password2')).toBe('请再次输入密码');
    expect(errorOf('email')).toBe('请填写手机号码或电子邮箱');
    expect(errorOf('consent')).toBe('请先阅读并同意《用户协议》和《隐私政策》');
    expect(posts()).toHaveLength(0);
  });

  it("shows the shared schema's message under a field once it is left, before submitting", async () => {
    serve(() => Promise.reject(new Error('must not be called')));
    await renderPage();

    expect(errorOf('username')).toBeNull();
    type('username', 'ab');
    expect(errorOf('username')).toBe('用户名至少 4 个字符');
    type('username', '1abc');
    expect(errorOf('username')).toBe('用户名以字母开头，只能包含字母、数字和下划线');
    type('password', 'abcdefgh');
    expect(errorOf('password')).toBe('密码须同时包含字母和数字');
    type('password2', 'abcdefgx');
    expect(errorOf('password2')).toBe('两次输入的密码不一致');
    type('mobile', '1380013');
    expect(errorOf('mobile')).toBe('手机号码应为 11 位数字');
    type('email', 'lihua@');
    expect(errorOf('email')).toBe('电子邮箱格式不正确，一般格式为：用户名@域名');
    // fields not yet visited stay quiet
    expect(errorOf('consent')).toBeNull();

    type('username', 'lihua');
    expect(errorOf('username')).toBeNull();
    expect(posts()).toHaveLength(0);
  });

  it('requires consent before sending', async () => {
    serve(() => Promise.resolve({ statusCode: 201, data: session }));
    await renderPage();
    await fillValid();

    await submit();
    expect(errorOf('consent')).toBe('请先阅读并同意《用户协议》和《隐私政策》');
    expect(posts()).toHaveLength(0);

    const consent = document.getElementById('consent')!;
    expect(consent.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(consent);
    expect(consent.getAttribute('aria-checked')).toBe('true');
    expect(errorOf('consent')).toBeNull();
    expect(consent.textContent).toContain(
      '我已阅读并同意《用户协议》和《隐私政策》，同意本系统按《志愿服务条例》使用我的个人信息',
    );

    await submit();
    await waitFor(() => expect(posts()).toHaveLength(1));
  });

  it('sends only the filled fields with the chosen region, stores the session and goes to 我的', async () => {
    serve(() => Promise.resolve({ statusCode: 201, data: session }));
    await renderPage();
    await fillValid();
    fireEvent.change(screen.getByLabelText('省份'), { target: { value: '0' } });
    await screen.findByRole('option', { name: '市辖区' });
    fireEvent.change(screen.getByLabelText('城市'), { target: { value: '0' } });
    await screen.findByRole('option', { name: '东城区' });
    fireEvent.change(screen.getByLabelText('区县'), { target: { value: '1' } });
    fireEvent.click(document.getElementById('consent')!);

    await submit();

    await waitFor(() => expect(calls.switchTab).toEqual(['/pages/mine/index']));
    expect(posts()[0]!.data).toEqual({
      username: 'LiHua_2026',
      password: 'secret123',
      mobile: '13800138000',
      regionCode: '110102',
    });
    expect(getTokens()).toMatchObject({ accessToken: 'a1', refreshToken: 'r1' });
  });

  it('carries a pending WeChat ticket so the bff binds that WeChat account', async () => {
    setWechatTicket('ticket-1');
    serve(() => Promise.resolve({ statusCode: 201, data: session }));
    await renderPage();
    expect(screen.getByText('注册后将绑定当前微信，以后可直接使用微信登录。')).toBeTruthy();
    await fillValid();
    fireEvent.click(document.getElementById('consent')!);

    await submit();

    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]!.data).toMatchObject({ wechatTicket: 'ticket-1' });
  });

  it("shows the bff's 409 under the field it is about", async () => {
    serve(() =>
      Promise.resolve({
        statusCode: 409,
        data: { error: { code: 'ACCOUNT.USERNAME_TAKEN', message: '该用户名已被使用，请换一个', requestId: 'r' } },
      }),
    );
    await renderPage();
    await fillValid();
    fireEvent.click(document.getElementById('consent')!);

    await submit();

    await waitFor(() => expect(errorOf('username')).toBe('该用户名已被使用，请换一个'));
    expect(calls.switchTab).toEqual([]);
    expect(getTokens()).toBeNull();
    // editing the field clears the server's message
    type('username', 'lihua2');
    expect(errorOf('username')).toBeNull();
  });

  it("shows the bff's field details of a 400 under each field", async () => {
    serve(() =>
      Promise.resolve({
        statusCode: 400,
        data: {
          error: {
            code: 'REQUEST.INVALID',
            message: '该手机号码不可用',
            details: [{ path: 'mobile', message: '该手机号码不可用' }],
            requestId: 'r',
          },
        },
      }),
    );
    await renderPage();
    await fillValid();
    fireEvent.click(document.getElementById('consent')!);

    await submit();

    await waitFor(() => expect(errorOf('mobile')).toBe('该手机号码不可用'));
    expect(document.getElementById('form-error')?.textContent).toBe('提交的内容有误，请检查后重试');
  });

  it('shows an error without a field, or a network failure, above the form', async () => {
    serve(() => Promise.reject(new Error('request:fail')));
    await renderPage();
    await fillValid();
    fireEvent.click(document.getElementById('consent')!);

    await submit();

    await waitFor(() =>
      expect(document.getElementById('form-error')?.textContent).toBe('网络连接失败，请检查网络后重试'),
    );
    // the button is usable again
    expect((document.getElementById('submit') as HTMLButtonElement).disabled).toBe(false);
  });

  it('disables the button while the request is under way', async () => {
    let answer: (r: MockResponse) => void = () => {};
    serve(() => new Promise((resolve) => (answer = resolve)));
    await renderPage();
    await fillValid();
    fireEvent.click(document.getElementById('consent')!);

    await submit();
    const button = document.getElementById('submit') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-busy')).toBe('true');

    await act(async () => answer({ statusCode: 201, data: session }));
    await waitFor(() => expect(calls.switchTab).toHaveLength(1));
  });
});
