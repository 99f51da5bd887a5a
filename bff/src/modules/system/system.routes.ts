import { z } from 'zod';
import type { Api } from '../../http/api';
import type { AppDeps } from '../../deps';

export function systemRoutes(api: Api, deps: AppDeps): void {
  api.route({
    method: 'get',
    path: '/healthz',
    summary: '健康检查：数据库可用时返回 ok',
    tag: 'system',
    access: 'public',
    response: z.object({ status: z.literal('ok'), db: z.string() }),
    handler: async ({ ctx }) => {
      try {
        await deps.db.query('SELECT 1');
      } catch {
        ctx.status = 503;
        ctx.body = { status: 'unavailable', db: 'down' };
        return ctx.body;
      }
      ctx.set('Cache-Control', 'no-store');
      return { status: 'ok', db: deps.db.options.type };
    },
  });

  api.route({
    method: 'get',
    path: '/api/openapi.json',
    summary: '本接口的 OpenAPI 3.1 文档',
    tag: 'system',
    access: 'public',
    handler: async () => api.openApiDocument(),
  });
}
