import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { fieldErrors, loginInputSchema, type LoginInput } from '@zhiyuan/shared';
import FormAlert from '@/components/FormAlert';
import FormField from '@/components/FormField';
import { login, loginWithWechat } from '@/services/accounts';
import { isApiError } from '@/services/request';
import { flag } from '@/utils/attrs';
import { clearWechatTicket, getWechatTicket, setWechatTicket } from '@/stores/wechat';
import { serverFieldErrors } from '@/utils/form';
import { ROUTES } from '@/routes';

import './index.scss';

export default function Login() {
  // `Taro.login` exists only in the WeChat runtime; H5 signs in with a password (a build-time constant)
  const wechatAvailable = process.env.TARO_ENV === 'weapp';
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const router = useRouter();
  const [formError, setFormError] = useState<{ message: string; hint?: string } | null>(null);
  const [notice, setNotice] = useState(() =>
    getWechatTicket()
      ? '登录后将绑定当前微信，以后可直接使用微信登录。'
      : // back from 忘记密码 (V-9)
        router.params?.reset === '1'
        ? '密码已重置，请用新密码登录'
        : '',
  );
  const [submitting, setSubmitting] = useState(false);
  const [wechatBusy, setWechatBusy] = useState(false);

  const busy = submitting || wechatBusy;

  const done = async () => {
    clearWechatTicket();
    void Taro.showToast({ title: '登录成功', icon: 'success' });
    await Taro.switchTab({ url: ROUTES.mine });
  };

  const submit = async () => {
    if (busy) return;
    setFormError(null);
    const ticket = getWechatTicket();
    const input: LoginInput = { username, password, ...(ticket ? { wechatTicket: ticket } : {}) };
    const found = fieldErrors(loginInputSchema, input);
    setErrors(found);
    if (Object.keys(found).length > 0) return;

    setSubmitting(true);
    try {
      await login(input);
      await done();
    } catch (error) {
      if (isApiError(error)) {
        setErrors(serverFieldErrors(error));
        setFormError({ message: error.message, hint: error.hint });
      } else {
        setFormError({ message: '登录失败，请稍后再试' });
      }
    } finally {
      setSubmitting(false);
    }
  };

  const wechatLogin = async () => {
    if (busy) return;
    setFormError(null);
    setWechatBusy(true);
    try {
      const { code } = await Taro.login();
      const result = await loginWithWechat(code);
      if (result.bound) {
        await done();
      } else {
        setWechatTicket(result.wechatTicket);
        setNotice('该微信尚未绑定账号：请用用户名和密码登录，或注册新账号，完成后将自动绑定此微信。');
      }
    } catch (error) {
      setFormError(
        isApiError(error) ? { message: error.message, hint: error.hint } : { message: '微信登录失败，请稍后再试' },
      );
    } finally {
      setWechatBusy(false);
    }
  };

  const edit = (field: 'username' | 'password', value: string) => {
    if (field === 'username') setUsername(value);
    else setPassword(value);
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  return (
    <View className="login">
      <View className="login__head">
        <Text className="login__title">登录志愿</Text>
        <Text className="login__subtitle">使用注册时设置的用户名和密码登录</Text>
      </View>

      {notice && (
        <View className="form-notice" id="form-notice">
          <Text>{notice}</Text>
        </View>
      )}
      {formError && <FormAlert message={formError.message} hint={formError.hint} />}

      <View className="login__form">
        <FormField name="username" label="用户名" required error={errors.username}>
          <Input
            id="username"
            name="username"
            className="form-input"
            value={username}
            placeholder="请输入用户名"
            maxlength={64}
            disabled={flag(busy)}
            onInput={(e) => edit('username', e.detail.value)}
          />
        </FormField>
        <FormField name="password" label="密码" required error={errors.password}>
          <Input
            id="password"
            name="password"
            className="form-input"
            password
            value={password}
            placeholder="请输入密码"
            maxlength={256}
            disabled={flag(busy)}
            onInput={(e) => edit('password', e.detail.value)}
            onConfirm={() => void submit()}
          />
        </FormField>
      </View>

      <View className="login__actions">
        <Button
          id="submit"
          className="btn btn-primary"
          loading={flag(submitting)}
          disabled={flag(busy)}
          onClick={() => void submit()}
        >
          登录
        </Button>
        {wechatAvailable && (
          <Button
            id="wechat-login"
            className="btn btn-wechat"
            loading={flag(wechatBusy)}
            disabled={flag(busy)}
            onClick={() => void wechatLogin()}
          >
            微信登录
          </Button>
        )}
        <View className="login__forgot">
          <Text id="go-forgot" className="login__link" onClick={() => void Taro.navigateTo({ url: ROUTES.forgot })}>
            忘记密码？
          </Text>
        </View>
        <View className="login__switch">
          <Text>还没有账号？</Text>
          <Text id="go-register" className="login__link" onClick={() => void Taro.redirectTo({ url: ROUTES.register })}>
            立即注册
          </Text>
        </View>
      </View>
    </View>
  );
}
