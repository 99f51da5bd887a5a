import { z } from 'zod';
import { loginInputSchema, refreshInputSchema, registerInputSchema, wechatLoginInputSchema } from '@zhiyuan/shared';
import type { Api } from '../../http/api';
import { requireAuth } from '../../policy';
import type { AccountsService } from './accounts.service';

const tokensSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number(),
  tokenType: z.literal('Bearer'),
});
const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string().nullable(),
  mobile: z.string().nullable(),
  regionCode: z.string().nullable(),
  roles: z.array(z.object({ role: z.string(), regionCode: z.string().nullable().optional() })),
  wechatBound: z.boolean(),
  createdAt: z.string(),
});
const sessionSchema = z.object({ user: meSchema, tokens: tokensSchema });

export function accountsRoutes(api: Api, service: AccountsService): void {
  api.route({
    method: 'post',
    path: '/api/accounts',
    summary: '注册账号（用户名、密码、手机号码或电子邮箱）',
    tag: 'accounts',
    access: 'public',
    body: registerInputSchema,
    status: 201,
    response: sessionSchema,
    handler: ({ body }) => service.register(body),
  });

  api.route({
    method: 'post',
    path: '/api/auth/login',
    summary: '用户名密码登录',
    tag: 'accounts',
    access: 'public',
    body: loginInputSchema,
    response: sessionSchema,
    handler: ({ body, ip }) => service.login(body, ip),
  });

  api.route({
    method: 'post',
    path: '/api/auth/wechat',
    summary: '微信小程序登录（jscode2session）',
    tag: 'accounts',
    access: 'public',
    body: wechatLoginInputSchema,
    handler: ({ body }) => service.loginWithWechat(body.code),
  });

  api.route({
    method: 'post',
    path: '/api/auth/refresh',
    summary: '刷新登录凭证（旧的刷新凭证随即失效）',
    tag: 'accounts',
    access: 'public',
    body: refreshInputSchema,
    response: z.object({ tokens: tokensSchema }),
    handler: async ({ body }) => ({ tokens: await service.refresh(body.refreshToken) }),
  });

  api.route({
    method: 'post',
    path: '/api/auth/logout',
    summary: '退出登录',
    tag: 'accounts',
    access: 'public',
    body: refreshInputSchema,
    status: 204,
    handler: ({ body }) => service.logout(body.refreshToken),
  });

  api.route({
    method: 'get',
    path: '/api/me',
    summary: '当前登录的账号',
    tag: 'accounts',
    access: 'user',
    response: meSchema,
    handler: ({ auth }) => service.me(requireAuth(auth).accountId),
  });
}
