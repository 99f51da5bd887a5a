/**
 * 数据导入 (A-5, V-3): volunteers from the template spreadsheet. The bff checks every row
 * first and writes nothing when any row is refused; the page follows the job every second and
 * shows the row-by-row report.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { IMPORT_COLUMNS, type ImportJobDto, type ImportStatus } from '@zhiyuan/shared';
import FormAlert from '@/components/FormAlert';
import { fetchImportTemplate, getImport, listImports, startImport } from '@/services/admin';
import {
  checkSpreadsheet,
  downloadInBrowser,
  FileRejected,
  openInWeapp,
  pickSpreadsheetFromChat,
  readBlob,
  XLSX_TYPE,
  type PickedFile,
} from '@/services/files';
import { isApiError } from '@/services/request';
import { isSignedIn } from '@/services/token';
import { flag } from '@/utils/attrs';
import { formatDateTime } from '@/utils/format';
import { ROUTES } from '@/routes';
import AdminState from '../../lib/AdminState';
import FileInput from '../../lib/FileInput';
import { isForbidden, type ListStatus } from '@/hooks/usePagedList';

import './index.scss';

const POLL_MS = 1000;
const STATUS_LABELS: Record<ImportStatus, string> = {
  queued: '排队中',
  running: '导入中',
  succeeded: '导入完成',
  failed: '导入失败',
};
const NOTHING_WRITTEN = '导入未写入任何数据，请修改后重新导入';
const TEMPLATE_NAME = '志愿者导入模板.xlsx';

const active = (job: ImportJobDto | null) => job !== null && (job.status === 'queued' || job.status === 'running');

/**
 * The bff streams the sheet and learns the row count only at its end, so `totalRows` stays
 * null while rows are being checked.
 */
function progressText(job: ImportJobDto): string {
  if (job.totalRows !== null) return `已处理 ${job.processedRows} / ${job.totalRows} 行`;
  return job.processedRows > 0 ? `已检查 ${job.processedRows} 行…` : '正在读取表格…';
}

function sizeOf(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export default function Import() {
  const [status, setStatus] = useState<ListStatus>(() => (isSignedIn() ? 'loading' : 'signed-out'));
  const [loadError, setLoadError] = useState<unknown>(null);
  const [history, setHistory] = useState<ImportJobDto[]>([]);
  const [file, setFile] = useState<PickedFile | null>(null);
  const [job, setJob] = useState<ImportJobDto | null>(null);
  const [busy, setBusy] = useState<'template' | 'pick' | 'upload' | null>(null);
  const [alert, setAlert] = useState<{ message: string; hint?: string } | null>(null);

  const shown = useRef(false);
  const pollTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const jobRef = useRef<ImportJobDto | null>(null);

  const stopPolling = () => {
    if (pollTimer.current) clearTimeout(pollTimer.current);
    pollTimer.current = null;
  };

  const show = useCallback((next: ImportJobDto) => {
    jobRef.current = next;
    setJob(next);
    setHistory((list) =>
      list.some((j) => j.id === next.id) ? list.map((j) => (j.id === next.id ? next : j)) : [next, ...list],
    );
  }, []);

  const poll = useCallback(
    (jobId: string) => {
      stopPolling();
      pollTimer.current = setTimeout(async () => {
        if (!shown.current || jobRef.current?.id !== jobId) return;
        try {
          const next = await getImport(jobId);
          if (!shown.current || jobRef.current?.id !== jobId) return;
          show(next);
          if (active(next)) poll(jobId);
        } catch {
          // a lost poll is retried: the job goes on in the bff either way
          if (shown.current && jobRef.current?.id === jobId) poll(jobId);
        }
      }, POLL_MS);
    },
    [show],
  );

  const loadHistory = useCallback(async () => {
    if (!isSignedIn()) {
      setStatus('signed-out');
      return;
    }
    try {
      const page = await listImports();
      setHistory(page.items);
      setStatus('ready');
    } catch (e) {
      if (isApiError(e) && e.isSignedOut) setStatus('signed-out');
      else if (isForbidden(e)) setStatus('forbidden');
      else {
        setLoadError(e);
        setStatus('error');
      }
    }
  }, []);

  useDidShow(() => {
    shown.current = true;
    void loadHistory();
    // back on the page with an import under way: follow it again
    if (jobRef.current && active(jobRef.current)) poll(jobRef.current.id);
  });

  useDidHide(() => {
    shown.current = false;
    stopPolling();
  });

  useEffect(
    () => () => {
      shown.current = false;
      stopPolling();
    },
    [],
  );

  const fail = (e: unknown, fallback: string) => {
    if (e instanceof FileRejected) setAlert({ message: e.message });
    else if (isApiError(e)) setAlert({ message: e.message, hint: e.hint });
    else setAlert({ message: fallback });
  };

  const downloadTemplate = async () => {
    if (busy) return;
    setAlert(null);
    setBusy('template');
    try {
      const template = await fetchImportTemplate();
      if (process.env.TARO_ENV === 'weapp') await openInWeapp(template.data, TEMPLATE_NAME, 'xlsx');
      else downloadInBrowser(template.data, template.contentType || XLSX_TYPE, TEMPLATE_NAME);
    } catch (e) {
      fail(e, '模板下载失败，请稍后再试');
    } finally {
      setBusy(null);
    }
  };

  const pickInWeapp = async () => {
    if (busy) return;
    setAlert(null);
    setBusy('pick');
    try {
      const picked = await pickSpreadsheetFromChat();
      if (picked) setFile(picked);
    } catch (e) {
      fail(e, '读取文件失败，请重新选择');
    } finally {
      setBusy(null);
    }
  };

  const pickInBrowser = async (chosen: File) => {
    setAlert(null);
    setBusy('pick');
    try {
      setFile(await checkSpreadsheet({ name: chosen.name, size: chosen.size, read: () => readBlob(chosen) }));
    } catch (e) {
      setFile(null);
      fail(e, '读取文件失败，请重新选择');
    } finally {
      setBusy(null);
    }
  };

  const start = async () => {
    if (busy || !file || active(job)) return;
    setAlert(null);
    setBusy('upload');
    try {
      const created = await startImport(file);
      show(created);
      setFile(null);
      if (active(created)) poll(created.id);
    } catch (e) {
      fail(e, '上传失败，请稍后再试');
    } finally {
      setBusy(null);
    }
  };

  const open = async (picked: ImportJobDto) => {
    stopPolling();
    show(picked);
    if (active(picked)) poll(picked.id);
  };

  if (status !== 'ready') {
    return (
      <View className="admin">
        <AdminState status={status} error={loadError} onRetry={() => void loadHistory()} />
      </View>
    );
  }

  const running = active(job);
  const percent =
    job && job.totalRows ? Math.min(100, Math.round((job.processedRows / Math.max(1, job.totalRows)) * 100)) : 0;

  return (
    <View className="admin">
      {alert && <FormAlert message={alert.message} hint={alert.hint} />}

      <View className="admin__section">
        <Text className="admin__title">1. 下载模板</Text>
        <Text className="admin__note">
          按模板填写，每行一位志愿者。列：
          {IMPORT_COLUMNS.map((c) => `${c.header}${c.required ? '（必填）' : ''}`).join('、')}。
        </Text>
        <Button
          id="download-template"
          className="btn btn-plain"
          loading={flag(busy === 'template')}
          disabled={flag(busy !== null)}
          onClick={() => void downloadTemplate()}
        >
          下载模板
        </Button>
      </View>

      <View className="admin__section">
        <Text className="admin__title">2. 选择表格并导入</Text>
        <Text className="admin__note">
          仅支持 .xlsx，不超过 30 MB。
          {process.env.TARO_ENV === 'weapp' ? '请先把表格发送到微信聊天中，再从聊天记录选择。' : ''}
        </Text>
        {process.env.TARO_ENV !== 'weapp' ? (
          <FileInput
            id="import-file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            label={file ? '重新选择文件' : '选择文件'}
            disabled={busy !== null || running}
            onFile={(f) => void pickInBrowser(f)}
          />
        ) : (
          <Button
            id="import-file"
            className="btn btn-plain"
            loading={flag(busy === 'pick')}
            disabled={flag(busy !== null || running)}
            onClick={() => void pickInWeapp()}
          >
            {file ? '重新选择文件' : '从聊天记录选择文件'}
          </Button>
        )}
        {file && (
          <Text id="import-file-name" className="import__file">
            {file.name}（{sizeOf(file.size)}）
          </Text>
        )}
        <Button
          id="start-import"
          className="btn btn-primary import__start"
          loading={flag(busy === 'upload')}
          disabled={flag(!file || busy !== null || running)}
          onClick={() => void start()}
        >
          开始导入
        </Button>
      </View>

      {job && (
        <View className="admin__section" id="import-job" data-status={job.status}>
          <Text className="admin__title">
            {job.fileName} · {STATUS_LABELS[job.status]}
          </Text>
          {running && (
            <View id="import-progress" className="import__progress">
              <View className="import__bar">
                <View
                  className={`import__bar-fill${job.totalRows === null ? ' import__bar-fill--unknown' : ''}`}
                  style={{ width: job.totalRows === null ? '100%' : `${percent}%` }}
                />
              </View>
              <Text className="import__progress-text">{progressText(job)}</Text>
            </View>
          )}
          {job.status === 'succeeded' && (
            <View id="import-result" className="import__result import__result--ok">
              <Text className="import__result-title">导入完成：成功导入 {job.importedRows} 行</Text>
              {job.conflictRows > 0 && (
                <View>
                  <Text className="admin__note">
                    其中 {job.conflictRows} 条记录与已有记录的证件号码相同，已列入冲突记录，请核对后合并。
                  </Text>
                  <Text
                    id="go-conflicts"
                    className="import__link"
                    onClick={() => void Taro.navigateTo({ url: ROUTES.adminConflicts })}
                  >
                    去合并冲突记录 ›
                  </Text>
                </View>
              )}
            </View>
          )}
          {job.status === 'failed' && (
            <View id="import-result" className="import__result import__result--failed">
              <Text className="import__result-title">
                导入失败：共 {job.errorCount} 处问题。{NOTHING_WRITTEN}
              </Text>
              {job.errors.length > 0 && (
                <View id="import-errors" className="import__table">
                  <View className="import__tr import__th">
                    <Text className="import__td import__td--row">行</Text>
                    <Text className="import__td import__td--col">列</Text>
                    <Text className="import__td">问题</Text>
                  </View>
                  {job.errors.map((e, i) => (
                    <View key={`${e.row}-${e.column ?? ''}-${i}`} className="import__tr import-error-row">
                      <Text className="import__td import__td--row">{e.row}</Text>
                      <Text className="import__td import__td--col">{e.column ?? '—'}</Text>
                      <Text className="import__td">{e.message}</Text>
                    </View>
                  ))}
                </View>
              )}
              {job.errorCount > job.errors.length && (
                <Text className="admin__note">
                  只显示前 {job.errors.length} 处问题，请修改后重新导入以查看其余问题。
                </Text>
              )}
            </View>
          )}
        </View>
      )}

      <View className="admin__section" id="import-history">
        <Text className="admin__title">导入记录</Text>
        {history.length === 0 ? (
          <Text className="admin__note">暂无导入记录</Text>
        ) : (
          history.map((h) => (
            <View key={h.id} className="import__history-item" data-id={h.id} onClick={() => void open(h)}>
              <Text className="import__history-name">{h.fileName}</Text>
              <Text className="import__history-meta">
                {STATUS_LABELS[h.status]} · {formatDateTime(h.createdAt)}
                {h.status === 'succeeded' ? ` · ${h.importedRows} 行` : ''}
                {h.status === 'failed' ? ` · ${h.errorCount} 处问题` : ''}
              </Text>
            </View>
          ))
        )}
      </View>
    </View>
  );
}
