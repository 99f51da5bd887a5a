import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { calls, mockRequest, resetTaroMock, type MockRequestOptions } from '../../../../../test/taro-mock';
import { saveTokens } from '@/services/token';
import Import from './index';

const job = (over: Record<string, unknown>) => ({
  id: 'job-1',
  fileName: '东城区志愿者.xlsx',
  status: 'queued',
  totalRows: null,
  processedRows: 0,
  importedRows: 0,
  conflictRows: 0,
  errors: [],
  errorCount: 0,
  createdAt: '2026-11-23T04:00:00.000Z',
  finishedAt: null,
  ...over,
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);

async function flush() {
  await act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  });
}

async function advance(ms: number) {
  act(() => {
    jest.advanceTimersByTime(ms);
  });
  await flush();
}

const text = (id: string) => document.getElementById(id)?.textContent ?? null;

function chooseFile(name: string, content: Uint8Array<ArrayBuffer> = bytes) {
  const input = document.getElementById('import-file') as HTMLInputElement;
  expect(input.tagName).toBe('INPUT');
  expect(input.type).toBe('file');
  fireEvent.change(input, { target: { files: [new File([content], name, { type: XLSX })] } });
}

beforeEach(() => {
  resetTaroMock();
  saveTokens({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, tokenType: 'Bearer' });
});

afterEach(() => jest.useRealTimers());

describe('数据导入 page (A-5)', () => {
  it('uploads the xlsx raw, shows progress every second, then the row-by-row report of a failed import', async () => {
    const replies = [
      job({ status: 'running', totalRows: null, processedRows: 800 }),
      job({ status: 'running', totalRows: 5000, processedRows: 1200 }),
      job({ status: 'running', totalRows: 5000, processedRows: 4000 }),
      job({
        status: 'failed',
        totalRows: 5000,
        processedRows: 5000,
        errorCount: 2,
        errors: [
          { row: 12, column: '证件号码', message: '证件号码校验位不正确，请核对' },
          { row: 40, column: null, message: '与第 12 行的证件号码重复' },
        ],
        finishedAt: '2026-11-23T04:01:00.000Z',
      }),
    ];
    const handler = (o: MockRequestOptions) => {
      if (o.url.startsWith('/api/admin/imports?page=')) {
        return Promise.resolve({ statusCode: 200, data: { items: [], total: 0, page: 1, pageSize: 20 } });
      }
      if (o.method === 'POST') return Promise.resolve({ statusCode: 202, data: job({}) });
      if (o.url === '/api/admin/imports/job-1') return Promise.resolve({ statusCode: 200, data: replies.shift() });
      return Promise.reject(new Error(`unexpected ${o.url}`));
    };
    mockRequest(handler);
    render(<Import />);
    await screen.findByText('导入记录');

    const start = document.getElementById('start-import') as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    chooseFile('东城区志愿者.xlsx');
    await waitFor(() => expect(text('import-file-name')).toBe('东城区志愿者.xlsx（1 KB）'));
    expect(start.disabled).toBe(false);

    jest.useFakeTimers();
    await act(async () => {
      fireEvent.click(start);
    });
    await flush();

    const post = calls.request.find((o) => o.method === 'POST')!;
    expect(post.url).toBe(`/api/admin/imports?fileName=${encodeURIComponent('东城区志愿者.xlsx')}`);
    expect(post.header?.['Content-Type']).toBe(XLSX);
    expect(post.header?.Authorization).toBe('Bearer a1');
    expect(Array.from(new Uint8Array(post.data as ArrayBuffer))).toEqual(Array.from(bytes));

    expect(text('import-progress')).toContain('正在读取表格…');
    expect((document.getElementById('start-import') as HTMLButtonElement).disabled).toBe(true);

    await advance(1000);
    // still checking: the bff knows the row count only at the end of the sheet
    expect(text('import-progress')).toContain('已检查 800 行…');
    await advance(1000);
    expect(text('import-progress')).toContain('已处理 1200 / 5000 行');
    await advance(1000);
    expect(text('import-progress')).toContain('已处理 4000 / 5000 行');
    await advance(1000);

    expect(document.getElementById('import-progress')).toBeNull();
    expect(text('import-result')).toContain('导入未写入任何数据，请修改后重新导入');
    const rows = document.querySelectorAll('#import-errors .import-error-row');
    expect(rows).toHaveLength(2);
    expect(Array.from(rows[0]!.children).map((c) => c.textContent)).toEqual([
      '12',
      '证件号码',
      '证件号码校验位不正确，请核对',
    ]);
    expect(Array.from(rows[1]!.children).map((c) => c.textContent)).toEqual(['40', '—', '与第 12 行的证件号码重复']);

    // no more polling once finished
    const polls = calls.request.filter((o) => o.url === '/api/admin/imports/job-1').length;
    await advance(5000);
    expect(calls.request.filter((o) => o.url === '/api/admin/imports/job-1')).toHaveLength(polls);
  });

  it('reports a finished import with its conflicts', async () => {
    mockRequest((o) => {
      if (o.method === 'POST')
        return Promise.resolve({
          statusCode: 202,
          data: job({ status: 'succeeded', totalRows: 3, processedRows: 3, importedRows: 3, conflictRows: 1 }),
        });
      return Promise.resolve({ statusCode: 200, data: { items: [], total: 0, page: 1, pageSize: 20 } });
    });
    render(<Import />);
    await screen.findByText('导入记录');
    chooseFile('a.xlsx');
    await waitFor(() => expect(text('import-file-name')).not.toBeNull());
    await act(async () => {
      fireEvent.click(document.getElementById('start-import')!);
    });

    await waitFor(() => expect(text('import-result')).toContain('导入完成：成功导入 3 行'));
    fireEvent.click(document.getElementById('go-conflicts')!);
    expect(calls.navigateTo).toEqual(['/packages/admin/pages/conflicts/index']);
  });

  it('refuses a file that is not .xlsx before uploading', async () => {
    mockRequest(() => Promise.resolve({ statusCode: 200, data: { items: [], total: 0, page: 1, pageSize: 20 } }));
    render(<Import />);
    await screen.findByText('导入记录');

    chooseFile('名单.xls');

    await waitFor(() => expect(text('form-error')).toBe('请上传 .xlsx 格式的表格（可下载导入模板）'));
    expect(document.getElementById('import-file-name')).toBeNull();
    expect((document.getElementById('start-import') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the bff refusal of the upload with its hint', async () => {
    mockRequest((o) =>
      o.method === 'POST'
        ? Promise.resolve({
            statusCode: 400,
            data: {
              error: {
                code: 'IMPORT.FILE_INVALID',
                message: '请上传 .xlsx 格式的表格（可下载导入模板）',
                hint: '表头须与模板一致',
                requestId: 'r',
              },
            },
          })
        : Promise.resolve({ statusCode: 200, data: { items: [], total: 0, page: 1, pageSize: 20 } }),
    );
    render(<Import />);
    await screen.findByText('导入记录');
    chooseFile('a.xlsx');
    await waitFor(() => expect(text('import-file-name')).not.toBeNull());
    await act(async () => {
      fireEvent.click(document.getElementById('start-import')!);
    });

    await waitFor(() => expect(text('form-hint')).toBe('表头须与模板一致'));
  });

  it('a non-admin sees 没有权限', async () => {
    mockRequest(() =>
      Promise.resolve({
        statusCode: 403,
        data: { error: { code: 'AUTH.FORBIDDEN', message: '没有权限进行此操作', requestId: 'r' } },
      }),
    );
    render(<Import />);
    await screen.findByText('没有权限');
    expect(document.getElementById('start-import')).toBeNull();
  });
});
