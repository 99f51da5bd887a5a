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
  clipboard: [] as string[],
  scroll: [] as number[],
};

export const modalAnswer = { confirm: true };

/** What `useRouter().params` and `getCurrentInstance().router.params` answer (the page's query). */
export const routerParams: Record<string, string> = {};

/** What `Taro.chooseImage` / `chooseMessageFile` answer; `null` acts as a cancel. */
export const chooser: {
  image: null | { path: string; size: number; originalFileObj?: Blob & { name?: string } };
  file: null | { path: string; name: string; size: number };
} = { image: null, file: null };

/** Answer every `Taro.request` with `handler`. */
export function mockRequest(handler: RequestHandler): void {
  requestHandler = handler;
}

export function resetTaroMock(): void {
  storage.clear();
  for (const list of Object.values(calls)) list.length = 0;
  modalAnswer.confirm = true;
  for (const key of Object.keys(routerParams)) delete routerParams[key];
  chooser.image = null;
  chooser.file = null;
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
  setClipboardData(options: { data: string }) {
    calls.clipboard.push(options.data);
    return Promise.resolve({ errMsg: 'ok' });
  },
  pageScrollTo(options: { scrollTop?: number }) {
    calls.scroll.push(options.scrollTop ?? 0);
    return Promise.resolve({ errMsg: 'ok' });
  },
  navigateBack() {
    return Promise.resolve({ errMsg: 'ok' });
  },
  chooseImage() {
    const image = chooser.image;
    if (!image) return Promise.reject({ errMsg: 'chooseImage:fail cancel' });
    return Promise.resolve({
      tempFilePaths: [image.path],
      tempFiles: [{ path: image.path, size: image.size, originalFileObj: image.originalFileObj }],
      errMsg: 'chooseImage:ok',
    });
  },
  chooseMessageFile() {
    const file = chooser.file;
    if (!file) return Promise.reject({ errMsg: 'chooseMessageFile:fail cancel' });
    return Promise.resolve({ tempFiles: [{ ...file, type: 'file', time: 0 }], errMsg: 'chooseMessageFile:ok' });
  },
  arrayBufferToBase64(buffer: ArrayBuffer): string {
    return Buffer.from(buffer).toString('base64');
  },
  getCurrentInstance() {
    return { router: { params: routerParams } };
  },
  login() {
    return Promise.resolve({ code: 'test-code', errMsg: 'login:ok' });
  },
};

/** In jsdom a page is shown once, when it mounts… */
export function useDidShow(callback: Listener): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => callback(), []);
}

/** …and hidden when it unmounts. */
export function useDidHide(callback: Listener): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => () => callback(), []);
}

export function useRouter() {
  return { params: routerParams, path: '' };
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
