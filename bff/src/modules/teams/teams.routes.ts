import { z } from 'zod';
import {
  regionAuthoritySchema,
  regionCodeSchema,
  teamRegistrationSchema,
  teamReviewSchema,
  teamSettingsSchema,
} from '@zhiyuan/shared';
import type { Api } from '../../http/api';
import { requireAuth } from '../../policy';
import { pageQuery } from '../admin/admin.routes';
import type { TeamsService } from './teams.service';

const idParams = z.object({ id: z.string().min(1).max(36) });

export function teamsRoutes(api: Api, service: TeamsService): void {
  api.route({
    method: 'post',
    path: '/api/teams',
    summary: '志愿团体注册（T-1 登记状态、T-2 联络团体、T-3 名称）；申请人成为第一位管理员，等待审核',
    tag: 'teams',
    access: 'user',
    body: teamRegistrationSchema,
    status: 201,
    handler: ({ auth, body }) => service.register(requireAuth(auth), body),
  });

  api.route({
    method: 'get',
    path: '/api/teams',
    summary: '志愿团体（已通过审核），可按名称和地区查找',
    tag: 'teams',
    access: 'public',
    query: z.strictObject({
      q: z.string().trim().max(50).optional(),
      regionCode: regionCodeSchema.optional(),
      ...pageQuery,
    }),
    handler: ({ query }) => service.search(query),
  });

  api.route({
    method: 'get',
    path: '/api/teams/mine',
    summary: '我的团队（含待审核的）',
    tag: 'teams',
    access: 'user',
    handler: ({ auth }) => service.mine(requireAuth(auth)),
  });

  api.route({
    method: 'get',
    path: '/api/teams/liaison-candidates',
    summary: '可选的联络团体（T-2）：已获授权、在本地区或上一级地区',
    tag: 'teams',
    access: 'user',
    query: z.strictObject({ regionCode: regionCodeSchema, q: z.string().trim().max(50).optional() }),
    handler: ({ query }) => service.liaisonCandidates(query.regionCode, query.q),
  });

  api.route({
    method: 'get',
    path: '/api/teams/:id',
    summary: '志愿团体主页；待审核的团体仅其成员和审核方可见',
    tag: 'teams',
    access: 'public',
    params: idParams,
    handler: ({ auth, params }) => service.get(auth, params.id),
  });

  api.route({
    method: 'put',
    path: '/api/teams/:id/certificate',
    summary: '上传登记证书照片（JPG/PNG，请求体为图片本身）',
    tag: 'teams',
    access: 'user',
    params: idParams,
    handler: ({ auth, params, ctx }) => service.uploadCertificate(requireAuth(auth), params.id, ctx),
  });

  api.route({
    method: 'get',
    path: '/api/teams/:id/certificate',
    summary: '登记证书照片（团体管理员与审核方）',
    tag: 'teams',
    access: 'user',
    params: idParams,
    handler: async ({ auth, params, ctx }) => {
      const photo = await service.certificate(requireAuth(auth), params.id);
      ctx.type = photo.type;
      ctx.set('Cache-Control', 'private, no-store');
      return photo.data;
    },
  });

  api.route({
    method: 'post',
    path: '/api/teams/:id/remind',
    summary: '提醒审核（T-5）：等待超过 4 天后可用，每天一次',
    tag: 'teams',
    access: 'user',
    params: idParams,
    status: 204,
    handler: ({ auth, params }) => service.remind(requireAuth(auth), params.id),
  });

  api.route({
    method: 'patch',
    path: '/api/teams/:id/settings',
    summary: '团体设置：成员加入方式（T-6）、群机器人、联系方式、所属单位',
    tag: 'teams',
    access: 'user',
    params: idParams,
    body: teamSettingsSchema,
    handler: ({ auth, params, body }) => service.updateSettings(requireAuth(auth), params.id, body),
  });

  api.route({
    method: 'get',
    path: '/api/reviews/teams',
    summary: '待我审核的志愿团体（联络团体管理员，或作为登记机关的管理部门）',
    tag: 'teams',
    access: 'user',
    query: z.strictObject({ ...pageQuery }),
    handler: ({ auth, query }) => service.reviewQueue(requireAuth(auth), query.page, query.pageSize),
  });

  api.route({
    method: 'post',
    path: '/api/reviews/teams/:id',
    summary: '审核志愿团体（T-4）：通过，或不通过并说明原因',
    tag: 'teams',
    access: 'user',
    params: idParams,
    body: teamReviewSchema,
    handler: ({ auth, params, body }) => service.review(requireAuth(auth), params.id, body),
  });

  api.route({
    method: 'post',
    path: '/api/admin/teams/:id/liaison-authorization',
    summary: '授权（或取消授权）志愿团体开展下一级团体注册，作为联络团体（T-2）',
    tag: 'admin',
    access: 'user',
    params: idParams,
    body: z.strictObject({ accepts: z.boolean({ error: '请说明授权或取消授权' }) }),
    handler: ({ auth, params, body }) => service.authorizeLiaison(requireAuth(auth), params.id, body.accepts),
  });

  api.route({
    method: 'get',
    path: '/api/admin/authorities/:regionCode',
    summary: '地区的登记机关（名称、联系方式、群机器人），本地区管理部门可见',
    tag: 'admin',
    access: 'user',
    params: z.object({ regionCode: regionCodeSchema }),
    handler: ({ auth, params }) => service.authorityFor(requireAuth(auth), params.regionCode),
  });

  api.route({
    method: 'put',
    path: '/api/admin/authorities/:regionCode',
    summary: '设置地区的登记机关（T-1、T-5）',
    tag: 'admin',
    access: 'user',
    params: z.object({ regionCode: regionCodeSchema }),
    body: regionAuthoritySchema,
    handler: ({ auth, params, body }) => service.saveAuthority(requireAuth(auth), params.regionCode, body),
  });
}
