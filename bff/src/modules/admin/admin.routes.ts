import { z } from 'zod';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '@zhiyuan/shared';
import type { Api } from '../../http/api';
import { requireAuth } from '../../policy';
import type { AdminService } from './admin.service';

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT),
};

export function adminRoutes(api: Api, service: AdminService): void {
  api.route({
    method: 'get',
    path: '/api/admin/outbox',
    summary: '消息发送记录（可按状态筛选，失败的消息在此可见）',
    tag: 'admin',
    access: 'user',
    query: z.strictObject({ status: z.enum(['pending', 'sent', 'failed']).optional(), ...pageQuery }),
    handler: ({ auth, query }) => service.outbox(requireAuth(auth), query.status, query.page, query.pageSize),
  });

  api.route({
    method: 'post',
    path: '/api/admin/outbox/:id/retry',
    summary: '重新发送一条失败的消息',
    tag: 'admin',
    access: 'user',
    params: z.object({ id: z.string().min(1).max(36) }),
    status: 204,
    handler: ({ auth, params }) => service.retryOutbox(requireAuth(auth), params.id),
  });

  api.route({
    method: 'get',
    path: '/api/admin/jobs',
    summary: '定时任务及其最近一次运行',
    tag: 'admin',
    access: 'user',
    handler: ({ auth }) => service.jobs(requireAuth(auth)),
  });
}
