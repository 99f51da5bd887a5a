import { z } from 'zod';
import {
  emailSchema,
  mobileSchema,
  passwordSchema,
  regionCodeSchema,
  usernameSchema,
} from '../accounts/accounts.schema';
import { DOCUMENT_TYPES, normalizeDocumentNumber } from './identity.rules';

export const REAL_NAME_MAX = 50;

export const realNameSchema = z
  .string({ error: '请填写真实姓名' })
  .trim()
  .min(2, { error: '请填写与证件一致的真实姓名' })
  .max(REAL_NAME_MAX, { error: `姓名最多 ${REAL_NAME_MAX} 个字` })
  .regex(/^[\u3400-\u9fffA-Za-z·•.\s-]+$/u, { error: '姓名只能包含汉字、字母、间隔号' });

export const documentTypeSchema = z.enum(DOCUMENT_TYPES, { error: '请选择证件类型' });

export const documentNumberSchema = z
  .string({ error: '请填写证件号码' })
  .transform(normalizeDocumentNumber)
  .pipe(z.string().min(5, { error: '请填写证件号码' }).max(32, { error: '证件号码过长' }));

const tags = z.array(z.string().trim().min(1).max(20)).max(20).default([]);

export const guardianSchema = z.strictObject({
  name: realNameSchema,
  mobile: mobileSchema,
  consent: z.literal(true, { error: '请由监护人同意后勾选' }),
});

const identityShape = {
  documentType: documentTypeSchema,
  documentNumber: documentNumberSchema,
  realName: realNameSchema,
  mobile: mobileSchema.optional(),
  email: emailSchema.optional(),
  regionCode: regionCodeSchema,
  address: z.string().trim().max(200).optional(),
  skills: tags,
  serviceCategories: tags,
  guardian: guardianSchema.optional(),
  consent: z.literal(true, { error: '请阅读并同意《用户协议》和《隐私政策》' }),
};

const hasContact = (v: { email?: string | undefined; mobile?: string | undefined }) =>
  v.email !== undefined || v.mobile !== undefined;
const contactMessage = { error: '请填写手机号码或电子邮箱', path: ['mobile'] };

/**
 * POST /api/volunteers: real-name registration with a new account (V-1). The document
 * number is checked by `checkDocument` in the service, which knows today in the configured zone.
 */
export const volunteerRegistrationSchema = z
  .strictObject({
    username: usernameSchema,
    password: passwordSchema,
    ...identityShape,
    wechatTicket: z.string().min(1).max(2048).optional(),
  })
  .refine(hasContact, contactMessage);

/** POST /api/me/volunteer: the same registration for an account that exists. */
export const volunteerIdentitySchema = z.strictObject(identityShape).refine(hasContact, contactMessage);
export type VolunteerIdentityInput = z.infer<typeof volunteerIdentitySchema>;
export type VolunteerRegistrationInput = z.infer<typeof volunteerRegistrationSchema>;

/** PATCH /api/me/volunteer (V-7): contact details always; the real name only before verification. */
export const profileUpdateSchema = z
  .strictObject({
    realName: realNameSchema.optional(),
    mobile: mobileSchema.nullable().optional(),
    email: emailSchema.nullable().optional(),
    address: z.string().trim().max(200).nullable().optional(),
    regionCode: regionCodeSchema.optional(),
    skills: z.array(z.string().trim().min(1).max(20)).max(20).optional(),
    serviceCategories: z.array(z.string().trim().min(1).max(20)).max(20).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { error: '没有要修改的内容' });
export type ProfileUpdateInput = z.infer<typeof profileUpdateSchema>;

/** Manual verification decision by a regional admin (V-5). */
export const verificationDecisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('verify') }),
  z.strictObject({
    decision: z.literal('reject'),
    reason: z.string({ error: '请填写不通过的原因' }).trim().min(2, { error: '请填写不通过的原因' }).max(200),
  }),
]);

/** V-9: forgotten password through the registered e-mail. */
export const passwordResetRequestSchema = z.strictObject({ email: emailSchema });
export const passwordResetConfirmSchema = z.strictObject({
  email: emailSchema,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { error: '验证码为 6 位数字' }),
  newPassword: passwordSchema,
});

export const mergeSchema = z.strictObject({
  keepId: z.string().min(1).max(36),
  mergeIds: z.array(z.string().min(1).max(36)).min(1).max(20),
});
