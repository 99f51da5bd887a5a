/** 志愿团体注册: the form's fields, the body it sends, and the checks made before sending (T-1 … T-3). */
import {
  checkCreditCode,
  checkTeamName,
  ERRORS,
  fieldErrors,
  REGISTRATION_STATUS_LABELS,
  REGISTRATION_STATUSES,
  teamRegistrationSchema,
  type RegistrationStatus,
  type TeamRegistrationInput,
} from '@zhiyuan/shared';
import { splitTags } from '@/utils/form';

export interface TeamForm {
  name: string;
  address: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  serviceCategories: string;
  description: string;
  creditCode: string;
}

export type TextField = keyof TeamForm;

export const EMPTY_FORM: TeamForm = {
  name: '',
  address: '',
  contactName: '',
  contactPhone: '',
  contactEmail: '',
  serviceCategories: '',
  description: '',
  creditCode: '',
};

/** Every field a message can be shown under, in the order of the page. */
export const FIELDS = [
  'name',
  'registrationStatus',
  'creditCode',
  'certificate',
  'regionCode',
  'liaisonTeamId',
  'address',
  'contactName',
  'contactPhone',
  'contactEmail',
  'serviceCategories',
  'description',
  'unitId',
] as const;

/** The FAQ's answer to 「如何区分…」, one line per choice. */
export const STATUS_NOTES: Record<RegistrationStatus, string> = {
  registered_org:
    '基金会、社会团体、民办非企业单位（社会服务机构）：有民政部门颁发的登记证书和统一社会信用代码；由所在地区的登记机关审核',
  unregistered: '没有上述登记证书和统一社会信用代码的（如机关、企事业单位、学校的志愿服务队）；由所选的联络团体审核',
};

/** The FAQ's rule of thumb (志愿团体相关问题 1). */
export const STATUS_HOW_TO_TELL =
  '如有登记证书和统一社会信用代码，应选择“已在民政部门登记的社会组织”；如没有，应选择“未登记的社会组织或其他组织”。';

export const STATUS_OPTIONS = REGISTRATION_STATUSES.map((status) => ({
  value: status,
  label: REGISTRATION_STATUS_LABELS[status],
  note: STATUS_NOTES[status],
}));

export interface Choices {
  registrationStatus: RegistrationStatus | null;
  regionCode: string | null;
  liaisonTeamId: string | null;
  unitId: string | null;
  hasCertificate: boolean;
}

/** The body of POST /api/teams; fields of the other registration status are left out. */
export function toRegistrationInput(form: TeamForm, c: Choices): TeamRegistrationInput {
  const registered = c.registrationStatus === 'registered_org';
  const input: Record<string, unknown> = {
    name: form.name.trim(),
    registrationStatus: c.registrationStatus ?? undefined,
    regionCode: c.regionCode ?? undefined,
    address: form.address.trim(),
    contactName: form.contactName.trim(),
    contactPhone: form.contactPhone.trim(),
    contactEmail: form.contactEmail.trim(),
    serviceCategories: splitTags(form.serviceCategories),
  };
  if (form.description.trim()) input.description = form.description.trim();
  if (registered) input.creditCode = form.creditCode.replace(/\s+/g, '').toUpperCase();
  if (c.registrationStatus === 'unregistered' && c.liaisonTeamId) input.liaisonTeamId = c.liaisonTeamId;
  if (c.unitId) input.unitId = c.unitId;
  return input as TeamRegistrationInput;
}

/** T-3, as the person types: the unit-name mistake is said at once, the rest when the field is left. */
export function nameMessage(name: string, left: boolean): string | undefined {
  if (!name.trim()) return left ? '请填写团体名称' : undefined;
  const check = checkTeamName(name);
  if (check.ok) return undefined;
  return left || check.code === 'TEAM.NAME_IS_UNIT_NAME' ? check.message : undefined;
}

/** T-1: the credit code is checked as soon as all 18 characters are there, or when the field is left. */
export function creditCodeMessage(code: string, left: boolean): string | undefined {
  const compact = code.replace(/\s+/g, '');
  if (!compact) return left ? '已登记的社会组织请填写统一社会信用代码' : undefined;
  if (!left && compact.length < 18) return undefined;
  const check = checkCreditCode(compact);
  return check.ok ? undefined : check.message;
}

/** Every message the form would show on 提交, by field. */
export function validateTeamForm(form: TeamForm, c: Choices): Record<string, string> {
  const out = fieldErrors(teamRegistrationSchema, toRegistrationInput(form, c));
  const name = nameMessage(form.name, true);
  if (name) out.name = name;
  else delete out.name;
  if (!c.registrationStatus) out.registrationStatus = '请选择登记状态';
  if (!c.regionCode) out.regionCode = '请选择所在地区';
  if (c.registrationStatus === 'registered_org') {
    const code = creditCodeMessage(form.creditCode, true);
    if (code) out.creditCode = code;
    if (!c.hasCertificate) out.certificate = ERRORS['TEAM.CERTIFICATE_REQUIRED'].message;
  }
  if (c.registrationStatus === 'unregistered' && !c.liaisonTeamId) out.liaisonTeamId = '请选择联络团体';
  if (!form.contactName.trim()) out.contactName = '请填写联系人';
  if (!form.address.trim()) out.address = '请填写地址';
  if (!form.contactPhone.trim()) out.contactPhone = '请填写联系电话';
  if (!form.contactEmail.trim()) out.contactEmail = '请填写电子邮箱';
  return out;
}
