import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import {
  calls,
  chooser,
  mockRequest,
  resetTaroMock,
  type MockRequestOptions,
  type MockResponse,
} from '../../../../../test/taro-mock';
import { saveTokens } from '@/services/token';
import Profile from './index';

const me = {
  id: 'u1',
  username: 'lihua_2026',
  email: 'li***@example.com',
  mobile: '138****8000',
  regionCode: '110101',
  roles: [{ role: 'volunteer' }],
  wechatBound: false,
  createdAt: '2026-11-23T04:00:00.000Z',
};

const base = {
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
  volunteerNumber: null as string | null,
  verification: {
    state: 'unverified',
    label: '待实名认证',
    reason: null as string | null,
    updatedAt: '2026-11-23T04:00:00.000Z',
  },
  minor: false,
  guardian: null,
  skills: ['急救'],
  serviceCategories: [],
  address: '东城区某街道 1 号',
  source: 'registered',
  frozen: false,
  createdAt: '2026-11-23T04:00:00.000Z',
};

const verified = {
  ...base,
  volunteerNumber: '11010100000012X',
  verification: { ...base.verification, state: 'verified', label: '已通过实名认证' },
};

const rejected = {
  ...base,
  verification: { ...base.verification, state: 'rejected', label: '人工认证未通过', reason: '照片模糊，请重新上传' },
};

const region = {
  code: '110101',
  name: '东城区',
  level: 'county',
  parentCode: '110100',
  population: null,
  childCount: 0,
  path: [
    { code: '110000', name: '北京市', level: 'province', parentCode: null, population: null, childCount: 1 },
    { code: '110100', name: '市辖区', level: 'city', parentCode: '110000', population: null, childCount: 1 },
  ],
};

type Handler = (o: MockRequestOptions) => Promise<MockResponse> | undefined;

function serve(volunteer: unknown, extra: Handler = () => undefined) {
  mockRequest((o) => {
    const answer = extra(o);
    if (answer) return answer;
    if (o.url === '/api/me') return Promise.resolve({ statusCode: 200, data: me });
    if (o.url === '/api/me/volunteer') return Promise.resolve({ statusCode: 200, data: volunteer });
    if (o.url === '/api/regions') return Promise.resolve({ statusCode: 200, data: { items: [] } });
    return Promise.resolve({ statusCode: 200, data: region });
  });
}

const field = (id: string) => document.getElementById(id) as HTMLInputElement;
const text = (id: string) => document.getElementById(id)?.textContent ?? null;
const patches = () => calls.request.filter((o) => o.method === 'PATCH');

function type(id: string, value: string) {
  fireEvent.change(field(id), { target: { value } });
}

async function renderPage() {
  render(<Profile />);
  await waitFor(() => expect(document.getElementById('save')).not.toBeNull());
}

async function click(id: string) {
  await act(async () => {
    fireEvent.click(document.getElementById(id)!);
  });
}

beforeEach(() => {
  resetTaroMock();
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
});

describe('修改资料 page (V-7)', () => {
  it('verified: the real name is locked, the user name read-only, the document masked, no photo upload', async () => {
    serve(verified);
    await renderPage();

    expect(field('realName').value).toBe('李华');
    expect(field('realName').disabled).toBe(true);
    expect(screen.getByText('已通过实名认证，不能修改姓名')).toBeTruthy();
    expect(text('profile-username')).toBe('lihua_2026');
    expect(screen.getByText('用户名注册后不能修改')).toBeTruthy();
    expect(screen.getByText(/志愿者注册后不能注销/)).toBeTruthy();
    expect(text('document-number')).toBe('110101********123X');
    expect(text('verification-state')).toBe('已通过实名认证');
    expect(document.getElementById('upload-photo')).toBeNull();
    expect(document.getElementById('verification-reason')).toBeNull();
    expect(screen.queryByText(/删除|注销账号/)).toBeNull();
    expect(await screen.findByText('北京市 · 市辖区 · 东城区')).toBeTruthy();
  });

  it('verified: saves contact details only, never the name', async () => {
    serve(verified, (o) =>
      o.method === 'PATCH'
        ? Promise.resolve({ statusCode: 200, data: { ...verified, address: '西城区某路 2 号' } })
        : undefined,
    );
    await renderPage();
    expect(screen.getByText('当前：138****8000；留空则不修改')).toBeTruthy();

    type('mobile', '13900139000');
    type('address', '西城区某路 2 号');
    await click('save');

    await waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0]!.url).toBe('/api/me/volunteer');
    expect(patches()[0]!.data).toEqual({ mobile: '13900139000', address: '西城区某路 2 号' });
    await waitFor(() => expect(calls.toast).toEqual(['已保存']));
    expect(field('mobile').value).toBe('');
  });

  it('not verified: the real name can change', async () => {
    serve(base, (o) =>
      o.method === 'PATCH' ? Promise.resolve({ statusCode: 200, data: { ...base, realName: '李小华' } }) : undefined,
    );
    await renderPage();

    expect(field('realName').disabled).toBe(false);
    type('realName', '李小华');
    await click('save');

    await waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0]!.data).toEqual({ realName: '李小华' });
  });

  it("shows the bff's 409 VOLUNTEER.NAME_LOCKED (verified meanwhile) above the form and at the name", async () => {
    serve(base, (o) =>
      o.method === 'PATCH'
        ? Promise.resolve({
            statusCode: 409,
            data: { error: { code: 'VOLUNTEER.NAME_LOCKED', message: '已通过实名认证，不能修改姓名', requestId: 'r' } },
          })
        : undefined,
    );
    await renderPage();

    type('realName', '李小华');
    await click('save');

    await waitFor(() => expect(text('form-error')).toBe('已通过实名认证，不能修改姓名'));
    expect(text('realName-error')).toBe('已通过实名认证，不能修改姓名');
  });

  it('checks the new contact details before sending', async () => {
    serve(base);
    await renderPage();

    type('email', 'lihua@');
    await click('save');

    expect(text('email-error')).toBe('电子邮箱格式不正确，一般格式为：用户名@域名');
    expect(patches()).toHaveLength(0);
  });

  it('rejected: shows the reason and uploads a document photo raw for manual verification (V-5)', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    chooser.image = { path: 'blob:photo', size: png.byteLength, originalFileObj: new Blob([png]) };
    serve(rejected, (o) =>
      o.method === 'PUT'
        ? Promise.resolve({
            statusCode: 200,
            data: {
              ...rejected,
              verification: {
                ...rejected.verification,
                state: 'manual_review',
                label: '已上传证件照片，等待管理员人工认证',
                reason: null,
              },
            },
          })
        : undefined,
    );
    await renderPage();

    expect(text('verification-state')).toBe('人工认证未通过');
    expect(text('verification-reason')).toBe('照片模糊，请重新上传');
    await click('upload-photo');

    await waitFor(() => expect(text('verification-state')).toBe('已上传证件照片，等待管理员人工认证'));
    const put = calls.request.find((o) => o.method === 'PUT')!;
    expect(put.url).toBe('/api/me/volunteer/photo');
    expect(put.header?.['Content-Type']).toBe('image/png');
    expect(put.header?.Authorization).toBe('Bearer a1');
    expect(Array.from(new Uint8Array(put.data as ArrayBuffer))).toEqual(Array.from(png));
    expect(document.getElementById('upload-photo')).toBeNull();
    expect(calls.toast).toEqual(['已上传，等待人工认证']);
  });

  it('refuses a photo that is not JPEG or PNG before sending it', async () => {
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]);
    chooser.image = { path: 'blob:photo', size: gif.byteLength, originalFileObj: new Blob([gif]) };
    serve({ ...base, verification: { ...base.verification, state: 'failed', label: '未通过实名认证' } });
    await renderPage();

    await click('upload-photo');

    await waitFor(() => expect(text('form-error')).toBe('请上传 JPG 或 PNG 格式的证件照片'));
    expect(calls.request.filter((o) => o.method === 'PUT')).toHaveLength(0);
  });

  it('an account without real-name registration is offered 志愿者实名注册', async () => {
    mockRequest((o) =>
      Promise.resolve(
        o.url === '/api/me/volunteer'
          ? {
              statusCode: 404,
              data: {
                error: { code: 'VOLUNTEER.NOT_A_VOLUNTEER', message: '您还没有进行志愿者实名注册', requestId: 'r' },
              },
            }
          : { statusCode: 200, data: me },
      ),
    );
    render(<Profile />);

    fireEvent.click(await screen.findByText('志愿者实名注册'));
    expect(calls.navigateTo).toEqual(['/packages/accounts/pages/register/index?existing=1']);
  });
});

describe('所在单位 (T-8)', () => {
  const hospital = {
    id: 'u1',
    name: '北京市东城区人民医院',
    level: 'municipal',
    staffCount: 800,
    regionCode: '110101',
  };

  it('finds a unit by name and saves it at once (PUT /api/me/unit)', async () => {
    serve(base, (o) => {
      if (o.url.startsWith('/api/units?')) {
        const q = new URLSearchParams(o.url.split('?')[1]).get('q');
        return Promise.resolve({
          statusCode: 200,
          data: { items: q ? [hospital] : [], total: q ? 1 : 0, page: 1, pageSize: 10 },
        });
      }
      if (o.url === '/api/me/unit') return Promise.resolve({ statusCode: 204, data: '' });
      return undefined;
    });
    await renderPage();

    await click('unit-open');
    // a volunteer chooses a unit; registering one is for its team admins
    expect(document.getElementById('unit-new')).toBeNull();
    await waitFor(() => expect(document.getElementById('unit-empty')).not.toBeNull());
    expect(calls.request.find((o) => o.url.startsWith('/api/units?'))!.url).toBe(
      '/api/units?regionCode=110101&page=1&pageSize=10',
    );
    type('unit-search', '人民医院');
    await waitFor(() => expect(document.querySelectorAll('#unit-list .unit-item')).toHaveLength(1));
    await act(async () => {
      fireEvent.click(document.querySelector('#unit-list .unit-item')!);
    });

    await waitFor(() => expect(text('unit-result')).toBe('已设置所在单位：北京市东城区人民医院'));
    expect(calls.request.find((o) => o.method === 'PUT')!.data).toEqual({ unitId: 'u1' });
    expect(text('unit-chosen')).toMatch(/北京市东城区人民医院.*市级文明单位/);
  });

  it('不属于任何单位 sends null', async () => {
    serve(base, (o) => (o.url === '/api/me/unit' ? Promise.resolve({ statusCode: 204, data: '' }) : undefined));
    await renderPage();
    await click('unit-none');
    await waitFor(() => expect(text('unit-result')).toBe('已设置为不属于任何单位'));
    expect(calls.request.find((o) => o.method === 'PUT')!.data).toEqual({ unitId: null });
  });
});
