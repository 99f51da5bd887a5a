import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import { ACCOUNT_LIMITS, ERRORS, type RegionDto } from '@zhiyuan/shared';
import FormField from '@/components/FormField';
import { register } from '@/services/accounts';
import { listChildren, listProvinces } from '@/services/regions';
import { isApiError } from '@/services/request';
import { flag } from '@/utils/attrs';
import { clearWechatTicket, getWechatTicket } from '@/stores/wechat';
import { pick, serverFieldErrors } from '@/utils/form';
import { ROUTES } from '@/routes';
import {
  CONSENT_TEXT,
  EMPTY_FORM,
  FIELDS,
  toRegisterInput,
  validateRegister,
  type RegisterForm,
  type TextField,
} from './form';

import './index.scss';

interface RegionLevelState {
  items: RegionDto[];
  selected: number | null;
}

const NONE: RegionLevelState = { items: [], selected: null };

export default function Register() {
  const [form, setForm] = useState<RegisterForm>(EMPTY_FORM);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const wechatTicket = getWechatTicket();

  // 省 → 市 → 县, loaded level by level from the bff
  const [provinces, setProvinces] = useState<RegionLevelState>(NONE);
  const [cities, setCities] = useState<RegionLevelState>(NONE);
  const [counties, setCounties] = useState<RegionLevelState>(NONE);
  const [regionLoading, setRegionLoading] = useState(false);
  const [regionError, setRegionError] = useState('');

  // a later choice wins over a slower answer to an earlier one
  const regionRequest = useRef(0);

  const loadRegions = async (parent: RegionDto | null, apply: (items: RegionDto[]) => void) => {
    const id = ++regionRequest.current;
    setRegionError('');
    setRegionLoading(true);
    try {
      const items = parent ? await listChildren(parent.code) : await listProvinces();
      if (id === regionRequest.current) apply(items);
    } catch (error) {
      if (id === regionRequest.current) {
        setRegionError(isApiError(error) ? `地区列表加载失败：${error.message}` : '地区列表加载失败');
      }
    } finally {
      if (id === regionRequest.current) setRegionLoading(false);
    }
  };

  const loadProvinces = () => loadRegions(null, (items) => setProvinces({ items, selected: null }));

  useEffect(() => {
    void loadProvinces();
    // once, on opening the page
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const pickRegion = (level: 'province' | 'city' | 'county', index: number) => {
    setServerErrors(({ regionCode: _gone, ...rest }) => rest);
    if (level === 'county') {
      setCounties((s) => ({ ...s, selected: index }));
      return;
    }
    const region = (level === 'province' ? provinces : cities).items[index];
    if (!region) return;
    if (level === 'province') {
      setProvinces((s) => ({ ...s, selected: index }));
      setCities(NONE);
    } else {
      setCities((s) => ({ ...s, selected: index }));
    }
    setCounties(NONE);
    if (region.childCount === 0) {
      // nothing below (e.g. a city without counties): drop any load still under way
      regionRequest.current++;
      setRegionLoading(false);
      return;
    }
    void loadRegions(region, (items) =>
      level === 'province' ? setCities({ items, selected: null }) : setCounties({ items, selected: null }),
    );
  };

  const clearRegion = () => {
    regionRequest.current++;
    setRegionLoading(false);
    setProvinces((s) => ({ ...s, selected: null }));
    setCities(NONE);
    setCounties(NONE);
  };

  const selectedOf = (s: RegionLevelState) => (s.selected === null ? undefined : s.items[s.selected]);
  const province = selectedOf(provinces);
  const city = selectedOf(cities);
  const county = selectedOf(counties);
  // the most precise level chosen; choosing is optional
  const regionCode = county?.code ?? city?.code ?? province?.code ?? null;

  const input = toRegisterInput(form, regionCode, wechatTicket);
  const clientErrors = validateRegister(form, input);
  // a field's message shows once it has been left or the form submitted; the bff's until it is edited
  const shown = { ...(submitted ? clientErrors : pick(clientErrors, touched)), ...serverErrors };

  const edit = (field: TextField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setServerErrors(({ [field]: _gone, ...rest }) => rest);
  };
  const leave = (field: string) => setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));

  const toggleConsent = () => {
    setForm((f) => ({ ...f, consent: !f.consent }));
    leave('consent');
  };

  const submit = async () => {
    if (submitting) return;
    setSubmitted(true);
    setFormError('');
    setServerErrors({});
    if (Object.keys(clientErrors).length > 0) return;

    setSubmitting(true);
    try {
      await register(input);
      clearWechatTicket();
      void Taro.showToast({ title: '注册成功', icon: 'success' });
      await Taro.switchTab({ url: ROUTES.mine });
    } catch (error) {
      if (isApiError(error)) {
        const byField = serverFieldErrors(error);
        setServerErrors(byField);
        // under its field when the bff names one (a taken user name…), else in the banner
        const placed = FIELDS.some((f) => f in byField);
        if (!placed) setFormError(error.message);
        else if (error.code === 'REQUEST.INVALID') setFormError(ERRORS['REQUEST.INVALID'].message);
      } else {
        setFormError('注册失败，请稍后再试');
      }
    } finally {
      setSubmitting(false);
    }
  };

  const textInput = (
    field: TextField,
    props: { placeholder: string; password?: boolean; maxlength?: number; type?: 'text' | 'number' },
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

  return (
    <View className="register">
      <View className="register__head">
        <Text className="register__title">注册账号</Text>
        <Text className="register__subtitle">注册后可登记志愿者信息、报名志愿服务项目</Text>
      </View>

      {wechatTicket && (
        <View className="form-notice" id="form-notice">
          <Text>注册后将绑定当前微信，以后可直接使用微信登录。</Text>
        </View>
      )}
      {formError && (
        <View className="form-error" id="form-error" role="alert">
          <Text>{formError}</Text>
        </View>
      )}

      <View className="register__form">
        <FormField
          name="username"
          label="用户名"
          required
          hint={`${ACCOUNT_LIMITS.usernameMin}-${ACCOUNT_LIMITS.usernameMax} 个字符，以字母开头，可含字母、数字和下划线`}
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
          {textInput('password', { placeholder: '请设置密码', password: true, maxlength: ACCOUNT_LIMITS.passwordMax })}
        </FormField>
        <FormField name="password2" label="确认密码" required error={shown.password2}>
          {textInput('password2', {
            placeholder: '请再次输入密码',
            password: true,
            maxlength: ACCOUNT_LIMITS.passwordMax,
          })}
        </FormField>
        <FormField name="mobile" label="手机号码" hint="手机号码和电子邮箱至少填写一项" error={shown.mobile}>
          {textInput('mobile', { placeholder: '请输入 11 位手机号码', type: 'number', maxlength: 11 })}
        </FormField>
        <FormField name="email" label="电子邮箱" error={shown.email}>
          {textInput('email', { placeholder: '例如 name@example.com', maxlength: ACCOUNT_LIMITS.emailMax })}
        </FormField>

        <FormField name="regionCode" label="所在地区" hint="选择你常住的省、市、县（区）" error={shown.regionCode}>
          <View className="region" id="region">
            <Picker
              mode="selector"
              range={provinces.items}
              rangeKey="name"
              value={provinces.selected ?? 0}
              disabled={flag(submitting || provinces.items.length === 0)}
              onChange={(e) => pickRegion('province', Number(e.detail.value))}
              data-label="省份"
            >
              <View className={`region__part${province ? '' : ' region__part--empty'}`} id="region-province">
                {province?.name ?? '省份'}
              </View>
            </Picker>
            {province && province.childCount > 0 && (
              <Picker
                mode="selector"
                range={cities.items}
                rangeKey="name"
                value={cities.selected ?? 0}
                disabled={flag(submitting || cities.items.length === 0)}
                onChange={(e) => pickRegion('city', Number(e.detail.value))}
                data-label="城市"
              >
                <View className={`region__part${city ? '' : ' region__part--empty'}`} id="region-city">
                  {city?.name ?? '城市'}
                </View>
              </Picker>
            )}
            {city && city.childCount > 0 && (
              <Picker
                mode="selector"
                range={counties.items}
                rangeKey="name"
                value={counties.selected ?? 0}
                disabled={flag(submitting || counties.items.length === 0)}
                onChange={(e) => pickRegion('county', Number(e.detail.value))}
                data-label="区县"
              >
                <View className={`region__part${county ? '' : ' region__part--empty'}`} id="region-county">
                  {county?.name ?? '区县'}
                </View>
              </Picker>
            )}
            {regionLoading && <Text className="region__status">加载中…</Text>}
            {province && !regionLoading && (
              <Text className="region__clear" onClick={clearRegion}>
                清除
              </Text>
            )}
          </View>
        </FormField>
        {regionError && (
          <View className="region__error">
            <Text>{regionError}</Text>
            {provinces.items.length === 0 && (
              <Text className="region__retry" onClick={() => void loadProvinces()}>
                重试
              </Text>
            )}
          </View>
        )}

        <View
          id="consent"
          className={`consent${form.consent ? ' consent--checked' : ''}`}
          role="checkbox"
          aria-checked={form.consent}
          onClick={toggleConsent}
        >
          <View className="consent__box">{form.consent ? '✓' : ''}</View>
          <Text className="consent__text">{CONSENT_TEXT}</Text>
        </View>
        {shown.consent && (
          <Text id="consent-error" className="field-error" data-field="consent" aria-live="polite">
            {shown.consent}
          </Text>
        )}
      </View>

      <View className="register__actions">
        <Button
          id="submit"
          className="btn btn-primary"
          loading={flag(submitting)}
          disabled={flag(submitting)}
          onClick={() => void submit()}
        >
          注册
        </Button>
        <View className="register__switch">
          <Text>已有账号？</Text>
          <Text id="go-login" className="register__link" onClick={() => void Taro.redirectTo({ url: ROUTES.login })}>
            去登录
          </Text>
        </View>
      </View>
    </View>
  );
}
