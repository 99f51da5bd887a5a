import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { calls, mockRequest, resetTaroMock, type MockResponse } from '../../../../../test/taro-mock';
import Forgot from './index';

const field = (id: string) => document.getElementById(id) as HTMLInputElement;
const text = (id: string) => document.getElementById(id)?.textContent ?? null;

function type(id: string, value: string) {
  fireEvent.change(field(id), { target: { value } });
}

async function click(id: string) {
  await act(async () => {
    fireEvent.click(document.getElementById(id)!);
  });
}

const refusal = (statusCode: number, code: string, message: string): MockResponse => ({
  statusCode,
  data: { error: { code, message, requestId: 'r' } },
});

/** Step 1 done: the code was "sent". */
async function toStepTwo(confirm: () => Promise<MockResponse>) {
  mockRequest((o) =>
    o.url === '/api/auth/password-reset' ? Promise.resolve({ statusCode: 202, data: { sent: true } }) : confirm(),
  );
  render(<Forgot />);
  type('email', 'LiHua@Example.com');
  await click('send-code');
  await screen.findByText('如果该邮箱已注册，验证码已发送，请查收邮件');
}

function fillStepTwo(code = '123456', password = 'newpass123', again = password) {
  type('code', code);
  type('newPassword', password);
  type('newPassword2', again);
}

beforeEach(() => resetTaroMock());

describe('忘记密码 page (V-9)', () => {
  it('step 1 checks the e-mail before sending', async () => {
    render(<Forgot />);
    await click('send-code');
    expect(text('email-error')).toBe('请填写注册时填写的电子邮箱');
    type('email', 'lihua@');
    await click('send-code');
    expect(text('email-error')).toBe('电子邮箱格式不正确，一般格式为：用户名@域名');
    expect(calls.request).toHaveLength(0);
  });

  it('step 1 sends the code and says the same whether or not the address exists', async () => {
    await toStepTwo(() => Promise.reject(new Error('not yet')));

    expect(calls.request[0]).toMatchObject({
      url: '/api/auth/password-reset',
      method: 'POST',
      data: { email: 'LiHua@Example.com' },
    });
    expect(calls.request[0]!.header?.Authorization).toBeUndefined();
    expect(document.getElementById('code')).not.toBeNull();
    expect(document.getElementById('send-code')).toBeNull();
    expect(text('resend-code')).toBe('60 秒后可重新发送');
  });

  it('step 2 checks code and passwords, resets, and goes to 登录 with a toast', async () => {
    await toStepTwo(() => Promise.resolve({ statusCode: 204, data: null }));

    fillStepTwo('12345', 'newpass123', 'newpass124');
    await click('submit');
    expect(text('code-error')).toBe('验证码为 6 位数字');
    expect(text('newPassword2-error')).toBe('两次输入的密码不一致');
    expect(calls.request).toHaveLength(1);

    fillStepTwo();
    await click('submit');

    await waitFor(() => expect(calls.redirectTo).toEqual(['/packages/accounts/pages/login/index?reset=1']));
    expect(calls.request[1]).toMatchObject({
      url: '/api/auth/password-reset/confirm',
      method: 'POST',
      data: { email: 'LiHua@Example.com', code: '123456', newPassword: 'newpass123' },
    });
    expect(calls.toast).toEqual(['密码已重置，请用新密码登录']);
  });

  it('step 2 shows RESET.CODE_INVALID and stays', async () => {
    await toStepTwo(() => Promise.resolve(refusal(400, 'RESET.CODE_INVALID', '验证码错误或已过期，请重新获取')));
    fillStepTwo();
    await click('submit');

    await waitFor(() => expect(text('form-error')).toBe('验证码错误或已过期，请重新获取'));
    expect(calls.redirectTo).toEqual([]);
    expect((document.getElementById('submit') as HTMLButtonElement).disabled).toBe(false);
  });

  it('step 2 shows RESET.TOO_MANY', async () => {
    await toStepTwo(() => Promise.resolve(refusal(429, 'RESET.TOO_MANY', '验证码错误次数过多，请重新获取')));
    fillStepTwo();
    await click('submit');

    await waitFor(() => expect(text('form-error')).toBe('验证码错误次数过多，请重新获取'));
  });
});
