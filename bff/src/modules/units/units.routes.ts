import { z } from 'zod';
import { regionCodeSchema, unitSchema } from '@zhiyuan/shared';
import type { Api } from '../../http/api';
import { requireAuth } from '../../policy';
import { pageQuery } from '../admin/admin.routes';
import type { UnitsService } from './units.service';

const idParams = z.object({ id: z.string().min(1).max(36) });
const unitChangeSchema = unitSchema.partial().refine((v) => Object.keys(v).length > 0, { error: '没有要修改的内容' });

/** Work units (T-8) and their registration ratio. */
export function unitsRoutes(api: Api, service: UnitsService): void {
  api.route({
    method: 'post',
    path: '/api/units',
    summary: '登记单位（T-8）：名称、文明单位级别、职工人数、所在地区（团体管理员；管理部门限本地区）',
    tag: 'units',
    access: 'user',
    body: unitSchema,
    status: 201,
    handler: ({ auth, body }) => service.create(requireAuth(auth), body),
  });

  api.route({
    method: 'get',
    path: '/api/units',
    summary: '查找单位（按名称，可限定地区及其下级地区）',
    tag: 'units',
    access: 'user',
    query: z.strictObject({
      q: z.string().trim().max(100).optional(),
      regionCode: regionCodeSchema.optional(),
      ...pageQuery,
    }),
    handler: ({ auth, query }) => {
      requireAuth(auth);
      return service.list(query);
    },
  });

  api.route({
    method: 'patch',
    path: '/api/units/:id',
    summary: '修改单位信息（登记人，或本地区管理部门）',
    tag: 'units',
    access: 'user',
    params: idParams,
    body: unitChangeSchema,
    handler: ({ auth, params, body }) => service.update(requireAuth(auth), params.id, body),
  });

  api.route({
    method: 'get',
    path: '/api/units/:id/ratio',
    summary: '单位注册率（A-2）：已注册（通过实名认证）的职工占职工总数的比例，及其文明单位级别的目标',
    tag: 'units',
    access: 'user',
    params: idParams,
    handler: ({ auth, params }) => {
      requireAuth(auth);
      return service.ratio(params.id);
    },
  });

  api.route({
    method: 'put',
    path: '/api/me/unit',
    summary: '志愿者填写所在单位（T-8），unitId 为 null 表示不属于任何单位',
    tag: 'units',
    access: 'user',
    body: z.strictObject({ unitId: z.string().min(1).max(36).nullable() }),
    status: 204,
    handler: ({ auth, body }) => service.setMyUnit(requireAuth(auth), body.unitId),
  });
}
