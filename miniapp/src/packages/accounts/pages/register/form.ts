/**
 * The 注册 form (V-1 real-name registration): its fields, the request body it makes, and the
 * checks before submitting. The same form, without user name and password, completes the
 * real-name registration of an account that has none yet (POST /api/me/volunteer).
 */
import {
  ADULT_AGE,
  ageOn,
  checkDocument,
  fieldErrors,
  volunteerRegistrationSchema,
  type DocumentType,
  type IdentityCheck,
  type VolunteerRegistrationInput,
} from '@zhiyuan/shared';
import type { VolunteerEnrolmentInput } from '@/services/volunteers';
import { fieldOfPath, splitTags } from '@/utils/form';

export const CONSENT_TEXT = '我已阅读并同意《用户协议》和《隐私政策》，同意本系统按《志愿服务条例》使用我的个人信息';
export const GUARDIAN_CONSENT_TEXT = '监护人已知晓并同意其参加志愿服务、同意本系统使用上述个人信息';

export interface RegisterForm {
  username: string;
  password: string;
  password2: string;
  documentType: DocumentType;
  documentNumber: string;
  realName: string;
  mobile: string;
  email: string;
  address: string;
  skills: string;
  serviceCategories: string;
  guardianName: string;
  guardianMobile: string;
  guardianConsent: boolean;
  consent: boolean;
}

export type TextField = Exclude<keyof RegisterForm, 'consent' | 'guardianConsent' | 'documentType'>;

/** 'account': a new account and its registration; 'existing': a signed-in account without one. */
export type RegisterMode = 'account' | 'existing';

export const EMPTY_FORM: RegisterForm = {
  username: '',
  password: '',
  password2: '',
  documentType: 'resident_id',
  documentNumber: '',
  realName: '',
  mobile: '',
  email: '',
  address: '',
  skills: '',
  serviceCategories: '',
  guardianName: '',
  guardianMobile: '',
  guardianConsent: false,
  consent: false,
};

const ACCOUNT_FIELDS = ['username', 'password', 'password2'] as const;

/** Every field that can carry a message, in the order of the form. */
export const FIELDS = [
  ...ACCOUNT_FIELDS,
  'documentType',
  'documentNumber',
  'realName',
  'mobile',
  'email',
  'regionCode',
  'address',
  'skills',
  'serviceCategories',
  'guardianName',
  'guardianMobile',
  'guardianConsent',
  'consent',
] as const;

/** What the typed document number tells: its check (V-1) and, for a resident ID, whether a minor. */
export interface Identity {
  check: IdentityCheck | null;
  birthDate: string | null;
  gender: 'male' | 'female' | null;
  minor: boolean;
}

export function identityOf(form: RegisterForm, today: string): Identity {
  if (!form.documentNumber.trim()) return { check: null, birthDate: null, gender: null, minor: false };
  const check = checkDocument(form.documentType, form.documentNumber, today);
  if (!check.ok) return { check, birthDate: null, gender: null, minor: false };
  const { birthDate, gender } = check.facts;
  return { check, birthDate, gender, minor: birthDate !== null && ageOn(birthDate, today) < ADULT_AGE };
}

/** The body of POST /api/volunteers: blank optional fields are left out, not sent empty. */
export function toRegistrationInput(
  form: RegisterForm,
  regionCode: string | null,
  minor: boolean,
  wechatTicket: string | null,
): VolunteerRegistrationInput {
  const input: VolunteerRegistrationInput = {
    username: form.username,
    password: form.password,
    documentType: form.documentType,
    documentNumber: form.documentNumber.trim(),
    realName: form.realName.trim(),
    regionCode: regionCode ?? '',
    skills: splitTags(form.skills),
    serviceCategories: splitTags(form.serviceCategories),
    // sent only once ticked: validateRegistration refuses the form before that
    consent: true,
  };
  if (form.mobile.trim()) input.mobile = form.mobile.trim();
  if (form.email.trim()) input.email = form.email.trim();
  if (form.address.trim()) input.address = form.address.trim();
  if (minor) {
    input.guardian = { name: form.guardianName.trim(), mobile: form.guardianMobile.trim(), consent: true };
  }
  if (wechatTicket) input.wechatTicket = wechatTicket;
  return input;
}

/** The body of POST /api/me/volunteer: the same, without the account fields. */
export function toEnrolmentInput(input: VolunteerRegistrationInput): VolunteerEnrolmentInput {
  const { username: _u, password: _p, wechatTicket: _w, ...rest } = input;
  return rest;
}

/**
 * The shared schema's messages (under the form's field names), the document check of V-1,
 * and what only the form knows: the repeated password, both consents, the guardian of a minor.
 */
export function validateRegistration(
  form: RegisterForm,
  input: VolunteerRegistrationInput,
  identity: Identity,
  mode: RegisterMode,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors(volunteerRegistrationSchema, input))) {
    const field = fieldOfPath(path);
    if (!(field in errors)) errors[field] = message;
  }
  if (!form.username.trim()) errors.username = '请填写用户名';
  if (!form.password) errors.password = '请填写密码';
  if (!form.password2) errors.password2 = '请再次输入密码';
  else if (form.password2 !== form.password) errors.password2 = '两次输入的密码不一致';
  if (mode === 'existing') for (const f of ACCOUNT_FIELDS) delete errors[f];

  if (!form.documentNumber.trim()) errors.documentNumber = '请填写证件号码';
  else if (identity.check && !identity.check.ok) errors.documentNumber = identity.check.message;
  if (!form.realName.trim()) errors.realName = '请填写真实姓名';
  if (!input.regionCode) errors.regionCode = '请选择所在地区';
  if (identity.minor) {
    if (!form.guardianName.trim()) errors.guardianName = '请填写监护人姓名';
    if (!form.guardianMobile.trim()) errors.guardianMobile = '请填写监护人手机号码';
    if (!form.guardianConsent) errors.guardianConsent = '须经监护人同意后勾选';
  }
  if (!form.consent) errors.consent = '请先阅读并同意《用户协议》和《隐私政策》';
  return errors;
}
