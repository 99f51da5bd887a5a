import { z } from 'zod';
import { DOCUMENT_TYPES, invitationSchema, joinRequestSchema, type DocumentType } from '@zhiyuan/shared';
import type { Api } from '../../http/api';
import { requireAuth } from '../../policy';
import { pageQuery } from '../admin/admin.routes';
import type { MembershipService } from './membership.service';

const id = z.string().min(1).max(36);
const teamParams = z.object({ id });
const requestParams = z.object({ id, requestId: id });
const memberParams = z.object({ id, accountId: id });

const decisionSchema = z.strictObject({ decision: z.enum(['approve', 'reject'], { error: '请选择同意或拒绝' }) });
const roleSchema = z.strictObject({ role: z.enum(['admin', 'member'], { error: '请选择管理员或普通成员' }) });
const answerSchema = z.strictObject({ accept: z.boolean({ error: '请选择接受或拒绝邀请' }) });
/** T-6: the document type of an invitation by document, when given, is one the product knows. */
const invitationBody = invitationSchema.superRefine((v, ctx) => {
  if (v.documentType !== undefined && !(DOCUMENT_TYPES as readonly string[]).includes(v.documentType)) {
    ctx.addIssue({ code: 'custom', path: ['documentType'], message: '请选择证件类型' });
  }
});

/** Joining, invitations and members of a team (T-6, T-7), and the password reset of V-9 by a team admin. */
export function membershipRoutes(api: Api, service: MembershipService): void {
  api.route({
    method: 'post',
    path: '/api/teams/:id/join',
    summary: '申请加入志愿团体（T-6）：拒绝任何人加入 / 需要审核 / 允许任何人加入',
    tag: 'teams',
    access: 'user',
    params: teamParams,
    body: joinRequestSchema,
    status: 201,
    handler: ({ auth, params, body }) => service.join(requireAuth(auth), params.id, body),
  });

  api.route({
    method: 'get',
    path: '/api/teams/:id/join-requests',
    summary: '团体的加入申请与邀请（团体管理员）',
    tag: 'teams',
    access: 'user',
    params: teamParams,
    query: z.strictObject({
      status: z.enum(['pending', 'approved', 'rejected', 'cancelled']).optional(),
      kind: z.enum(['request', 'invitation']).optional(),
      ...pageQuery,
    }),
    handler: ({ auth, params, query }) => service.joinRequests(requireAuth(auth), params.id, query),
  });

  api.route({
    method: 'post',
    path: '/api/teams/:id/join-requests/:requestId',
    summary: '审核加入申请：同意或拒绝（团体管理员）；申请人会收到通知',
    tag: 'teams',
    access: 'user',
    params: requestParams,
    body: decisionSchema,
    handler: ({ auth, params, body }) => service.decide(requireAuth(auth), params.id, params.requestId, body.decision),
  });

  api.route({
    method: 'post',
    path: '/api/teams/:id/invitations',
    summary: '邀请志愿者加入团体（T-6）：按志愿者编号，或按证件类型和证件号码',
    tag: 'teams',
    access: 'user',
    params: teamParams,
    body: invitationBody,
    status: 201,
    handler: ({ auth, params, body }) =>
      service.invite(requireAuth(auth), params.id, {
        volunteerNumber: body.volunteerNumber || undefined,
        documentType: body.documentType as DocumentType | undefined,
        documentNumber: body.documentNumber || undefined,
      }),
  });

  api.route({
    method: 'get',
    path: '/api/me/invitations',
    summary: '我收到的、待回复的团体邀请',
    tag: 'teams',
    access: 'user',
    handler: ({ auth }) => service.myInvitations(requireAuth(auth)),
  });

  api.route({
    method: 'post',
    path: '/api/me/invitations/:requestId',
    summary: '接受或拒绝团体邀请；接受后即成为该团体成员',
    tag: 'teams',
    access: 'user',
    params: z.object({ requestId: id }),
    body: answerSchema,
    status: 204,
    handler: ({ auth, params, body }) => service.answerInvitation(requireAuth(auth), params.requestId, body.accept),
  });

  api.route({
    method: 'get',
    path: '/api/teams/:id/members',
    summary: '团体成员（团体管理员）；可按用户名、姓名或志愿者编号查找',
    tag: 'teams',
    access: 'user',
    params: teamParams,
    query: z.strictObject({ q: z.string().trim().max(50).optional(), ...pageQuery }),
    handler: ({ auth, params, query }) => service.members(requireAuth(auth), params.id, query),
  });

  api.route({
    method: 'patch',
    path: '/api/teams/:id/members/:accountId',
    summary: '设为管理员或普通成员（T-7）；团体至少保留一名管理员',
    tag: 'teams',
    access: 'user',
    params: memberParams,
    body: roleSchema,
    handler: ({ auth, params, body }) => service.setRole(requireAuth(auth), params.id, params.accountId, body.role),
  });

  api.route({
    method: 'delete',
    path: '/api/teams/:id/members/:accountId',
    summary: '移除成员（T-7）；已记录的志愿服务时间保留',
    tag: 'teams',
    access: 'user',
    params: memberParams,
    status: 204,
    handler: ({ auth, params }) => service.remove(requireAuth(auth), params.id, params.accountId),
  });

  api.route({
    method: 'post',
    path: '/api/teams/:id/leave',
    summary: '退出志愿团体（T-7）；已记录的志愿服务时间保留',
    tag: 'teams',
    access: 'user',
    params: teamParams,
    status: 204,
    handler: ({ auth, params }) => service.leave(requireAuth(auth), params.id),
  });

  api.route({
    method: 'post',
    path: '/api/teams/:id/members/:accountId/reset-password',
    summary: '团体管理员为成员重置密码（V-9），新密码仅显示一次',
    tag: 'teams',
    access: 'user',
    params: memberParams,
    handler: ({ auth, params }) => service.resetPassword(requireAuth(auth), params.id, params.accountId),
  });
}
