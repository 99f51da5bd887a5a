import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { gb11643CheckChar } from '@zhiyuan/shared';
import {
  calls,
  mockRequest,
  resetTaroMock,
  routerParams,
  type MockRequestOptions,
  type MockResponse,
} from '../../../../../test/taro-mock';
import { getTokens, saveTokens } from '@/services/token';
import { clearWechatTicket, setWechatTicket } from '@/stores/wechat';
import { todayInZone } from '@/utils/today';
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

/** A valid 18-digit resident ID (GB 11643) born on `birth` (YYYYMMDD); odd sequence = male. */
function residentId(birth: string, sequence = '123'): string {
  const first17 = `110101${birth}${sequence}`;
  return `${first17}${gb11643CheckChar(first17)}`;
}

const ADULT_ID = residentId('19900307');
/** born three years before today (in Asia/Shanghai): a minor */
const MINOR_BIRTH = (() => {
  const [y, m, d] = todayInZone().split('-');
  const day = m === '02' && d === '29' ? '28' : d;
  return `${Number(y) - 3}${m}${day}`;
})();
const MINOR_ID = residentId(MINOR_BIRTH, '124');

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
  regionCode: '110102',
  regionName: '西城区',
  volunteerNumber: null,
  verification: { state: 'unverified', label: '待实名认证', reason: null, updatedAt: '2026-11-23T04:00:00.000Z' },
  minor: false,
  guardian: null,
  skills: [],
  serviceCategories: [],
  address: null,
  source: 'registered',
  frozen: false,
  createdAt: '2026-11-23T04:00:00.000Z',
};

const session = {
  user: {
    id: 'u1',
    username: 'lihua_2026',
    email: null,
    mobile: '138****8000',
    regionCode: '110102',
    roles: [{ role: 'volunteer' }],
    wechatBound: false,
    createdAt: '2026-11-23T04:00:00.000Z',
  },
  tokens: { accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' },
  volunteer,
};

const refusal = (statusCode: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
  Promise.resolve({ statusCode, data: { error: { code, message, requestId: 'r', ...extra } } });

/** Regions are served; the registration endpoints answer `register`. */
function serve(register: (o: MockRequestOptions) => Promise<MockResponse>) {
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
    return register(o);
  });
}

const posts = () => calls.request.filter((o) => o.url === '/api/volunteers' || o.url === '/api/me/volunteer');
const input = (id: string) => document.getElementById(id) as HTMLInputElement;
const errorOf = (field: string) => document.getElementById(`${field}-error`)?.textContent ?? null;
const text = (id: string) => document.getElementById(id)?.textContent ?? null;

function type(id: string, value: string) {
  fireEvent.change(input(id), { target: { value } });
  fireEvent.blur(input(id));
}

async function renderPage() {
  render(<Register />);
  // the provinces load on mount
  await screen.findByRole('option', { name: '北京市' });
}

async function pickProvince() {
  fireEvent.change(screen.getByLabelText('省份'), { target: { value: '0' } });
  await screen.findByRole('option', { name: '市辖区' });
}

async function fillValid(options: { account?: boolean } = {}) {
  if (options.account !== false) {
    type('username', 'LiHua_2026');
    type('password', 'secret123');
    type('password2', 'secret123');
  }
  type('documentNumber', ADULT_ID);
  type('realName', '李华');
  type('mobile', '13800138000');
  await pickProvince();
  fireEvent.click(document.getElementById('consent')!);
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

describe('注册 page (V-1 real-name registration)', () => {
  it('shows the message of every missing field under it and sends nothing', async () => {
    serve(() => Promise.reject(new Error('must not be called')));
    await renderPage();

    await submit();

    expect(errorOf('username')).toBe('请填写用户名');
    expect(errorOf('password')).toBe('请填写密码');
    expect(errorOf('password2')).toBe('请再次输入密码');
    expect(errorOf('documentNumber')).toBe('请填写证件号码');
    expect(errorOf('realName')).toBe('请填写真实姓名');
    expect(errorOf('mobile')).toBe('请填写手机号码或电子邮箱');
    expect(errorOf('regionCode')).toBe('请选择所在地区');
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
    type('realName', '李');
    expect(errorOf('realName')).toBe('请填写与证件一致的真实姓名');
    // fields not yet visited stay quiet
    expect(errorOf('consent')).toBeNull();
    expect(errorOf('documentNumber')).toBeNull();

    type('username', 'lihua');
    expect(errorOf('username')).toBeNull();
    expect(posts()).toHaveLength(0);
  });

  it('checks the document number on leaving the field (GB 11643 check digit, birth date, province)', async () => {
    serve(() => Promise.reject(new Error('must not be called')));
    await renderPage();

    // typing alone says nothing yet
    fireEvent.change(input('documentNumber'), { target: { value: '1101011990' } });
    expect(errorOf('documentNumber')).toBeNull();
    fireEvent.blur(input('documentNumber'));
    expect(errorOf('documentNumber')).toBe('证件号码应为 18 位，最后一位可以是数字或 X');

    const wrongCheck = `${ADULT_ID.slice(0, 17)}${ADULT_ID[17] === '0' ? '1' : '0'}`;
    type('documentNumber', wrongCheck);
    expect(errorOf('documentNumber')).toBe('证件号码校验位不正确，请核对');

    type('documentNumber', residentId('19900231'));
    expect(errorOf('documentNumber')).toBe('证件号码中的出生日期不存在');

    const badProvince = `99${ADULT_ID.slice(2, 17)}`;
    type('documentNumber', `${badProvince}${gb11643CheckChar(badProvince)}`);
    expect(errorOf('documentNumber')).toBe('证件号码前两位不是有效的省级行政区划代码');

    type('documentNumber', ADULT_ID.toLowerCase());
    expect(errorOf('documentNumber')).toBeNull();
    // gender and birth date come from the number, read-only
    expect(text('derived-gender')).toBe('男');
    expect(text('derived-birth-date')).toBe('1990-03-07');
    expect(document.getElementById('guardian')).toBeNull();
  });

  it('checks other document types by their format', async () => {
    serve(() => Promise.reject(new Error('must not be called')));
    await renderPage();

    expect(text('documentType')).toBe('居民身份证');
    fireEvent.change(screen.getByLabelText('证件类型'), { target: { value: '4' } });
    expect(text('documentType')).toBe('护照');
    type('documentNumber', 'E1');
    expect(errorOf('documentNumber')).toBe('护照号码应为 5 到 17 位字母或数字');
    type('documentNumber', 'E12345678');
    expect(errorOf('documentNumber')).toBeNull();
    expect(document.getElementById('document-facts')).toBeNull();
  });

  it("shows the guardian block as soon as a minor's ID is typed and requires it", async () => {
    serve(() => Promise.resolve({ statusCode: 201, data: session }));
    await renderPage();
    await fillValid();

    fireEvent.change(input('documentNumber'), { target: { value: MINOR_ID } });
    expect(document.getElementById('guardian')).not.toBeNull();
    expect(screen.getByText('未满 18 周岁的志愿者注册，须填写监护人姓名、电话并经监护人同意。')).toBeTruthy();
    expect(text('derived-gender')).toBe('女');

    await submit();
    expect(errorOf('guardianName')).toBe('请填写监护人姓名');
    expect(errorOf('guardianMobile')).toBe('请填写监护人手机号码');
    expect(errorOf('guardianConsent')).toBe('须经监护人同意后勾选');
    expect(posts()).toHaveLength(0);

    type('guardianName', '李大华');
    type('guardianMobile', '1390013');
    expect(errorOf('guardianMobile')).toBe('手机号码应为 11 位数字');
    type('guardianMobile', '13900139000');
    fireEvent.click(document.getElementById('guardianConsent')!);
    expect(document.getElementById('guardianConsent')!.getAttribute('aria-checked')).toBe('true');

    await submit();
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]!.data).toMatchObject({
      documentNumber: MINOR_ID,
      guardian: { name: '李大华', mobile: '13900139000', consent: true },
    });
  });

  it('hides the guardian block for an adult and sends no guardian', async () => {
    serve(() => Promise.resolve({ statusCode: 201, data: session }));
    await renderPage();
    type('documentNumber', MINOR_ID);
    expect(document.getElementById('guardian')).not.toBeNull();
    await fillValid();
    expect(document.getElementById('guardian')).toBeNull();

    await submit();
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]!.data).not.toHaveProperty('guardian');
  });

  it('sends the real-name registration to POST /api/volunteers, stores the session and goes to 我的', async () => {
    serve(() => Promise.resolve({ statusCode: 201, data: session }));
    await renderPage();
    type('username', 'LiHua_2026');
    type('password', 'secret123');
    type('password2', 'secret123');
    type('documentNumber', ADULT_ID);
    type('realName', ' 李华 ');
    type('mobile', '13800138000');
    type('address', '西城区某街道 1 号');
    type('skills', '急救、外语，急救');
    await pickProvince();
    fireEvent.change(screen.getByLabelText('城市'), { target: { value: '0' } });
    await screen.findByRole('option', { name: '东城区' });
    fireEvent.change(screen.getByLabelText('区县'), { target: { value: '1' } });
    fireEvent.click(document.getElementById('consent')!);

    await submit();

    await waitFor(() => expect(calls.switchTab).toEqual(['/pages/mine/index']));
    expect(posts()[0]!.url).toBe('/api/volunteers');
    expect(posts()[0]!.data).toEqual({
      username: 'LiHua_2026',
      password: 'secret123',
      documentType: 'resident_id',
      documentNumber: ADULT_ID,
      realName: '李华',
      mobile: '13800138000',
      regionCode: '110102',
      address: '西城区某街道 1 号',
      skills: ['急救', '外语'],
      serviceCategories: [],
      consent: true,
    });
    expect(posts()[0]!.header?.Authorization).toBeUndefined();
    expect(getTokens()).toMatchObject({ accessToken: 'a1', refreshToken: 'r1' });
    expect(calls.toast).toEqual(['注册成功']);
  });

  it('carries a pending WeChat ticket so the bff binds that WeChat account', async () => {
    setWechatTicket('ticket-1');
    serve(() => Promise.resolve({ statusCode: 201, data: session }));
    await renderPage();
    expect(screen.getByText('注册后将绑定当前微信，以后可直接使用微信登录。')).toBeTruthy();
    await fillValid();

    await submit();

    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0]!.data).toMatchObject({ wechatTicket: 'ticket-1' });
  });

  it('V-2: shows 「使用该证件号码的志愿者已经注册过」 prominently with the hint', async () => {
    const hint = '请把姓名和证件号码告诉所在志愿团体的管理员，由管理员重置该账号的密码后登录';
    serve(() => refusal(409, 'VOLUNTEER.ALREADY_REGISTERED', '使用该证件号码的志愿者已经注册过', { hint }));
    await renderPage();
    await fillValid();

    await submit();

    await waitFor(() => expect(text('form-error')).toBe('使用该证件号码的志愿者已经注册过'));
    expect(text('form-hint')).toBe(hint);
    expect(calls.scroll).toEqual([0]);
    expect(calls.switchTab).toEqual([]);
    expect(getTokens()).toBeNull();
  });

  it('V-3: an imported record refuses a wrong name, shown above the form and at the name', async () => {
    serve(() =>
      refusal(
        409,
        'VOLUNTEER.IMPORTED_NAME_MISMATCH',
        '使用该证件号码的志愿者数据已经被导入，请输入正确的姓名进行注册以激活数据！',
      ),
    );
    await renderPage();
    await fillValid();

    await submit();

    await waitFor(() =>
      expect(text('form-error')).toBe('使用该证件号码的志愿者数据已经被导入，请输入正确的姓名进行注册以激活数据！'),
    );
    expect(document.getElementById('form-hint')).toBeNull();
    expect(errorOf('realName')).toBe('请核对姓名是否与证件一致');
    type('realName', '李小华');
    expect(errorOf('realName')).toBeNull();
  });

  it('V-4: 「身份证件信息验证异常」 with its hint', async () => {
    const hint = '该证件号码存在多条记录，请联系所在地区的管理部门清理重复记录后再注册';
    serve(() => refusal(409, 'VOLUNTEER.IDENTITY_CONFLICT', '身份证件信息验证异常', { hint }));
    await renderPage();
    await fillValid();

    await submit();

    await waitFor(() => expect(text('form-error')).toBe('身份证件信息验证异常'));
    expect(text('form-hint')).toBe(hint);
  });

  it("shows the bff's document refusal above the form and under the number", async () => {
    serve(() =>
      refusal(400, 'VOLUNTEER.DOCUMENT_INVALID', '证件号码中的出生日期晚于今天', {
        details: [{ path: 'documentNumber', message: '证件号码中的出生日期晚于今天' }],
      }),
    );
    await renderPage();
    await fillValid();

    await submit();

    await waitFor(() => expect(errorOf('documentNumber')).toBe('证件号码中的出生日期晚于今天'));
    expect(text('form-error')).toBe('证件号码中的出生日期晚于今天');
  });

  it("shows the bff's 409 under the field it is about", async () => {
    serve(() => refusal(409, 'ACCOUNT.USERNAME_TAKEN', '该用户名已被使用，请换一个'));
    await renderPage();
    await fillValid();

    await submit();

    await waitFor(() => expect(errorOf('username')).toBe('该用户名已被使用，请换一个'));
    expect(calls.switchTab).toEqual([]);
    expect(getTokens()).toBeNull();
    // editing the field clears the server's message
    type('username', 'lihua2');
    expect(errorOf('username')).toBeNull();
  });

  it("shows the bff's field details of a 400 under each field, nested guardian paths included", async () => {
    serve(() =>
      refusal(400, 'REQUEST.INVALID', '该手机号码不可用', {
        details: [
          { path: 'mobile', message: '该手机号码不可用' },
          { path: 'guardian.mobile', message: '监护人手机号码不可用' },
        ],
      }),
    );
    await renderPage();
    await fillValid();
    type('documentNumber', MINOR_ID);
    type('guardianName', '李大华');
    type('guardianMobile', '13900139000');
    fireEvent.click(document.getElementById('guardianConsent')!);

    await submit();

    await waitFor(() => expect(errorOf('mobile')).toBe('该手机号码不可用'));
    expect(errorOf('guardianMobile')).toBe('监护人手机号码不可用');
    expect(text('form-error')).toBe('提交的内容有误，请检查后重试');
  });

  it('shows a network failure above the form and the button is usable again', async () => {
    serve(() => Promise.reject(new Error('request:fail')));
    await renderPage();
    await fillValid();

    await submit();

    await waitFor(() => expect(text('form-error')).toBe('网络连接失败，请检查网络后重试'));
    expect((document.getElementById('submit') as HTMLButtonElement).disabled).toBe(false);
  });

  it('disables the button while the request is under way', async () => {
    let answer: (r: MockResponse) => void = () => {};
    serve(() => new Promise((resolve) => (answer = resolve)));
    await renderPage();
    await fillValid();

    await submit();
    const button = document.getElementById('submit') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-busy')).toBe('true');

    await act(async () => answer({ statusCode: 201, data: session }));
    await waitFor(() => expect(calls.switchTab).toHaveLength(1));
  });

  it('completes the real-name registration of a signed-in account (POST /api/me/volunteer)', async () => {
    routerParams.existing = '1';
    saveTokens({ accessToken: 'a0', refreshToken: 'r0', expiresIn: 900, tokenType: 'Bearer' });
    serve(() => Promise.resolve({ statusCode: 201, data: volunteer }));
    await renderPage();

    expect(screen.getByText('志愿者实名注册')).toBeTruthy();
    expect(document.getElementById('username')).toBeNull();
    expect(document.getElementById('password')).toBeNull();
    await fillValid({ account: false });

    await submit();

    await waitFor(() => expect(calls.switchTab).toEqual(['/pages/mine/index']));
    expect(posts()[0]!.url).toBe('/api/me/volunteer');
    expect(posts()[0]!.header?.Authorization).toBe('Bearer a0');
    expect(posts()[0]!.data).toEqual({
      documentType: 'resident_id',
      documentNumber: ADULT_ID,
      realName: '李华',
      mobile: '13800138000',
      regionCode: '110000',
      skills: [],
      serviceCategories: [],
      consent: true,
    });
  });
});
