import { z } from 'zod';
import { DomainError } from '@zhiyuan/shared';
import type { Api } from '../../http/api';
import { readRawBody } from '../../http/raw-body';
import { requireAuth } from '../../policy';
import { pageQuery } from '../admin/admin.routes';
import { IMPORT_LIMITS } from './import-rows';
import type { ImportsService } from './imports.service';
import { attachment, TEMPLATE_FILE_NAME } from './template';
import { XLSX_MIME } from './xlsx';

const rowError = z.object({ row: z.number(), column: z.string().nullable(), message: z.string() });
const importJob = z.object({
  id: z.string(),
  fileName: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  totalRows: z.number().nullable(),
  processedRows: z.number(),
  importedRows: z.number(),
  conflictRows: z.number(),
  errors: z.array(rowError),
  errorCount: z.number(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

/** The upload is the body itself; browsers that cannot name the type send octet-stream. */
const ACCEPTED_TYPES = [XLSX_MIME, 'application/octet-stream'];

export function importsRoutes(api: Api, service: ImportsService): void {
  // before /:id, which would otherwise take "template.xlsx" for an id
  api.route({
    method: 'get',
    path: '/api/admin/imports/template.xlsx',
    summary: '下载志愿者导入模板（.xlsx：表头、示例行、填写说明）',
    tag: 'imports',
    access: 'user',
    handler: async ({ auth, ctx }) => {
      const file = await service.template(requireAuth(auth));
      ctx.type = XLSX_MIME;
      ctx.set('Content-Disposition', attachment(TEMPLATE_FILE_NAME, 'volunteer-import-template.xlsx'));
      ctx.set('Cache-Control', 'private, max-age=3600');
      return file;
    },
  });

  api.route({
    method: 'post',
    path: '/api/admin/imports',
    summary:
      '导入志愿者（A-5）：请求体为 .xlsx 文件本身（Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet，不超过 30 MB）。立即返回 202 和导入任务，在后台逐行检查后整体写入或整体不写入',
    tag: 'imports',
    access: 'user',
    query: z.strictObject({ fileName: z.string().trim().min(1).max(200).default('志愿者导入.xlsx') }),
    status: 202,
    response: importJob,
    handler: ({ auth, query, ctx }) =>
      service.start(requireAuth(auth), query.fileName, async () => {
        // the JSON body parser only reads JSON types, so this body is still unread here
        if (ctx.request.type && !ACCEPTED_TYPES.includes(ctx.request.type))
          throw new DomainError('IMPORT.UNSUPPORTED_MEDIA_TYPE');
        return readRawBody(ctx, IMPORT_LIMITS.fileBytes, 'IMPORT.FILE_TOO_LARGE');
      }),
  });

  api.route({
    method: 'get',
    path: '/api/admin/imports',
    summary: '导入任务（本人及本地区的；每个任务列出前 10 条错误）',
    tag: 'imports',
    access: 'user',
    query: z.strictObject({ ...pageQuery }),
    response: z.object({ items: z.array(importJob), total: z.number(), page: z.number(), pageSize: z.number() }),
    handler: ({ auth, query }) => service.list(requireAuth(auth), query.page, query.pageSize),
  });

  api.route({
    method: 'get',
    path: '/api/admin/imports/:id',
    summary: '一个导入任务：进度（processedRows / totalRows）、结果和被拒绝的行（第几行、哪一列、原因）',
    tag: 'imports',
    access: 'user',
    params: z.object({ id: z.string().min(1).max(36) }),
    response: importJob,
    handler: ({ auth, params }) => service.get(requireAuth(auth), params.id),
  });
}
