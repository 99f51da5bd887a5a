import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import {
  calls,
  mockRequest,
  modalAnswer,
  resetTaroMock,
  routerParams,
  type MockRequestOptions,
  type MockResponse,
} from '../../../../../test/taro-mock';
import { saveTokens } from '@/services/token';
import AdminVolunteer from './index';

const pending = {
  id: 'v1',
  accountId: 'u1',
  username: 'lihua_2026',
  realName: '李华',
  documentType: 'resident_id',
  documentNumber: '11010119900307123X',
  documentNumberMasked: false,
  gender: 'male',
  birthDate: '1990-03-07',
  regionCode: '110101',
  regionName: '东城区',
  volunteerNumber: null as string | null,
  verification: {
    state: 'manual_review',
    label: '已上传证件照片，等待管理员人工认证',
    reason: null as string | null,
    updatedAt: '2026-11-23T04:00:00.000Z',
  },
  minor: false,
  guardian: null,
  skills: [],
  serviceCategories: [],
  address: null,
  source: 'registered',
  frozen: false,
  createdAt: '2026-11-23T04:00:00.000Z',
};

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]).buffer;
type Handler = (o: MockRequestOptions) => Promise<MockResponse> | undefined;

function serve(extra: Handler = () => undefined, volunteer: unknown = pending) {
  mockRequest((o) => {
    const answer = extra(o);
    if (answer) return answer;
    if (o.url === '/api/admin/volunteers/v1') return Promise.resolve({ statusCode: 200, data: volunteer });
    if (o.url === '/api/admin/volunteers/v1/photo')
      return Promise.resolve({ statusCode: 200, data: jpeg, header: { 'Content-Type': 'image/jpeg' } });
    return Promise.reject(new Error(`unexpected ${o.method} ${o.url}`));
  });
}

const text = (id: string) => document.getElementById(id)?.textContent ?? null;
const posts = () => calls.request.filter((o) => o.method === 'POST');

async function click(id: string) {
  await act(async () => {
    fireEvent.click(document.getElementById(id)!);
  });
}

async function renderPage() {
  render(<AdminVolunteer />);
  await waitFor(() => expect(document.getElementById('admin-document-number')).not.toBeNull());
}

beforeEach(() => {
  resetTaroMock();
  routerParams.id = 'v1';
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
  URL.createObjectURL = jest.fn(() => 'blob:photo');
  URL.revokeObjectURL = jest.fn();
});

describe('志愿者详情 (regional admin)', () => {
  it('shows every field, the unmasked number and the uploaded photo', async () => {
    serve();
    await renderPage();

    expect(text('admin-document-number')).toBe('11010119900307123X');
    expect(text('admin-real-name')).toBe('李华');
    expect(text('admin-verification-state')).toBe('已上传证件照片，等待管理员人工认证');
    await waitFor(() => expect(document.getElementById('admin-photo')?.getAttribute('src')).toBe('blob:photo'));
    const photo = calls.request.find((o) => o.url === '/api/admin/volunteers/v1/photo')!;
    expect(photo).toMatchObject({ responseType: 'arraybuffer' });
    expect(photo.header?.Authorization).toBe('Bearer a1');
    expect(document.getElementById('verify')).not.toBeNull();
    expect(document.getElementById('freeze')).not.toBeNull();
  });

  it('认证通过: confirms, then sends the decision and shows the number', async () => {
    serve((o) =>
      o.url === '/api/admin/volunteers/v1/verification'
        ? Promise.resolve({
            statusCode: 200,
            data: {
              ...pending,
              volunteerNumber: '11010100000012X',
              verification: { ...pending.verification, state: 'verified', label: '已通过实名认证' },
            },
          })
        : undefined,
    );
    await renderPage();

    modalAnswer.confirm = false;
    await click('verify');
    expect(posts()).toHaveLength(0);

    modalAnswer.confirm = true;
    await click('verify');

    await waitFor(() => expect(text('admin-verification-state')).toBe('已通过实名认证'));
    expect(posts()[0]!.data).toEqual({ decision: 'verify' });
    expect(screen.getByText('11010100000012X')).toBeTruthy();
    expect(document.getElementById('verify')).toBeNull();
    expect(document.getElementById('reject')).toBeNull();
    expect(calls.toast).toEqual(['已认证通过']);
  });

  it('不通过 asks for a reason, then sends it', async () => {
    serve((o) =>
      o.url === '/api/admin/volunteers/v1/verification'
        ? Promise.resolve({
            statusCode: 200,
            data: {
              ...pending,
              verification: {
                ...pending.verification,
                state: 'rejected',
                label: '人工认证未通过',
                reason: '照片模糊，请重新上传',
              },
            },
          })
        : undefined,
    );
    await renderPage();

    expect(document.getElementById('reject-reason')).toBeNull();
    await click('reject');
    await click('reject-confirm');
    expect(text('reject-reason-error')).toBe('请填写不通过的原因');
    expect(posts()).toHaveLength(0);

    fireEvent.change(document.getElementById('reject-reason')!, { target: { value: '照片模糊，请重新上传' } });
    await click('reject-confirm');

    await waitFor(() => expect(text('admin-verification-state')).toBe('人工认证未通过'));
    expect(posts()[0]!.url).toBe('/api/admin/volunteers/v1/verification');
    expect(posts()[0]!.data).toEqual({ decision: 'reject', reason: '照片模糊，请重新上传' });
    expect(text('admin-verification-reason')).toBe('照片模糊，请重新上传');
    expect(document.getElementById('reject-reason')).toBeNull();
  });

  it('keeps the reason open when the bff refuses the decision', async () => {
    serve((o) =>
      o.url === '/api/admin/volunteers/v1/verification'
        ? Promise.resolve({
            statusCode: 409,
            data: {
              error: { code: 'VERIFICATION.NOT_ALLOWED', message: '当前认证状态下不能进行此操作', requestId: 'r' },
            },
          })
        : undefined,
    );
    await renderPage();
    await click('reject');
    fireEvent.change(document.getElementById('reject-reason')!, { target: { value: '姓名与证件不一致' } });
    await click('reject-confirm');

    await waitFor(() => expect(text('form-error')).toBe('当前认证状态下不能进行此操作'));
    expect((document.getElementById('reject-reason') as HTMLInputElement).value).toBe('姓名与证件不一致');
  });

  it('冻结 / 解冻 the account', async () => {
    let frozen = false;
    serve((o) => {
      if (o.url === '/api/admin/volunteers/v1/freeze') frozen = true;
      else if (o.url === '/api/admin/volunteers/v1/unfreeze') frozen = false;
      else return undefined;
      return Promise.resolve({ statusCode: 200, data: { ...pending, frozen } });
    });
    await renderPage();

    await click('freeze');
    await waitFor(() => expect(text('admin-frozen')).toBe('已冻结'));
    await click('unfreeze');
    await waitFor(() => expect(text('admin-frozen')).toBe('正常'));
    expect(posts().map((o) => o.url)).toEqual(['/api/admin/volunteers/v1/freeze', '/api/admin/volunteers/v1/unfreeze']);
  });

  it('重置密码 shows the new password once, with a copy button', async () => {
    serve((o) =>
      o.url === '/api/admin/volunteers/v1/reset-password'
        ? Promise.resolve({ statusCode: 200, data: { password: 'Tmp4x9k2pq' } })
        : undefined,
    );
    await renderPage();

    await click('reset-password');

    await waitFor(() => expect(text('new-password')).toBe('Tmp4x9k2pq'));
    expect(screen.getByText(/新密码只显示这一次/)).toBeTruthy();
    fireEvent.click(document.getElementById('copy-password')!);
    expect(calls.clipboard).toEqual(['Tmp4x9k2pq']);
  });

  it('says 没有证件照片 when none was uploaded', async () => {
    serve((o) =>
      o.url === '/api/admin/volunteers/v1/photo'
        ? Promise.resolve({
            statusCode: 404,
            data: new Uint8Array(
              Buffer.from(
                JSON.stringify({
                  error: { code: 'VERIFICATION.PHOTO_MISSING', message: '没有证件照片', requestId: 'r' },
                }),
              ),
            ).buffer,
          })
        : undefined,
    );
    await renderPage();
    await waitFor(() => expect(text('admin-photo-missing')).toBe('没有证件照片'));
  });

  it('a volunteer outside the region, or a non-admin: 没有权限', async () => {
    mockRequest(() =>
      Promise.resolve({
        statusCode: 403,
        data: { error: { code: 'AUTH.FORBIDDEN', message: '没有权限进行此操作', requestId: 'r' } },
      }),
    );
    render(<AdminVolunteer />);
    await screen.findByText('没有权限');
  });
});
