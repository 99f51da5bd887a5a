import { z } from 'zod';
import { mergeSchema } from '@zhiyuan/shared';
import type { Api } from '../../http/api';
import { requireAuth } from '../../policy';
import { pageQuery } from '../admin/admin.routes';
import type { ConflictsService } from './conflicts.service';

export function conflictsRoutes(api: Api, service: ConflictsService): void {
  api.route({
    method: 'get',
    path: '/api/admin/conflicts',
    summary: '重复记录（V-4）：同一证件号码有两条或以上记录，且其中有本地区的记录；证件号码已脱敏',
    tag: 'admin',
    access: 'user',
    query: z.strictObject({ ...pageQuery }),
    handler: ({ auth, query }) => service.list(requireAuth(auth), query.page, query.pageSize),
  });

  api.route({
    method: 'post',
    path: '/api/admin/conflicts/merge',
    summary:
      '合并重复记录（V-4、A-6）：被合并的记录保留并指向保留的记录，历史服务时长相加，账号随之转移；最多一条记录关联账号。返回保留的记录',
    tag: 'admin',
    access: 'user',
    body: mergeSchema,
    handler: ({ auth, body }) => service.merge(requireAuth(auth), body),
  });
}
