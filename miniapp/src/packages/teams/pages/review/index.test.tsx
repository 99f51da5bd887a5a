import { render, screen, waitFor } from '@testing-library/react';
import type { TeamDto } from '@zhiyuan/shared';
import {
  calls,
  modalAnswer,
  mockRequest,
  resetTaroMock,
  routerParams,
  type MockRequestOptions,
  type MockResponse,
} from '../../../../../test/taro-mock';
import { byId, click, ok, refusal, teamDto, text, type } from '../../../../../test/teams-fixtures';
import { saveTokens } from '@/services/token';
import TeamReview from './index';

type Handler = (o: MockRequestOptions) => Promise<MockResponse> | undefined;

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]).buffer;
const waiting = (overrides: Partial<TeamDto> = {}) =>
  teamDto({ status: 'pending', reviewedAt: null, contactPhone: '13900139000', ...overrides });

function serve(team: TeamDto, extra: Handler = () => undefined) {
  mockRequest((o) => {
    const answer = extra(o);
    if (answer) return answer;
    if (o.url === '/api/teams/t1') return ok(team);
    if (o.url === '/api/teams/t1/certificate') {
      return Promise.resolve({ statusCode: 200, data: jpeg, header: { 'Content-Type': 'image/jpeg' } });
    }
    return Promise.reject(new Error(`unexpected ${o.method} ${o.url}`));
  });
}

const posts = () => calls.request.filter((o) => o.method === 'POST');

async function renderPage() {
  render(<TeamReview />);
  await waitFor(() => expect(byId('team-name')).not.toBeNull());
}

beforeEach(() => {
  resetTaroMock();
  routerParams.id = 't1';
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
  URL.createObjectURL = jest.fn(() => 'blob:certificate');
  URL.revokeObjectURL = jest.fn();
});

describe('审核志愿团体 (T-4)', () => {
  it('a registered organization: its credit code and certificate photo, fetched with the token', async () => {
    serve(waiting({ registrationStatus: 'registered_org', creditCode: '51110101MJ00000017', liaisonTeam: null }));
    await renderPage();

    expect(text('team-credit-code')).toBe('51110101MJ00000017');
    await waitFor(() => expect(byId('certificate-image')?.getAttribute('src')).toBe('blob:certificate'));
    const photo = calls.request.find((o) => o.url === '/api/teams/t1/certificate')!;
    expect(photo.header?.Authorization).toBe('Bearer a1');
    expect(text('team-contact-phone')).toBe('13900139000');
  });

  it('no certificate yet: says so', async () => {
    serve(waiting({ registrationStatus: 'registered_org' }), (o) =>
      o.url === '/api/teams/t1/certificate'
        ? Promise.resolve({
            statusCode: 404,
            data: new Uint8Array(
              Buffer.from(
                JSON.stringify({
                  error: { code: 'VERIFICATION.PHOTO_MISSING', message: '没有登记证书照片', requestId: 'r' },
                }),
              ),
            ).buffer,
          })
        : undefined,
    );
    await renderPage();
    await waitFor(() => expect(text('certificate-missing')).toBe('申请人尚未上传登记证书照片'));
  });

  it('通过 after confirming', async () => {
    serve(waiting(), (o) => (o.url === '/api/reviews/teams/t1' ? ok(teamDto({ status: 'approved' })) : undefined));
    await renderPage();
    expect(byId('certificate-image')).toBeNull();

    modalAnswer.confirm = false;
    await click('approve');
    expect(posts()).toHaveLength(0);
    modalAnswer.confirm = true;
    await click('approve');

    await waitFor(() => expect(text('team-status')).toBe('已通过'));
    expect(posts()[0]!.data).toEqual({ decision: 'approve' });
    expect(byId('review-result')!.getAttribute('data-status')).toBe('approved');
    expect(byId('approve')).toBeNull();
    expect(calls.toast).toEqual(['已审核通过']);
  });

  it('不通过 needs a reason, which is sent', async () => {
    const reason = '名称不规范，请填写“单位名称＋志愿服务队”';
    serve(waiting(), (o) =>
      o.url === '/api/reviews/teams/t1' ? ok(teamDto({ status: 'rejected', rejectReason: reason })) : undefined,
    );
    await renderPage();

    expect(byId('reject-reason')).toBeNull();
    await click('reject');
    await click('reject-confirm');
    expect(text('reject-reason-error')).toBe('请填写不通过的原因');
    expect(posts()).toHaveLength(0);

    type('reject-reason', reason);
    await click('reject-confirm');

    await waitFor(() => expect(text('team-status')).toBe('未通过'));
    expect(posts()[0]!.data).toEqual({ decision: 'reject', reason });
    expect(text('team-reject-reason')).toBe(reason);
    expect(byId('reject-reason')).toBeNull();
  });

  it('keeps the page when the bff refuses (no certificate for a registered organization)', async () => {
    serve(waiting({ registrationStatus: 'registered_org' }), (o) =>
      o.url === '/api/reviews/teams/t1' ? refusal(400, 'TEAM.CERTIFICATE_REQUIRED', '请上传登记证书照片') : undefined,
    );
    await renderPage();
    await click('approve');
    await waitFor(() => expect(text('form-error')).toBe('请上传登记证书照片'));
    expect(byId('approve')).not.toBeNull();
  });

  it('someone who does not review this team: 没有权限', async () => {
    mockRequest(() => refusal(403, 'AUTH.FORBIDDEN', '没有权限进行此操作'));
    render(<TeamReview />);
    await screen.findByText('没有权限');
  });
});
