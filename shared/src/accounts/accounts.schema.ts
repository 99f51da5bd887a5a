import { z } from 'zod';
import { ACCOUNT_LIMITS as L } from './accounts.limits';

export const usernameSchema = z
  .string({ error: '请填写用户名' })
  .trim()
  .min(L.usernameMin, { error: `用户名至少 ${L.usernameMin} 个字符` })
  .max(L.usernameMax, { error: `用户名最多 ${L.usernameMax} 个字符` })
  .regex(L.usernamePattern, { error: '用户名以字母开头，只能包含字母、数字和下划线' })
  // user names are case-insensitive: stored and compared in lower case
  .transform((u) => u.toLowerCase());

/** A ticket from POST /api/auth/wechat, to bind that WeChat account on sign-up or login. */
const wechatTicketSchema = z.string().min(1).max(2048).optional();

export const passwordSchema = z
  .string({ error: '请填写密码' })
  .min(L.passwordMin, { error: `密码至少 ${L.passwordMin} 位` })
  .max(L.passwordMax, { error: `密码最多 ${L.passwordMax} 位` })
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { error: '密码须同时包含字母和数字' });

export const emailSchema = z
  .string()
  .trim()
  .max(L.emailMax, { error: '电子邮箱过长' })
  .pipe(z.email({ error: '电子邮箱格式不正确，一般格式为：用户名@域名' }))
  .transform((e) => e.toLowerCase());

export const mobileSchema = z.string().trim().regex(L.mobilePattern, { error: '手机号码应为 11 位数字' });

export const regionCodeSchema = z.string().regex(/^\d{6}$/, { error: '地区代码应为 6 位数字' });

/** POST /api/accounts: create an account (the volunteer details come with the volunteers issue). */
export const registerInputSchema = z
  .strictObject({
    username: usernameSchema,
    password: passwordSchema,
    email: emailSchema.optional(),
    mobile: mobileSchema.optional(),
    regionCode: regionCodeSchema.optional(),
    wechatTicket: wechatTicketSchema,
  })
  .refine((v) => v.email !== undefined || v.mobile !== undefined, {
    error: '请填写手机号码或电子邮箱',
    path: ['email'],
  });
export type RegisterInput = z.infer<typeof registerInputSchema>;

/** POST /api/auth/login */
export const loginInputSchema = z.strictObject({
  username: z
    .string({ error: '请填写用户名' })
    .trim()
    .min(1, { error: '请填写用户名' })
    .max(L.usernameMax * 8),
  password: z
    .string({ error: '请填写密码' })
    .min(1, { error: '请填写密码' })
    .max(L.passwordMax * 4),
  wechatTicket: wechatTicketSchema,
});
export type LoginInput = z.infer<typeof loginInputSchema>;

/** POST /api/auth/wechat: the code from `Taro.login()`. */
export const wechatLoginInputSchema = z.strictObject({
  code: z.string({ error: '缺少微信登录凭证' }).min(1).max(128),
});
export type WechatLoginInput = z.infer<typeof wechatLoginInputSchema>;

/** POST /api/auth/refresh and /api/auth/logout */
export const refreshInputSchema = z.strictObject({
  refreshToken: z.string({ error: '缺少刷新凭证' }).min(1).max(2048),
});
export type RefreshInput = z.infer<typeof refreshInputSchema>;
