import { act, render, screen, waitFor } from '@testing-library/react';
import { calls, mockRequest, resetTaroMock, type MockResponse } from '../../../../../test/taro-mock';
import { saveTokens } from '@/services/token';
import Card from './index';

const card = (n: number) => ({
  realName: '李华',
  volunteerNumber: '11010100000012X',
  photoUrl: null,
  teams: [{ id: 't1', name: '东城区社区志愿服务队' }],
  totalMinutes: 754,
  starLevel: 1,
  qrToken: `token-${n}`,
  qrDataUrl: `data:image/png;base64,QR${n}`,
  qrExpiresAt: '2026-11-23T04:02:00.000Z',
  refreshInSeconds: 60,
});

const cardCalls = () => calls.request.filter((o) => o.url === '/api/me/card');
const qr = () => document.getElementById('card-qr') as HTMLImageElement | null;

function signIn() {
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
}

/** Let the promise of a request settle inside React's act. */
async function flush() {
  await act(async () => {
    await Promise.resolve();
    await Promise.resolve();
  });
}

beforeEach(() => {
  resetTaroMock();
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

describe('志愿者卡 page (V-8)', () => {
  it('shows name, number, hours, star level and the QR image', async () => {
    signIn();
    let n = 0;
    mockRequest(() => Promise.resolve({ statusCode: 200, data: card(++n) }));
    render(<Card />);

    await waitFor(() => expect(qr()).not.toBeNull());
    expect(qr()!.getAttribute('src')).toBe('data:image/png;base64,QR1');
    expect(document.getElementById('card-name')?.textContent).toBe('李华');
    expect(document.getElementById('card-number')?.textContent).toBe('11010100000012X');
    // 754 minutes = 12.57 hours, one decimal
    expect(document.getElementById('card-hours')?.textContent).toBe('12.6 小时');
    expect(document.getElementById('card-star')?.textContent).toBe('★');
    expect(screen.getByText('东城区社区志愿服务队')).toBeTruthy();
    expect(document.getElementById('card-countdown')?.textContent).toBe('二维码每分钟自动更新（60 秒后更新）');
    expect(document.getElementById('card-save')).not.toBeNull();
    expect(cardCalls()[0]!.header?.Authorization).toBe('Bearer a1');
  });

  it('fetches a fresh code every refreshInSeconds while shown, counting down', async () => {
    signIn();
    let n = 0;
    mockRequest(() => Promise.resolve({ statusCode: 200, data: card(++n) }));
    render(<Card />);
    await waitFor(() => expect(qr()?.getAttribute('src')).toBe('data:image/png;base64,QR1'));

    act(() => {
      jest.advanceTimersByTime(20000);
    });
    expect(document.getElementById('card-countdown')?.textContent).toBe('二维码每分钟自动更新（40 秒后更新）');
    expect(cardCalls()).toHaveLength(1);

    act(() => {
      jest.advanceTimersByTime(40000);
    });
    await flush();
    expect(cardCalls()).toHaveLength(2);
    expect(qr()?.getAttribute('src')).toBe('data:image/png;base64,QR2');

    act(() => {
      jest.advanceTimersByTime(60000);
    });
    await flush();
    expect(cardCalls()).toHaveLength(3);
    expect(qr()?.getAttribute('src')).toBe('data:image/png;base64,QR3');
  });

  it('stops refreshing once the page is closed', async () => {
    signIn();
    let n = 0;
    mockRequest(() => Promise.resolve({ statusCode: 200, data: card(++n) }));
    const page = render(<Card />);
    await waitFor(() => expect(qr()).not.toBeNull());

    page.unmount();
    act(() => {
      jest.advanceTimersByTime(600000);
    });
    await flush();
    expect(cardCalls()).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps the card when a refresh fails and tries again soon', async () => {
    signIn();
    let n = 0;
    let online = true;
    mockRequest(() =>
      online ? Promise.resolve({ statusCode: 200, data: card(++n) }) : Promise.reject(new Error('request:fail')),
    );
    render(<Card />);
    await waitFor(() => expect(qr()).not.toBeNull());

    online = false;
    act(() => {
      jest.advanceTimersByTime(60000);
    });
    await flush();
    expect(qr()?.getAttribute('src')).toBe('data:image/png;base64,QR1');
    expect(document.getElementById('card-countdown')?.textContent).toBe('二维码更新失败，10 秒后重试');

    online = true;
    act(() => {
      jest.advanceTimersByTime(10000);
    });
    await flush();
    expect(qr()?.getAttribute('src')).toBe('data:image/png;base64,QR2');
  });

  it('before verification: shows 「通过实名认证后才能使用志愿者卡」 and no QR, and does not poll', async () => {
    signIn();
    const notVerified: MockResponse = {
      statusCode: 403,
      data: { error: { code: 'VOLUNTEER.NOT_VERIFIED', message: '通过实名认证后才能使用志愿者卡', requestId: 'r' } },
    };
    mockRequest(() => Promise.resolve(notVerified));
    render(<Card />);

    await screen.findByText('通过实名认证后才能使用志愿者卡');
    expect(screen.getByTestId('card-unavailable').getAttribute('data-code')).toBe('VOLUNTEER.NOT_VERIFIED');
    expect(qr()).toBeNull();
    act(() => {
      jest.advanceTimersByTime(600000);
    });
    expect(cardCalls()).toHaveLength(1);
    act(() => {
      screen.getByText('查看实名认证').click();
    });
    expect(calls.navigateTo).toEqual(['/packages/volunteer/pages/profile/index']);
  });

  it('保存图片 downloads the card as 志愿者卡.svg with the token (H5)', async () => {
    signIn();
    const svg = new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')).buffer;
    mockRequest((o) =>
      Promise.resolve(
        o.url === '/api/me/card.svg'
          ? { statusCode: 200, data: svg, header: { 'content-type': 'image/svg+xml' } }
          : { statusCode: 200, data: card(1) },
      ),
    );
    const created: Blob[] = [];
    URL.createObjectURL = jest.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:card';
    });
    URL.revokeObjectURL = jest.fn();
    const clicked: HTMLAnchorElement[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    render(<Card />);
    await waitFor(() => expect(qr()).not.toBeNull());

    await act(async () => {
      document.getElementById('card-save')!.click();
    });
    await flush();

    const download = calls.request.find((o) => o.url === '/api/me/card.svg')!;
    expect(download.header?.Authorization).toBe('Bearer a1');
    expect(download).toMatchObject({ responseType: 'arraybuffer' });
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('志愿者卡.svg');
    expect(clicked[0]!.href).toBe('blob:card');
    expect(created[0]!.type).toBe('image/svg+xml');
    click.mockRestore();
  });

  it('signed out: asks to sign in and requests nothing', () => {
    render(<Card />);
    expect(screen.getByTestId('page-state-signed-out')).toBeTruthy();
    expect(calls.request).toHaveLength(0);
  });
});
