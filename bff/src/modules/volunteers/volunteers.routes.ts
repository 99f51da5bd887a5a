import { z } from 'zod';
import {
  profileUpdateSchema,
  verificationDecisionSchema,
  VERIFICATION_STATES,
  volunteerIdentitySchema,
  volunteerRegistrationSchema,
} from '@zhiyuan/shared';
import type { Api } from '../../http/api';
import { requireAuth } from '../../policy';
import { pageQuery } from '../admin/admin.routes';
import type { VolunteersService } from './volunteers.service';

const idParams = z.object({ id: z.string().min(1).max(36) });

export function volunteersRoutes(api: Api, service: VolunteersService): void {
  api.route({
    method: 'post',
    path: '/api/volunteers',
    summary: '志愿者实名注册（V-1 … V-4）：账号、证件、真实姓名、联系方式、居住地区；注册后自动进行实名认证',
    tag: 'volunteers',
    access: 'public',
    body: volunteerRegistrationSchema,
    status: 201,
    handler: ({ body }) => service.register(body),
  });

  api.route({
    method: 'post',
    path: '/api/me/volunteer',
    summary: '为已登录的账号完成志愿者实名注册',
    tag: 'volunteers',
    access: 'user',
    body: volunteerIdentitySchema,
    status: 201,
    handler: ({ auth, body }) => service.registerForAccount(requireAuth(auth), body),
  });

  api.route({
    method: 'get',
    path: '/api/me/volunteer',
    summary: '我的志愿者信息与实名认证状态',
    tag: 'volunteers',
    access: 'user',
    handler: ({ auth }) => service.mine(requireAuth(auth)),
  });

  api.route({
    method: 'patch',
    path: '/api/me/volunteer',
    summary: '修改资料（V-7）：联系方式随时可改；姓名仅在未通过实名认证时可改；用户名不可修改',
    tag: 'volunteers',
    access: 'user',
    body: profileUpdateSchema,
    handler: ({ auth, body }) => service.updateMine(requireAuth(auth), body),
  });

  api.route({
    method: 'put',
    path: '/api/me/volunteer/photo',
    summary: '上传证件照片（JPG/PNG，不超过 5 MB，请求体为图片本身），等待人工认证（V-5）',
    tag: 'volunteers',
    access: 'user',
    handler: ({ auth, ctx }) => service.uploadPhoto(requireAuth(auth), ctx),
  });

  api.route({
    method: 'get',
    path: '/api/admin/volunteers',
    summary: '志愿者查询（本地区及下级地区）',
    tag: 'admin',
    access: 'user',
    query: z.strictObject({
      q: z.string().trim().max(50).optional(),
      state: z.enum(VERIFICATION_STATES).optional(),
      ...pageQuery,
    }),
    handler: ({ auth, query }) => service.list(requireAuth(auth), query),
  });

  api.route({
    method: 'get',
    path: '/api/admin/verifications',
    summary: '待人工认证的志愿者（V-5）',
    tag: 'admin',
    access: 'user',
    query: z.strictObject({ ...pageQuery }),
    handler: ({ auth, query }) => service.list(requireAuth(auth), { ...query, state: 'manual_review' }),
  });

  api.route({
    method: 'get',
    path: '/api/admin/volunteers/:id',
    summary: '志愿者详情（本地区管理部门可见完整证件号码，并记入审计日志）',
    tag: 'admin',
    access: 'user',
    params: idParams,
    handler: ({ auth, params }) => service.get(requireAuth(auth), params.id),
  });

  api.route({
    method: 'get',
    path: '/api/admin/volunteers/:id/photo',
    summary: '志愿者上传的证件照片',
    tag: 'admin',
    access: 'user',
    params: idParams,
    handler: async ({ auth, params, ctx }) => {
      const photo = await service.photo(requireAuth(auth), params.id);
      ctx.type = photo.type;
      ctx.set('Cache-Control', 'private, no-store');
      return photo.data;
    },
  });

  api.route({
    method: 'post',
    path: '/api/admin/volunteers/:id/verification',
    summary: '人工认证：通过，或不通过并说明原因（V-5）',
    tag: 'admin',
    access: 'user',
    params: idParams,
    body: verificationDecisionSchema,
    handler: ({ auth, params, body }) => service.decide(requireAuth(auth), params.id, body),
  });

  api.route({
    method: 'post',
    path: '/api/admin/volunteers/:id/freeze',
    summary: '冻结账号（V-7）：不能登录，已登录的会话失效',
    tag: 'admin',
    access: 'user',
    params: idParams,
    handler: ({ auth, params }) => service.setFrozen(requireAuth(auth), params.id, true),
  });

  api.route({
    method: 'post',
    path: '/api/admin/volunteers/:id/unfreeze',
    summary: '解冻账号',
    tag: 'admin',
    access: 'user',
    params: idParams,
    handler: ({ auth, params }) => service.setFrozen(requireAuth(auth), params.id, false),
  });

  api.route({
    method: 'post',
    path: '/api/admin/volunteers/:id/reset-password',
    summary: '重置志愿者密码（V-9），新密码仅显示一次',
    tag: 'admin',
    access: 'user',
    params: idParams,
    handler: ({ auth, params }) => service.resetPassword(requireAuth(auth), params.id),
  });
}
