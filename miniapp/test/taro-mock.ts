/**
 * A small stand-in for `@tarojs/taro` in jest (jsdom). Tests program `request` and read the
 * navigation and toast calls; storage is an in-memory map. `resetTaroMock()` between tests.
 */
import { useEffect } from 'react';

type Listener = () => void;

const storage = new Map<string, unknown>();

export interface MockRequestOptions {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  timeout?: number;
}

export interface MockResponse {
  statusCode: number;
  data: unknown;
  header?: Record<string, string>;
}

type RequestHandler = (options: MockRequestOptions) => Promise<MockResponse>;

let requestHandler: RequestHandler = () => Promise.reject(new Error('request not programmed in this test'));

export const calls = {
  request: [] as MockRequestOptions[],
  navigateTo: [] as string[],
  redirectTo: [] as string[],
  switchTab: [] as string[],
  reLaunch: [] as string[],
  toast: [] as string[],
  modal: [] as string[],
};

export const modalAnswer = { confirm: true };

/** Answer every `Taro.request` with `handler`. */
export function mockRequest(handler: RequestHandler): void {
  requestHandler = handler;
}

export function resetTaroMock(): void {
  storage.clear();
  for (const list of Object.values(calls)) list.length = 0;
  modalAnswer.confirm = true;
  requestHandler = () => Promise.reject(new Error('request not programmed in this test'));
}

const navigation = (list: string[]) => (options: { url: string }) => {
  list.push(options.url);
  return Promise.resolve({ errMsg: 'ok' });
};

const Taro = {
  request(options: MockRequestOptions): Promise<MockResponse> {
    calls.request.push(options);
    return requestHandler(options);
  },
  getStorageSync(key: string): unknown {
    return storage.has(key) ? storage.get(key) : '';
  },
  setStorageSync(key: string, value: unknown): void {
    storage.set(key, value);
  },
  removeStorageSync(key: string): void {
    storage.delete(key);
  },
  navigateTo: navigation(calls.navigateTo),
  redirectTo: navigation(calls.redirectTo),
  switchTab: navigation(calls.switchTab),
  reLaunch: navigation(calls.reLaunch),
  /** confirms unless a test sets `modalAnswer.confirm = false` */
  showModal(options: { title?: string; content?: string }) {
    calls.modal.push(options.content ?? options.title ?? '');
    return Promise.resolve({ confirm: modalAnswer.confirm, cancel: !modalAnswer.confirm, errMsg: 'ok' });
  },
  showToast(options: { title: string }) {
    calls.toast.push(options.title);
    return Promise.resolve({ errMsg: 'ok' });
  },
  login() {
    return Promise.resolve({ code: 'test-code', errMsg: 'login:ok' });
  },
};

/** In jsdom a page is shown once, when it mounts. */
export function useDidShow(callback: Listener): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => callback(), []);
}

export function useLaunch(callback: Listener): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => callback(), []);
}

export function useLoad(callback: Listener): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => callback(), []);
}

export function usePullDownRefresh(_callback: Listener): void {}

export function stopPullDownRefresh(): void {}

export function getEnv(): string {
  return 'WEB';
}

export default Taro;
