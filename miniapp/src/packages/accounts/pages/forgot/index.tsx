/**
 * 忘记密码 (V-9): a code to the registered e-mail, then the code and a new password. The bff
 * answers step 1 the same whether or not the address is registered, and so does this page.
 */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { ACCOUNT_LIMITS, fieldErrors, passwordResetConfirmSchema, passwordResetRequestSchema } from '@zhiyuan/shared';
import FormAlert from '@/components/FormAlert';
import FormField from '@/components/FormField';
import { confirmPasswordReset, requestPasswordReset } from '@/services/accounts';
import { isApiError } from '@/services/request';
import { flag } from '@/utils/attrs';
import { serverFieldErrors } from '@/utils/form';
import { ROUTES } from '@/routes';

import './index.scss';

const SENT_NOTICE = '如果该邮箱已注册，验证码已发送，请查收邮件';
const RESET_DONE = '密码已重置，请用新密码登录';
/** seconds before another code can be asked for */
const RESEND_AFTER = 60;

type Field = 'email' | 'code' | 'newPassword' | 'newPassword2';

export default function Forgot() {
  const [step, setStep] = useState<'email' | 'code'>('email');
  const [values, setValues] = useState<Record<Field, string>>({
    email: '',
    code: '',
    newPassword: '',
    newPassword2: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<{ message: string; hint?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [wait, setWait] = useState(0);

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const edit = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const fail = (error: unknown, fallback: string) => {
    if (isApiError(error)) {
      const byField = serverFieldErrors(error);
      setErrors(byField);
      setFormError({ message: error.message, hint: error.hint });
    } else {
      setFormError({ message: fallback });
    }
  };

  const sendCode = async () => {
    if (busy || wait > 0) return;
    setFormError(null);
    const found = fieldErrors(passwordResetRequestSchema, { email: values.email });
    if (!values.email.trim()) found.email = '请填写注册时填写的电子邮箱';
    setErrors(found);
    if (Object.keys(found).length > 0) return;

    setBusy(true);
    try {
      await requestPasswordReset(values.email.trim());
      setStep('code');
      setWait(RESEND_AFTER);
    } catch (error) {
      fail(error, '验证码发送失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    if (busy) return;
    setFormError(null);
    const input = { email: values.email.trim(), code: values.code.trim(), newPassword: values.newPassword };
    const found = fieldErrors(passwordResetConfirmSchema, input);
    if (!input.code) found.code = '请填写邮件中的 6 位验证码';
    if (!values.newPassword) found.newPassword = '请设置新密码';
    if (!values.newPassword2) found.newPassword2 = '请再次输入新密码';
    else if (values.newPassword2 !== values.newPassword) found.newPassword2 = '两次输入的密码不一致';
    setErrors(found);
    if (Object.keys(found).length > 0) return;

    setBusy(true);
    try {
      await confirmPasswordReset(input);
      void Taro.showToast({ title: RESET_DONE, icon: 'none', duration: 3000 });
      await Taro.redirectTo({ url: `${ROUTES.login}?reset=1` });
    } catch (error) {
      fail(error, '重置密码失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  const input = (field: Field, placeholder: string, extra: { password?: boolean; maxlength?: number } = {}) => (
    <Input
      id={field}
      name={field}
      className="form-input"
      password={extra.password}
      value={values[field]}
      placeholder={placeholder}
      maxlength={extra.maxlength ?? 140}
      disabled={flag(busy)}
      onInput={(e) => edit(field, e.detail.value)}
    />
  );

  return (
    <View className="forgot">
      <View className="forgot__head">
        <Text className="forgot__title">找回密码</Text>
        <Text className="forgot__subtitle">
          {step === 'email' ? '输入注册时填写的电子邮箱，我们将发送验证码' : '输入邮件中的验证码，并设置新密码'}
        </Text>
      </View>

      {step === 'code' && (
        <View className="form-notice" id="form-notice">
          <Text>{SENT_NOTICE}</Text>
        </View>
      )}
      {formError && <FormAlert message={formError.message} hint={formError.hint} />}

      {step === 'email' ? (
        <View className="forgot__form">
          <FormField name="email" label="电子邮箱" required error={errors.email}>
            {input('email', '例如 name@example.com', { maxlength: ACCOUNT_LIMITS.emailMax })}
          </FormField>
          <View className="forgot__actions">
            <Button
              id="send-code"
              className="btn btn-primary"
              loading={flag(busy)}
              disabled={flag(busy)}
              onClick={() => void sendCode()}
            >
              发送验证码
            </Button>
          </View>
        </View>
      ) : (
        <View className="forgot__form">
          <Text className="forgot__email">{values.email.trim()}</Text>
          <FormField name="code" label="验证码" required error={errors.code}>
            {input('code', '6 位数字', { maxlength: 6 })}
          </FormField>
          <FormField
            name="newPassword"
            label="新密码"
            required
            hint={`${ACCOUNT_LIMITS.passwordMin}-${ACCOUNT_LIMITS.passwordMax} 位，须同时包含字母和数字`}
            error={errors.newPassword}
          >
            {input('newPassword', '请设置新密码', { password: true, maxlength: ACCOUNT_LIMITS.passwordMax })}
          </FormField>
          <FormField name="newPassword2" label="确认新密码" required error={errors.newPassword2}>
            {input('newPassword2', '请再次输入新密码', { password: true, maxlength: ACCOUNT_LIMITS.passwordMax })}
          </FormField>
          <View className="forgot__actions">
            <Button
              id="submit"
              className="btn btn-primary"
              loading={flag(busy)}
              disabled={flag(busy)}
              onClick={() => void submit()}
            >
              重置密码
            </Button>
          </View>
          <View className="forgot__links">
            <Text
              id="change-email"
              className="forgot__link"
              onClick={() => {
                setStep('email');
                setFormError(null);
              }}
            >
              更换邮箱
            </Text>
            <Text
              id="resend-code"
              className={`forgot__link${wait > 0 ? ' forgot__link--off' : ''}`}
              onClick={() => void sendCode()}
            >
              {wait > 0 ? `${wait} 秒后可重新发送` : '重新发送验证码'}
            </Text>
          </View>
        </View>
      )}

      <Text className="forgot__help">
        如果忘记了注册时填写的电子邮箱，请联系所在志愿团体的管理员或所在地区的管理部门重置密码，登录后再更新个人信息。
      </Text>
    </View>
  );
}
