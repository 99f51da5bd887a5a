import { z } from 'zod';
import { passwordResetConfirmSchema, passwordResetRequestSchema } from '@zhiyuan/shared';
import type { Api } from '../../http/api';
import type { PasswordResetService } from './password-reset.service';

export function passwordResetRoutes(api: Api, service: PasswordResetService): void {
  api.route({
    method: 'post',
    path: '/api/auth/password-reset',
    summary: '忘记密码：向注册邮箱发送验证码（无论邮箱是否注册，答复相同）',
    tag: 'accounts',
    access: 'public',
    body: passwordResetRequestSchema,
    status: 202,
    response: z.object({ sent: z.literal(true) }),
    handler: ({ body }) => service.request(body.email),
  });

  api.route({
    method: 'post',
    path: '/api/auth/password-reset/confirm',
    summary: '忘记密码：以邮箱验证码设置新密码（其他登录随即失效）',
    tag: 'accounts',
    access: 'public',
    body: passwordResetConfirmSchema,
    status: 204,
    handler: ({ body }) => service.confirm(body),
  });
}
