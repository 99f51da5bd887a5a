import { useMemo, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import {
  ACCOUNT_LIMITS,
  ADULT_AGE,
  DOCUMENT_TYPE_LABELS,
  DOCUMENT_TYPES,
  ERRORS,
  REAL_NAME_MAX,
} from '@zhiyuan/shared';
import FormAlert from '@/components/FormAlert';
import FormField from '@/components/FormField';
import PageState from '@/components/PageState';
import RegionPicker from '@/components/RegionPicker';
import { enrolVolunteer, registerVolunteer } from '@/services/volunteers';
import { isApiError } from '@/services/request';
import { isSignedIn } from '@/services/token';
import { flag } from '@/utils/attrs';
import { todayInZone } from '@/utils/today';
import { clearWechatTicket, getWechatTicket } from '@/stores/wechat';
import { pick, serverFieldErrors } from '@/utils/form';
import { ROUTES } from '@/routes';
import {
  CONSENT_TEXT,
  EMPTY_FORM,
  FIELDS,
  GUARDIAN_CONSENT_TEXT,
  identityOf,
  toEnrolmentInput,
  toRegistrationInput,
  validateRegistration,
  type RegisterForm,
  type RegisterMode,
  type TextField,
} from './form';

import './index.scss';

/** Refusals about the person, not a field: shown prominently above the form with the bff's hint. */
const BANNER_CODES = new Set<string>([
  'VOLUNTEER.DOCUMENT_INVALID',
  'VOLUNTEER.ALREADY_REGISTERED',
  'VOLUNTEER.IMPORTED_NAME_MISMATCH',
  'VOLUNTEER.IDENTITY_CONFLICT',
  'VOLUNTEER.GUARDIAN_REQUIRED',
]);

/** V-3 is about the name: it is marked there too, with a short reminder. */
const NAME_CHECK = '请核对姓名是否与证件一致';

const GENDER_LABELS = { male: '男', female: '女' } as const;

function Checkbox(props: { id: string; checked: boolean; text: string; onToggle: () => void }) {
  return (
    <View
      id={props.id}
      className={`consent${props.checked ? ' consent--checked' : ''}`}
      role="checkbox"
      aria-checked={props.checked}
      onClick={props.onToggle}
    >
      <View className="consent__box">{props.checked ? '✓' : ''}</View>
      <Text className="consent__text">{props.text}</Text>
    </View>
  );
}

function CheckboxError({ field, message }: { field: string; message?: string }) {
  if (!message) return null;
  return (
    <Text id={`${field}-error`} className="field-error" data-field={field} aria-live="polite">
      {message}
    </Text>
  );
}

export default function Register() {
  const router = useRouter();
  // 「志愿者实名注册」 from 我的: the account exists, only the volunteer record is missing
  const mode: RegisterMode = router.params?.existing === '1' ? 'existing' : 'account';
  const [form, setForm] = useState<RegisterForm>(EMPTY_FORM);
  const [regionCode, setRegionCode] = useState<string | null>(null);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<{ message: string; hint?: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const wechatTicket = mode === 'account' ? getWechatTicket() : null;

  // one day per opening of the page is precise enough for an age check
  const today = useMemo(() => todayInZone(), []);
  const identity = identityOf(form, today);
  const input = toRegistrationInput(form, regionCode, identity.minor, wechatTicket);
  const clientErrors = validateRegistration(form, input, identity, mode);
  // a field's message shows once it has been left or the form submitted; the bff's until it is edited
  const shown = { ...(submitted ? clientErrors : pick(clientErrors, touched)), ...serverErrors };

  const forget = (field: string) => setServerErrors(({ [field]: _gone, ...rest }) => rest);
  const edit = (field: TextField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    forget(field);
  };
  const leave = (field: string) => setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));

  const toggle = (field: 'consent' | 'guardianConsent') => {
    setForm((f) => ({ ...f, [field]: !f[field] }));
    forget(field);
    leave(field);
  };

  const chooseDocumentType = (index: number) => {
    const type = DOCUMENT_TYPES[index];
    if (!type) return;
    setForm((f) => ({ ...f, documentType: type }));
    forget('documentNumber');
  };

  const chooseRegion = (code: string | null) => {
    setRegionCode(code);
    forget('regionCode');
    leave('regionCode');
  };

  const showBanner = (message: string, hint?: string) => {
    setFormError({ message, hint });
    // the banner is at the top of a long form
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
  };

  const submit = async () => {
    if (submitting) return;
    setSubmitted(true);
    setFormError(null);
    setServerErrors({});
    if (Object.keys(clientErrors).length > 0) return;

    setSubmitting(true);
    try {
      if (mode === 'existing') {
        await enrolVolunteer(toEnrolmentInput(input));
      } else {
        await registerVolunteer(input);
        clearWechatTicket();
      }
      void Taro.showToast({ title: '注册成功', icon: 'success' });
      await Taro.switchTab({ url: ROUTES.mine });
    } catch (error) {
      if (!isApiError(error)) {
        showBanner('注册失败，请稍后再试');
        return;
      }
      const byField = serverFieldErrors(error);
      if (error.code === 'VOLUNTEER.IMPORTED_NAME_MISMATCH') byField.realName = NAME_CHECK;
      setServerErrors(byField);
      // under its field when the bff names one (a taken user name…); the refusals of V-1 … V-4 above the form
      const placed = FIELDS.some((f) => f in byField);
      if (!placed || BANNER_CODES.has(error.code)) showBanner(error.message, error.hint);
      else if (error.code === 'REQUEST.INVALID') showBanner(ERRORS['REQUEST.INVALID'].message, error.hint);
    } finally {
      setSubmitting(false);
    }
  };

  const textInput = (
    field: TextField,
    props: { placeholder: string; password?: boolean; maxlength?: number; type?: 'text' | 'number' | 'idcard' },
  ) => (
    <Input
      id={field}
      name={field}
      className="form-input"
      type={props.type ?? 'text'}
      password={props.password}
      value={form[field]}
      placeholder={props.placeholder}
      maxlength={props.maxlength ?? 140}
      disabled={flag(submitting)}
      onInput={(e) => edit(field, e.detail.value)}
      onBlur={() => leave(field)}
    />
  );

  const documentLabels = DOCUMENT_TYPES.map((t) => DOCUMENT_TYPE_LABELS[t]);

  if (mode === 'existing' && !isSignedIn()) {
    return (
      <View className="register">
        <PageState status="signed-out" description="登录后可为你的账号完成志愿者实名注册" />
      </View>
    );
  }

  return (
    <View className="register">
      <View className="register__head">
        <Text className="register__title">{mode === 'existing' ? '志愿者实名注册' : '志愿者注册'}</Text>
        <Text className="register__subtitle">
          按《志愿服务条例》实名注册：证件信息只用于实名认证，未经本人同意不会向他人公开
        </Text>
      </View>

      {wechatTicket && (
        <View className="form-notice" id="form-notice">
          <Text>注册后将绑定当前微信，以后可直接使用微信登录。</Text>
        </View>
      )}
      {formError && <FormAlert message={formError.message} hint={formError.hint} />}

      <View className="register__form">
        {mode === 'account' && (
          <View className="register__section">
            <Text className="register__section-title">账号</Text>
            <FormField
              name="username"
              label="用户名"
              required
              hint={`${ACCOUNT_LIMITS.usernameMin}-${ACCOUNT_LIMITS.usernameMax} 个字符，以字母开头，可含字母、数字和下划线；注册后不能修改`}
              error={shown.username}
            >
              {textInput('username', { placeholder: '请输入用户名', maxlength: ACCOUNT_LIMITS.usernameMax })}
            </FormField>
            <FormField
              name="password"
              label="密码"
              required
              hint={`${ACCOUNT_LIMITS.passwordMin}-${ACCOUNT_LIMITS.passwordMax} 位，须同时包含字母和数字`}
              error={shown.password}
            >
              {textInput('password', {
                placeholder: '请设置密码',
                password: true,
                maxlength: ACCOUNT_LIMITS.passwordMax,
              })}
            </FormField>
            <FormField name="password2" label="确认密码" required error={shown.password2}>
              {textInput('password2', {
                placeholder: '请再次输入密码',
                password: true,
                maxlength: ACCOUNT_LIMITS.passwordMax,
              })}
            </FormField>
          </View>
        )}

        <View className="register__section">
          <Text className="register__section-title">身份信息</Text>
          <FormField name="documentType" label="证件类型" required error={shown.documentType}>
            <Picker
              mode="selector"
              range={documentLabels}
              value={DOCUMENT_TYPES.indexOf(form.documentType)}
              disabled={flag(submitting)}
              onChange={(e) => chooseDocumentType(Number(e.detail.value))}
              data-label="证件类型"
            >
              <View className="register__select" id="documentType">
                {DOCUMENT_TYPE_LABELS[form.documentType]}
              </View>
            </Picker>
          </FormField>
          <FormField
            name="documentNumber"
            label="证件号码"
            required
            hint={form.documentType === 'resident_id' ? '18 位居民身份证号码，最后一位可以是 X' : undefined}
            error={shown.documentNumber}
          >
            {textInput('documentNumber', {
              placeholder: '请输入证件号码',
              maxlength: 32,
              type: form.documentType === 'resident_id' ? 'idcard' : 'text',
            })}
          </FormField>
          {identity.birthDate && (
            <View className="register__facts" id="document-facts">
              <View className="register__fact">
                <Text className="register__fact-label">性别</Text>
                <Text id="derived-gender">{identity.gender ? GENDER_LABELS[identity.gender] : '—'}</Text>
              </View>
              <View className="register__fact">
                <Text className="register__fact-label">出生日期</Text>
                <Text id="derived-birth-date">{identity.birthDate}</Text>
              </View>
              <Text className="register__fact-note">由证件号码得出，无需填写</Text>
            </View>
          )}
          <FormField
            name="realName"
            label="真实姓名"
            required
            hint="与证件上的姓名一致；通过实名认证后不能修改"
            error={shown.realName}
          >
            {textInput('realName', { placeholder: '请输入证件上的姓名', maxlength: REAL_NAME_MAX })}
          </FormField>
        </View>

        {identity.minor && (
          <View className="register__section register__guardian" id="guardian">
            <Text className="register__section-title">监护人</Text>
            <Text className="register__guardian-note">
              未满 {ADULT_AGE} 周岁的志愿者注册，须填写监护人姓名、电话并经监护人同意。
            </Text>
            <FormField name="guardianName" label="监护人姓名" required error={shown.guardianName}>
              {textInput('guardianName', { placeholder: '请输入监护人姓名', maxlength: REAL_NAME_MAX })}
            </FormField>
            <FormField name="guardianMobile" label="监护人手机号码" required error={shown.guardianMobile}>
              {textInput('guardianMobile', { placeholder: '请输入 11 位手机号码', type: 'number', maxlength: 11 })}
            </FormField>
            <Checkbox
              id="guardianConsent"
              checked={form.guardianConsent}
              text={GUARDIAN_CONSENT_TEXT}
              onToggle={() => toggle('guardianConsent')}
            />
            <CheckboxError field="guardianConsent" message={shown.guardianConsent} />
          </View>
        )}

        <View className="register__section">
          <Text className="register__section-title">联系方式</Text>
          <FormField name="mobile" label="手机号码" hint="手机号码和电子邮箱至少填写一项" error={shown.mobile}>
            {textInput('mobile', { placeholder: '请输入 11 位手机号码', type: 'number', maxlength: 11 })}
          </FormField>
          <FormField
            name="email"
            label="电子邮箱"
            hint="忘记密码时用它找回；建议使用 QQ、网易、新浪或搜狐邮箱"
            error={shown.email}
          >
            {textInput('email', { placeholder: '例如 name@example.com', maxlength: ACCOUNT_LIMITS.emailMax })}
          </FormField>
          <FormField
            name="regionCode"
            label="所在地区"
            required
            hint="选择你常住的省、市、县（区）"
            error={shown.regionCode}
          >
            <RegionPicker onChange={chooseRegion} disabled={submitting} />
          </FormField>
          <FormField name="address" label="居住地址" error={shown.address}>
            {textInput('address', { placeholder: '街道、小区、门牌号', maxlength: 200 })}
          </FormField>
        </View>

        <View className="register__section">
          <Text className="register__section-title">志愿服务意向</Text>
          <FormField name="skills" label="技能特长" hint="多项用顿号或逗号分隔，如：急救、外语" error={shown.skills}>
            {textInput('skills', { placeholder: '例如 急救、外语、摄影', maxlength: 200 })}
          </FormField>
          <FormField
            name="serviceCategories"
            label="服务类别"
            hint="多项用顿号或逗号分隔，如：社区服务、环境保护"
            error={shown.serviceCategories}
          >
            {textInput('serviceCategories', { placeholder: '例如 社区服务、助老助残', maxlength: 200 })}
          </FormField>
        </View>

        <Checkbox id="consent" checked={form.consent} text={CONSENT_TEXT} onToggle={() => toggle('consent')} />
        <CheckboxError field="consent" message={shown.consent} />
      </View>

      <View className="register__actions">
        <Button
          id="submit"
          className="btn btn-primary"
          loading={flag(submitting)}
          disabled={flag(submitting)}
          onClick={() => void submit()}
        >
          {mode === 'existing' ? '提交实名注册' : '注册'}
        </Button>
        {mode === 'account' && (
          <View className="register__switch">
            <Text>已有账号？</Text>
            <Text id="go-login" className="register__link" onClick={() => void Taro.redirectTo({ url: ROUTES.login })}>
              去登录
            </Text>
          </View>
        )}
        <Text className="register__note">志愿者注册后不能注销，用户名不能修改。</Text>
      </View>
    </View>
  );
}
