import { z } from 'zod';
import { regionCodeSchema } from '@zhiyuan/shared';
import type { Api } from '../../http/api';
import type { RegionsService } from './regions.service';

const regionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['province', 'city', 'county']),
  parentCode: z.string().nullable(),
  population: z.number().nullable(),
  childCount: z.number(),
});

export function regionsRoutes(api: Api, service: RegionsService): void {
  api.route({
    method: 'get',
    path: '/api/regions',
    summary: '行政区划（GB/T 2260）：不带 parent 返回省级，带 parent 返回其下一级',
    tag: 'regions',
    access: 'public',
    query: z.strictObject({ parent: regionCodeSchema.optional() }),
    response: z.object({ items: z.array(regionSchema) }),
    handler: async ({ query, ctx }) => {
      ctx.set('Cache-Control', 'public, max-age=3600');
      return { items: await service.children(query.parent ?? null) };
    },
  });

  api.route({
    method: 'get',
    path: '/api/regions/:code',
    summary: '一个地区及其上级路径',
    tag: 'regions',
    access: 'public',
    params: z.object({ code: regionCodeSchema }),
    response: regionSchema.extend({ path: z.array(regionSchema) }),
    handler: ({ params }) => service.get(params.code),
  });
}
