/** The 注册 form: its fields, the request body it makes, and the checks before submitting. */
import { fieldErrors, registerInputSchema, type RegisterInput } from '@zhiyuan/shared';

export const CONSENT_TEXT = '我已阅读并同意《用户协议》和《隐私政策》，同意本系统按《志愿服务条例》使用我的个人信息';

export interface RegisterForm {
  username: string;
  password: string;
  password2: string;
  mobile: string;
  email: string;
  consent: boolean;
}

export type TextField = Exclude<keyof RegisterForm, 'consent'>;

export const EMPTY_FORM: RegisterForm = {
  username: '',
  password: '',
  password2: '',
  mobile: '',
  email: '',
  consent: false,
};

/** Every field that can carry a message, in the order of the form. */
export const FIELDS = ['username', 'password', 'password2', 'mobile', 'email', 'regionCode', 'consent'] as const;

/** The body of POST /api/accounts: blank optional fields are left out, not sent empty. */
export function toRegisterInput(
  form: RegisterForm,
  regionCode: string | null,
  wechatTicket: string | null,
): RegisterInput {
  const input: RegisterInput = { username: form.username, password: form.password };
  if (form.mobile.trim()) input.mobile = form.mobile.trim();
  if (form.email.trim()) input.email = form.email.trim();
  if (regionCode) input.regionCode = regionCode;
  if (wechatTicket) input.wechatTicket = wechatTicket;
  return input;
}

/** The shared schema's messages, plus what only the form knows: the repeated password and consent. */
export function validateRegister(form: RegisterForm, input: RegisterInput): Record<string, string> {
  const errors = fieldErrors(registerInputSchema, input);
  if (!form.username.trim()) errors.username = '请填写用户名';
  if (!form.password) errors.password = '请填写密码';
  if (!form.password2) errors.password2 = '请再次输入密码';
  else if (form.password2 !== form.password) errors.password2 = '两次输入的密码不一致';
  if (!form.consent) errors.consent = '请先阅读并同意《用户协议》和《隐私政策》';
  return errors;
}
