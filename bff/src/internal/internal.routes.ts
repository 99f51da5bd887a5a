import { z } from 'zod';
import type { Api } from '../http/api';
import type { AppDeps } from '../deps';
import { OutboxService } from '../modules/notifications/outbox.service';
import { runJob } from './jobs';

const owner = z.string().min(1).max(100);
const idParams = z.object({ id: z.string().min(1).max(36) });

/** The endpoints the bot calls, guarded by the shared secret. */
export function internalRoutes(api: Api, deps: AppDeps): void {
  const outbox = new OutboxService(deps);

  api.route({
    method: 'post',
    path: '/internal/outbox/claim',
    summary: '机器人领取一批待发送消息（租约）',
    tag: 'internal',
    access: 'internal',
    body: z.strictObject({
      owner,
      limit: z.number().int().min(1).max(1000),
      leaseSeconds: z.number().int().min(5).max(3600),
    }),
    handler: async ({ body }) => ({ messages: await outbox.claim(body) }),
  });

  api.route({
    method: 'post',
    path: '/internal/outbox/:id/ack',
    summary: '确认消息已送达',
    tag: 'internal',
    access: 'internal',
    params: idParams,
    body: z.strictObject({ owner }),
    status: 204,
    handler: ({ params, body }) => outbox.ack(params.id, body.owner),
  });

  api.route({
    method: 'post',
    path: '/internal/outbox/:id/fail',
    summary: '报告发送失败（按退避重试，或标记为失败）',
    tag: 'internal',
    access: 'internal',
    params: idParams,
    body: z.strictObject({ owner, error: z.string().max(4000), permanent: z.boolean().optional() }),
    handler: ({ params, body }) => outbox.fail(params.id, body),
  });

  api.route({
    method: 'post',
    path: '/internal/jobs/:name/run',
    summary: '运行一个定时任务（租约保证同一时刻只有一个机器人运行）',
    tag: 'internal',
    access: 'internal',
    params: z.object({ name: z.string().min(1).max(64) }),
    body: z.strictObject({ owner }),
    handler: ({ params, body }) => runJob(deps, params.name, body.owner),
  });
}
