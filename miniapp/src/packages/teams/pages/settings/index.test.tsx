import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { TeamDto } from '@zhiyuan/shared';
import {
  calls,
  mockRequest,
  resetTaroMock,
  routerParams,
  type MockRequestOptions,
  type MockResponse,
} from '../../../../../test/taro-mock';
import { byId, click, ok, refusal, teamDto, text, type } from '../../../../../test/teams-fixtures';
import { saveTokens } from '@/services/token';
import TeamSettings from './index';

type Handler = (o: MockRequestOptions) => Promise<MockResponse> | undefined;

const admins = (overrides: Partial<TeamDto> = {}) =>
  teamDto({
    myRole: 'admin',
    contactPhone: '13900139000',
    settings: { robotUrl: null, robotKind: 'wecom' },
    ...overrides,
  });

function serve(team: TeamDto, extra: Handler = () => undefined) {
  mockRequest((o) => {
    const answer = extra(o);
    if (answer) return answer;
    if (o.url === '/api/teams/t1' && o.method === 'GET') return ok(team);
    return Promise.reject(new Error(`unexpected ${o.method} ${o.url}`));
  });
}

const patches = () => calls.request.filter((o) => o.method === 'PATCH');
const joinMode = () => byId('joinMode')!.getAttribute('data-value');
/** 成员加入方式 is a wheel picker: 0 拒绝任何人加入, 1 需要审核, 2 允许任何人加入. */
const chooseJoinMode = (index: number) =>
  fireEvent.change(screen.getByLabelText('成员加入方式'), { target: { value: String(index) } });

async function renderPage() {
  render(<TeamSettings />);
  await waitFor(() => expect(byId('save')).not.toBeNull());
}

beforeEach(() => {
  resetTaroMock();
  routerParams.id = 't1';
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
});

describe('团体设置: 成员加入方式 (T-6)', () => {
  it("starts at 拒绝任何人加入 with the FAQ's note, and saves 需要审核", async () => {
    serve(admins(), (o) =>
      o.method === 'PATCH' && o.url === '/api/teams/t1/settings' ? ok(admins({ joinMode: 'review' })) : undefined,
    );
    await renderPage();

    expect(joinMode()).toBe('closed');
    expect(text('joinMode')).toMatch(/^拒绝任何人加入/);
    expect(text('joinMode-note')).toMatch(/^本系统默认对所有志愿团体设置为“拒绝任何人加入”/);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(
      expect.arrayContaining(['拒绝任何人加入', '需要审核', '允许任何人加入']),
    );

    chooseJoinMode(1);
    expect(joinMode()).toBe('review');
    expect(text('joinMode-explain')).toMatch(/由团体管理员在“加入申请”中审核/);
    await click('save');

    await waitFor(() => expect(calls.toast).toEqual(['已保存']));
    expect(patches()).toHaveLength(1);
    expect(patches()[0]!.data).toEqual({ joinMode: 'review' });
    expect(joinMode()).toBe('review');
  });

  it('sends only what changed: the robot, a new secret, contacts', async () => {
    serve(admins(), (o) => (o.method === 'PATCH' ? ok(admins()) : undefined));
    await renderPage();

    type('robotUrl', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc');
    await click('robotKind-dingtalk');
    type('robotSecret', 'SEC123');
    type('contactName', '李雷');
    await click('save');

    await waitFor(() => expect(patches()).toHaveLength(1));
    expect(patches()[0]!.data).toEqual({
      robotUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc',
      robotKind: 'dingtalk',
      robotSecret: 'SEC123',
      contactName: '李雷',
    });
  });

  it('nothing changed: says so and sends nothing; a bad robot address is marked before sending', async () => {
    serve(admins());
    await renderPage();

    await click('save');
    expect(calls.toast).toEqual(['没有要修改的内容']);

    type('robotUrl', 'ftp://example.com');
    await click('save');
    expect(text('robotUrl-error')).toBe('机器人地址应为 http(s) 网址');
    expect(patches()).toHaveLength(0);
  });

  it("shows the bff's refusal above the form", async () => {
    serve(admins(), (o) => (o.method === 'PATCH' ? refusal(409, 'TEAM.NOT_FOUND', '志愿团体不存在') : undefined));
    await renderPage();
    chooseJoinMode(2);
    await click('save');
    await waitFor(() => expect(text('form-error')).toBe('志愿团体不存在'));
  });

  it('没有权限 for a member who is not an admin', async () => {
    serve(teamDto({ myRole: 'member' }));
    render(<TeamSettings />);
    await screen.findByText('没有权限');
  });
});
