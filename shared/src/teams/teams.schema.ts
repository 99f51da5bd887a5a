import { z } from 'zod';
import { emailSchema, mobileSchema, regionCodeSchema } from '../accounts/accounts.schema';
import { JOIN_MODES, REGISTRATION_STATUSES, ROBOT_KINDS, UNIT_LEVELS } from './teams.types';

const tags = z.array(z.string().trim().min(1).max(20)).max(20).default([]);

/** POST /api/teams: 志愿团体注册 (T-1, T-2, T-3). The name and credit code are checked by the rules in the service. */
export const teamRegistrationSchema = z
  .strictObject({
    name: z
      .string({ error: '请填写团体名称' })
      .trim()
      .min(1, { error: '请填写团体名称' })
      .max(50, { error: '团体名称最多 50 个字' }),
    registrationStatus: z.enum(REGISTRATION_STATUSES, { error: '请选择登记状态' }),
    regionCode: regionCodeSchema,
    address: z.string({ error: '请填写地址' }).trim().min(2, { error: '请填写地址' }).max(200),
    contactName: z.string({ error: '请填写联系人' }).trim().min(2, { error: '请填写联系人' }).max(50),
    contactPhone: mobileSchema,
    contactEmail: emailSchema,
    serviceCategories: tags,
    description: z.string().trim().max(2000).optional(),
    creditCode: z.string().trim().max(30).optional(),
    liaisonTeamId: z.string().min(1).max(36).optional(),
    unitId: z.string().min(1).max(36).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.registrationStatus === 'registered_org' && !v.creditCode) {
      ctx.addIssue({ code: 'custom', path: ['creditCode'], message: '已登记的社会组织请填写统一社会信用代码' });
    }
    if (v.registrationStatus === 'unregistered' && !v.liaisonTeamId) {
      ctx.addIssue({ code: 'custom', path: ['liaisonTeamId'], message: '请选择联络团体' });
    }
  });
export type TeamRegistrationInput = z.infer<typeof teamRegistrationSchema>;

export const teamReviewSchema = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve') }),
  z.strictObject({
    decision: z.literal('reject'),
    reason: z.string({ error: '请填写不通过的原因' }).trim().min(2, { error: '请填写不通过的原因' }).max(200),
  }),
]);

export const teamSettingsSchema = z
  .strictObject({
    joinMode: z.enum(JOIN_MODES).optional(),
    robotUrl: z
      .url({ protocol: /^https?$/, error: '机器人地址应为 http(s) 网址' })
      .max(500)
      .nullable()
      .optional(),
    robotKind: z.enum(ROBOT_KINDS).optional(),
    robotSecret: z.string().max(200).nullable().optional(),
    description: z.string().trim().max(2000).optional(),
    address: z.string().trim().min(2).max(200).optional(),
    contactName: z.string().trim().min(2).max(50).optional(),
    contactPhone: mobileSchema.optional(),
    contactEmail: emailSchema.optional(),
    serviceCategories: z.array(z.string().trim().min(1).max(20)).max(20).optional(),
    unitId: z.string().min(1).max(36).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { error: '没有要修改的内容' });

export const invitationSchema = z
  .strictObject({
    volunteerNumber: z.string().trim().optional(),
    documentType: z.string().optional(),
    documentNumber: z.string().trim().optional(),
  })
  .refine((v) => !!v.volunteerNumber || !!v.documentNumber, {
    error: '请填写志愿者编号或证件号码',
    path: ['volunteerNumber'],
  });

export const joinRequestSchema = z.strictObject({ message: z.string().trim().max(200).optional() });

export const unitSchema = z.strictObject({
  name: z.string({ error: '请填写单位名称' }).trim().min(2, { error: '请填写单位名称' }).max(100),
  level: z.enum(UNIT_LEVELS, { error: '请选择文明单位级别' }),
  staffCount: z.coerce.number({ error: '请填写职工人数' }).int().min(1, { error: '职工人数至少为 1' }).max(10_000_000),
  regionCode: regionCodeSchema,
});

export const regionAuthoritySchema = z.strictObject({
  authorityName: z.string().trim().min(2).max(100),
  contactName: z.string().trim().min(2).max(50).nullable().optional(),
  contactPhone: z.string().trim().max(30).nullable().optional(),
  contactEmail: emailSchema.nullable().optional(),
  robotUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullable()
    .optional(),
  robotKind: z.enum(ROBOT_KINDS).optional(),
  robotSecret: z.string().max(200).nullable().optional(),
});
