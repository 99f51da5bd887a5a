/**
 * 登记机关设置 (T-1, T-5): the registration authority of the admin's region reviews the teams
 * that registered as registered organizations there. Its name is what applicants see as their
 * reviewer; its contacts are shown to them after 7 days of waiting; its group robot hears of new
 * teams and of 提醒审核.
 */
import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { fieldErrors, regionAuthoritySchema, ROBOT_KINDS, type MeDto, type RobotKind } from '@zhiyuan/shared';
import FormAlert from '@/components/FormAlert';
import FormField from '@/components/FormField';
import RadioGroup from '@/components/RadioGroup';
import RegionPicker from '@/components/RegionPicker';
import { isForbidden, type ListStatus } from '@/hooks/usePagedList';
import { fetchMe } from '@/services/accounts';
import { getRegion, regionFullName } from '@/services/regions';
import { isApiError } from '@/services/request';
import { getAuthority, saveAuthority, type RegionAuthorityDto, type RegionAuthorityInput } from '@/services/teams';
import { isSignedIn } from '@/services/token';
import { flag } from '@/utils/attrs';
import { formatDateTime } from '@/utils/format';
import { serverFieldErrors } from '@/utils/form';
import { isRegionalAdmin } from '@/utils/roles';
import AdminState from '../../lib/AdminState';

import './index.scss';

interface AuthorityForm {
  authorityName: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  robotUrl: string;
  robotKind: RobotKind;
  robotSecret: string;
}

type TextField = Exclude<keyof AuthorityForm, 'robotKind'>;

const ROBOT_OPTIONS = ROBOT_KINDS.map((kind) => ({
  value: kind,
  label: { wecom: '企业微信', dingtalk: '钉钉', feishu: '飞书' }[kind],
}));

function formOf(a: RegionAuthorityDto): AuthorityForm {
  return {
    authorityName: a.authorityName,
    contactName: a.contactName ?? '',
    contactPhone: a.contactPhone ?? '',
    contactEmail: a.contactEmail ?? '',
    robotUrl: a.robotUrl ?? '',
    robotKind: a.robotKind,
    robotSecret: a.robotSecret ?? '',
  };
}

/** The whole record (PUT replaces it); blanks are 「未填写」. */
function inputOf(f: AuthorityForm): RegionAuthorityInput {
  const orNull = (v: string) => v.trim() || null;
  return {
    authorityName: f.authorityName.trim(),
    contactName: orNull(f.contactName),
    contactPhone: orNull(f.contactPhone),
    contactEmail: orNull(f.contactEmail),
    robotUrl: orNull(f.robotUrl),
    robotKind: f.robotKind,
    robotSecret: orNull(f.robotSecret),
  };
}

/** The regions the account administers; null for a system admin, who may choose any. */
function scopesOf(me: MeDto): string[] | null {
  if (me.roles.some((r) => r.role === 'system_admin')) return null;
  return me.roles.filter((r) => r.role === 'regional_admin' && r.regionCode).map((r) => r.regionCode!);
}

export default function AuthoritySettings() {
  const [status, setStatus] = useState<ListStatus>(() => (isSignedIn() ? 'loading' : 'signed-out'));
  const [error, setError] = useState<unknown>(null);
  const [scopes, setScopes] = useState<string[] | null>([]);
  const [regionCode, setRegionCode] = useState<string | null>(null);
  const [regionName, setRegionName] = useState('');
  const [authority, setAuthority] = useState<RegionAuthorityDto | null>(null);
  const [form, setForm] = useState<AuthorityForm | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<{ message: string; hint?: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const loadId = useRef(0);

  const loadAuthority = useCallback(async (code: string) => {
    const no = ++loadId.current;
    setRegionCode(code);
    setForm(null);
    setErrors({});
    setFormError(null);
    setRegionName(code);
    getRegion(code)
      .then((r) => no === loadId.current && setRegionName(regionFullName(r)))
      .catch(() => undefined);
    try {
      const a = await getAuthority(code);
      if (no !== loadId.current) return;
      setAuthority(a);
      setForm(formOf(a));
      setStatus('ready');
    } catch (e) {
      if (no !== loadId.current) return;
      if (isForbidden(e)) setStatus('forbidden');
      else {
        setError(e);
        setStatus('error');
      }
    }
  }, []);

  const load = useCallback(async () => {
    if (!isSignedIn()) {
      setStatus('signed-out');
      return;
    }
    try {
      const me = await fetchMe();
      if (!isRegionalAdmin(me)) {
        setStatus('forbidden');
        return;
      }
      const mine = scopesOf(me);
      setScopes(mine);
      if (mine && mine[0]) await loadAuthority(mine[0]);
      else setStatus('ready');
    } catch (e) {
      if (isApiError(e) && e.isSignedOut) setStatus('signed-out');
      else {
        setError(e);
        setStatus('error');
      }
    }
  }, [loadAuthority]);

  useDidShow(() => {
    void load();
  });

  if (status !== 'ready') {
    return (
      <View className="admin">
        <AdminState status={status} error={error} onRetry={() => void load()} />
      </View>
    );
  }

  const edit = <K extends keyof AuthorityForm>(field: K, value: AuthorityForm[K]) => {
    setForm((f) => (f ? { ...f, [field]: value } : f));
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const save = async () => {
    if (saving || !form || !regionCode) return;
    setFormError(null);
    const input = inputOf(form);
    const found = fieldErrors(regionAuthoritySchema, input);
    if (found.authorityName) found.authorityName = '请填写登记机关名称（至少 2 个字）';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const saved = await saveAuthority(regionCode, input);
      setAuthority(saved);
      setForm(formOf(saved));
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (e) {
      if (isApiError(e)) {
        const byField = serverFieldErrors(e);
        setErrors(byField);
        if (Object.keys(byField).length === 0) setFormError({ message: e.message, hint: e.hint });
      } else {
        setFormError({ message: '保存失败，请稍后再试' });
      }
    } finally {
      setSaving(false);
    }
  };

  const input = (field: TextField, placeholder: string, maxlength = 100) => (
    <Input
      id={field}
      name={field}
      className="form-input"
      value={form?.[field] ?? ''}
      placeholder={placeholder}
      maxlength={maxlength}
      disabled={flag(saving)}
      onInput={(e) => edit(field, e.detail.value)}
    />
  );

  return (
    <View className="admin">
      <Text className="admin__summary">
        在民政部门登记的社会组织注册志愿团体时，由所在地区的登记机关审核。这里设置的名称会显示给申请人；等待审核超过 7
        天时，申请人可以看到这里的联系方式。
      </Text>

      {scopes === null && (
        <View className="admin__section">
          <Text className="admin__title">地区</Text>
          <RegionPicker onChange={(code) => code && void loadAuthority(code)} disabled={saving} />
        </View>
      )}
      {scopes !== null && scopes.length > 1 && (
        <View className="admin__section">
          <Text className="admin__title">地区</Text>
          <RadioGroup
            id="authority-region"
            options={scopes.map((code) => ({ value: code, label: code }))}
            value={regionCode}
            onChange={(code) => void loadAuthority(code)}
          />
        </View>
      )}

      {formError && <FormAlert message={formError.message} hint={formError.hint} />}

      {regionCode && !form && <Text className="admin__note">加载中…</Text>}
      {regionCode && form && (
        <View className="admin__section authority-form">
          <Text className="admin__title" id="authority-region-name">
            {regionName}
          </Text>
          {!authority?.updatedAt && <Text className="admin__note">尚未设置，以下为默认名称。</Text>}
          {authority?.updatedAt && <Text className="admin__note">上次保存：{formatDateTime(authority.updatedAt)}</Text>}
          <FormField name="authorityName" label="登记机关名称" required error={errors.authorityName}>
            {input('authorityName', '如：北京市东城区民政局')}
          </FormField>
          <FormField name="contactName" label="联系人" error={errors.contactName}>
            {input('contactName', '负责审核的工作人员', 50)}
          </FormField>
          <FormField name="contactPhone" label="联系电话" hint="可填写座机" error={errors.contactPhone}>
            {input('contactPhone', '如：010-12345678', 30)}
          </FormField>
          <FormField
            name="contactEmail"
            label="电子邮箱"
            hint="新的注册和提醒审核会发到这个邮箱"
            error={errors.contactEmail}
          >
            {input('contactEmail', '例如 shetuan@example.gov.cn', 100)}
          </FormField>
          <FormField name="robotKind" label="群机器人类型" required>
            <RadioGroup
              id="robotKind"
              options={ROBOT_OPTIONS}
              value={form.robotKind}
              inline
              disabled={saving}
              onChange={(kind) => edit('robotKind', kind)}
            />
          </FormField>
          <FormField name="robotUrl" label="群机器人地址（Webhook）" hint="留空则不通知群" error={errors.robotUrl}>
            {input('robotUrl', 'https://…', 500)}
          </FormField>
          <FormField name="robotSecret" label="签名密钥" hint="机器人开启了“加签”时填写" error={errors.robotSecret}>
            {input('robotSecret', '未设置', 200)}
          </FormField>
          <View className="admin-actions">
            <Button
              id="save"
              className="btn btn-primary"
              loading={flag(saving)}
              disabled={flag(saving)}
              onClick={() => void save()}
            >
              保存
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
