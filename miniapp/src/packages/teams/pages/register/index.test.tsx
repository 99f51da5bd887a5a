import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { creditCodeCheckChar } from '@zhiyuan/shared';
import {
  calls,
  chooser,
  mockRequest,
  resetTaroMock,
  type MockRequestOptions,
  type MockResponse,
} from '../../../../../test/taro-mock';
import { byId, click, ok, refusal, teamDto, text, type } from '../../../../../test/teams-fixtures';
import { saveTokens } from '@/services/token';
import TeamRegister from './index';

const REGIONS: Record<string, { code: string; name: string; childCount: number }[]> = {
  '': [{ code: '110000', name: '北京市', childCount: 1 }],
  '110000': [{ code: '110100', name: '市辖区', childCount: 1 }],
  '110100': [{ code: '110101', name: '东城区', childCount: 0 }],
};

/** A valid unified social credit code (GB 32100) with the check character computed. */
const CREDIT_FIRST17 = '51110101MJ0000001';
const CREDIT_CODE = `${CREDIT_FIRST17}${creditCodeCheckChar(CREDIT_FIRST17)}`;
const WRONG_CHECK = `${CREDIT_FIRST17}${creditCodeCheckChar(CREDIT_FIRST17) === '0' ? '1' : '0'}`;

const liaison = {
  id: 't0',
  name: '东城区志愿服务联合会',
  regionCode: '110101',
  regionName: '东城区',
  status: 'approved',
  joinMode: 'closed',
  memberCount: 30,
  serviceCategories: [],
  acceptsSubTeams: true,
};

type Handler = (o: MockRequestOptions) => Promise<MockResponse> | undefined;

/** Regions and liaison teams are served; everything else goes to `extra`. */
function serve(extra: Handler = () => undefined, liaisons: unknown[] = [liaison]) {
  mockRequest((o) => {
    const answer = extra(o);
    if (answer) return answer;
    if (o.url.startsWith('/api/regions')) {
      const parent = /parent=(\d+)/.exec(o.url)?.[1] ?? '';
      const items = (REGIONS[parent] ?? []).map((r) => ({
        ...r,
        level: 'province',
        parentCode: null,
        population: null,
      }));
      return ok({ items });
    }
    if (o.url.startsWith('/api/teams/liaison-candidates')) return ok({ items: liaisons });
    return Promise.reject(new Error(`unexpected ${o.method} ${o.url}`));
  });
}

const sent = (method: string, url: string) => calls.request.filter((o) => o.method === method && o.url === url);
const errorOf = (field: string) => text(`${field}-error`);

async function renderPage() {
  render(<TeamRegister />);
  await screen.findByRole('option', { name: '北京市' });
}

async function pickDongcheng() {
  fireEvent.change(screen.getByLabelText('省份'), { target: { value: '0' } });
  await screen.findByRole('option', { name: '市辖区' });
  fireEvent.change(screen.getByLabelText('城市'), { target: { value: '0' } });
  await screen.findByRole('option', { name: '东城区' });
  fireEvent.change(screen.getByLabelText('区县'), { target: { value: '0' } });
}

/** 登记状态 is a wheel picker: 0 已在民政部门登记的社会组织 (the default), 1 未登记的社会组织或其他组织. */
function chooseStatus(index: 0 | 1) {
  fireEvent.change(screen.getByLabelText('登记状态'), { target: { value: String(index) } });
}

function fillContacts() {
  type('name', '东城区和平里街道志愿服务队', { blur: true });
  type('contactName', '王芳');
  type('contactPhone', '13900139000');
  type('contactEmail', 'team@example.com');
  type('address', '东城区和平里街道 1 号');
  type('serviceCategories', '社区服务、助老助残');
}

beforeEach(() => {
  resetTaroMock();
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
  URL.createObjectURL = jest.fn(() => 'blob:certificate');
  URL.revokeObjectURL = jest.fn();
});

describe('志愿团体注册: the name (T-3), before submitting', () => {
  it('says at once not to use a bare unit name, with the name to use instead', async () => {
    serve();
    await renderPage();

    type('name', '北京市第一中学');
    expect(errorOf('name')).toBe(
      '不要使用单位名称直接作为志愿团体名称，请填写「单位名称＋志愿服务队」，如：北京市第一中学志愿服务队',
    );

    type('name', '北京市第一中学志愿服务队');
    expect(errorOf('name')).toBeNull();
    expect(calls.request.filter((o) => o.url === '/api/teams')).toHaveLength(0);
  });

  it('other names that do not read 「XX志愿服务队」 are flagged once the field is left', async () => {
    serve();
    await renderPage();

    type('name', '东城区');
    expect(errorOf('name')).toBeNull();
    fireEvent.blur(byId('name')!);
    expect(errorOf('name')).toBe('团体名称请规范填写，如：XX志愿服务队');
  });

  it('submitting empty marks every required field and sends nothing', async () => {
    serve();
    await renderPage();

    await click('submit');

    expect(errorOf('name')).toBe('请填写团体名称');
    expect(errorOf('regionCode')).toBe('请选择所在地区');
    expect(errorOf('creditCode')).toBe('已登记的社会组织请填写统一社会信用代码');
    expect(errorOf('certificate')).toBe('请上传登记证书照片');
    expect(errorOf('contactName')).toBe('请填写联系人');
    expect(errorOf('contactPhone')).toBe('请填写联系电话');
    expect(errorOf('address')).toBe('请填写地址');
    expect(sent('POST', '/api/teams')).toHaveLength(0);
  });
});

describe('已在民政部门登记的社会组织 (T-1)', () => {
  it("starts at the first choice and explains each in the FAQ's words", async () => {
    serve();
    await renderPage();
    expect(text('registrationStatus')).toMatch(/^已在民政部门登记的社会组织/);
    expect(byId('registrationStatus')!.getAttribute('data-value')).toBe('registered_org');
    expect(text('registrationStatus-note')).toMatch(/登记证书和统一社会信用代码；由所在地区的登记机关审核/);
    expect(screen.getByText(/如有登记证书和统一社会信用代码，应选择“已在民政部门登记的社会组织”/)).toBeTruthy();
    expect(byId('creditCode')).not.toBeNull();

    chooseStatus(1);
    expect(text('registrationStatus')).toMatch(/^未登记的社会组织或其他组织/);
    expect(text('registrationStatus-note')).toMatch(/由所选的联络团体审核/);
    expect(byId('creditCode')).toBeNull();
  });

  it('checks the credit code under the field as soon as 18 characters are typed', async () => {
    serve();
    await renderPage();

    type('creditCode', CREDIT_FIRST17);
    expect(errorOf('creditCode')).toBeNull();
    type('creditCode', WRONG_CHECK);
    expect(errorOf('creditCode')).toBe('统一社会信用代码校验位不正确，请核对');
    type('creditCode', 'I1110101MJ0000001X');
    expect(errorOf('creditCode')).toBe('统一社会信用代码只含数字和大写字母（不含 I、O、Z、S、V）');
    type('creditCode', CREDIT_CODE.toLowerCase());
    expect(errorOf('creditCode')).toBeNull();
    type('creditCode', '1234', { blur: true });
    expect(errorOf('creditCode')).toBe('统一社会信用代码应为 18 位');
  });

  it('asks for the certificate photo, then uploads it right after the team is created', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    serve((o) => {
      if (o.url === '/api/teams' && o.method === 'POST') {
        return ok(teamDto({ id: 't9', status: 'pending', registrationStatus: 'registered_org' }), 201);
      }
      if (o.url === '/api/teams/t9/certificate') return ok(teamDto({ id: 't9', status: 'pending' }));
      return undefined;
    });
    await renderPage();
    fillContacts();
    type('creditCode', CREDIT_CODE);
    await pickDongcheng();

    await click('submit');
    expect(errorOf('certificate')).toBe('请上传登记证书照片');
    expect(sent('POST', '/api/teams')).toHaveLength(0);

    chooser.image = { path: 'blob:c', size: jpeg.byteLength, originalFileObj: new Blob([jpeg]) };
    await click('certificate');
    await waitFor(() => expect(text('certificate-chosen')).toMatch(/^已选择：/));
    expect(byId('certificate-preview')!.getAttribute('src')).toBe('blob:certificate');

    await click('submit');

    await waitFor(() => expect(calls.redirectTo).toEqual(['/packages/teams/pages/detail/index?id=t9']));
    const [post] = sent('POST', '/api/teams');
    expect(post!.data).toEqual({
      name: '东城区和平里街道志愿服务队',
      registrationStatus: 'registered_org',
      regionCode: '110101',
      address: '东城区和平里街道 1 号',
      contactName: '王芳',
      contactPhone: '13900139000',
      contactEmail: 'team@example.com',
      serviceCategories: ['社区服务', '助老助残'],
      creditCode: CREDIT_CODE,
    });
    const [put] = sent('PUT', '/api/teams/t9/certificate');
    expect(put!.header?.['Content-Type']).toBe('image/jpeg');
    expect(new Uint8Array(put!.data as ArrayBuffer)).toEqual(jpeg);
    // the certificate went up after the team existed
    const order = calls.request
      .map((o) => `${o.method} ${o.url}`)
      .filter((s) => s.includes('/api/teams/t9') || s === 'POST /api/teams');
    expect(order).toEqual(['POST /api/teams', 'PUT /api/teams/t9/certificate']);
  });

  it("says so on the team's page when the upload fails after the team was created", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1]);
    serve((o) => {
      if (o.url === '/api/teams' && o.method === 'POST') return ok(teamDto({ id: 't9', status: 'pending' }), 201);
      if (o.url === '/api/teams/t9/certificate')
        return refusal(413, 'VERIFICATION.PHOTO_TOO_LARGE', '证件照片不能超过 5 MB');
      return undefined;
    });
    await renderPage();
    fillContacts();
    type('creditCode', CREDIT_CODE);
    await pickDongcheng();
    chooser.image = { path: 'blob:c', size: png.byteLength, originalFileObj: new Blob([png]) };
    await click('certificate');
    await waitFor(() => expect(byId('certificate-chosen')).not.toBeNull());

    await click('submit');

    await waitFor(() =>
      expect(calls.redirectTo).toEqual(['/packages/teams/pages/detail/index?id=t9&certificate=failed']),
    );
  });
});

describe('未登记的社会组织或其他组织: the liaison team (T-2)', () => {
  it('lists the candidates of the chosen region and sends the chosen one', async () => {
    serve((o) =>
      o.url === '/api/teams' && o.method === 'POST' ? ok(teamDto({ id: 't9', status: 'pending' }), 201) : undefined,
    );
    await renderPage();
    chooseStatus(1);
    expect(screen.getByText('请先选择所在地区，再选择联络团体。')).toBeTruthy();

    fillContacts();
    await pickDongcheng();
    await waitFor(() => expect(document.querySelectorAll('#liaison-list .liaison-item')).toHaveLength(1));
    expect(calls.request.some((o) => o.url === '/api/teams/liaison-candidates?regionCode=110101')).toBe(true);

    await click('submit');
    expect(errorOf('liaisonTeamId')).toBe('请选择联络团体');

    fireEvent.click(document.querySelector('#liaison-list .liaison-item')!);
    expect(text('liaison-chosen')).toMatch(/东城区志愿服务联合会/);

    await click('submit');
    await waitFor(() => expect(calls.redirectTo).toEqual(['/packages/teams/pages/detail/index?id=t9']));
    expect(sent('POST', '/api/teams')[0]!.data).toMatchObject({
      registrationStatus: 'unregistered',
      liaisonTeamId: 't0',
    });
    expect(sent('POST', '/api/teams')[0]!.data).not.toHaveProperty('creditCode');
  });

  it("an empty list gives the FAQ's advice", async () => {
    serve(undefined, []);
    await renderPage();
    chooseStatus(1);
    await pickDongcheng();

    await waitFor(() => expect(byId('liaison-empty')).not.toBeNull());
    expect(text('liaison-empty')).toMatch(/^找不到联络团体？请该团体联系所在地区管理员进行授权/);
  });

  it("puts the bff's refusal under its field (a name taken in the region)", async () => {
    serve((o) =>
      o.url === '/api/teams' && o.method === 'POST'
        ? refusal(409, 'TEAM.NAME_TAKEN', '本地区已有同名的志愿团体')
        : undefined,
    );
    await renderPage();
    chooseStatus(1);
    fillContacts();
    await pickDongcheng();
    await waitFor(() => expect(document.querySelector('#liaison-list .liaison-item')).not.toBeNull());
    fireEvent.click(document.querySelector('#liaison-list .liaison-item')!);

    await click('submit');

    await waitFor(() => expect(errorOf('name')).toBe('本地区已有同名的志愿团体'));
    expect(calls.redirectTo).toEqual([]);
  });
});

describe('所属单位 (T-8)', () => {
  it('a new unit is registered after the team, then set on it', async () => {
    serve((o) => {
      if (o.url.startsWith('/api/units?')) return ok({ items: [], total: 0, page: 1, pageSize: 10 });
      if (o.url === '/api/teams' && o.method === 'POST') return ok(teamDto({ id: 't9', status: 'pending' }), 201);
      if (o.url === '/api/units' && o.method === 'POST') {
        return ok(
          { id: 'u9', name: '北京市东城区人民医院', level: 'municipal', staffCount: 800, regionCode: '110101' },
          201,
        );
      }
      if (o.url === '/api/teams/t9/settings') return ok(teamDto({ id: 't9' }));
      return undefined;
    });
    await renderPage();
    chooseStatus(1);
    fillContacts();
    await pickDongcheng();
    await waitFor(() => expect(document.querySelector('#liaison-list .liaison-item')).not.toBeNull());
    fireEvent.click(document.querySelector('#liaison-list .liaison-item')!);

    await click('unit-open');
    await waitFor(() => expect(byId('unit-empty')).not.toBeNull());
    await click('unit-new');
    type('unit-name', '北京市东城区人民医院');
    await click('unit-level-municipal');
    type('unit-staffCount', '800');
    await click('unit-create');
    expect(text('unit-chosen')).toMatch(/北京市东城区人民医院.*市级文明单位.*新登记/);

    await click('submit');

    await waitFor(() => expect(calls.redirectTo).toEqual(['/packages/teams/pages/detail/index?id=t9']));
    expect(sent('POST', '/api/teams')[0]!.data).not.toHaveProperty('unitId');
    expect(sent('POST', '/api/units')[0]!.data).toEqual({
      name: '北京市东城区人民医院',
      level: 'municipal',
      staffCount: 800,
      regionCode: '110101',
    });
    expect(sent('PATCH', '/api/teams/t9/settings')[0]!.data).toEqual({ unitId: 'u9' });
  });
});
