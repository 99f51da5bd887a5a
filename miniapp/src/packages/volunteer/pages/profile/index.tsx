/**
 * 修改资料 (V-7): contact details, address, region and interests can always change; the real
 * name only until verification; the user name never. 身份信息 shows the masked document and the
 * state of real-name verification, with 上传证件照片 when it failed or was rejected (V-5).
 */
import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import {
  ACCOUNT_LIMITS,
  DOCUMENT_TYPE_LABELS,
  fieldErrors,
  profileUpdateSchema,
  REAL_NAME_MAX,
  type MeDto,
  type ProfileUpdateInput,
  type VolunteerDto,
} from '@zhiyuan/shared';
import FormAlert from '@/components/FormAlert';
import FormField from '@/components/FormField';
import PageState from '@/components/PageState';
import RegionPicker from '@/components/RegionPicker';
import UnitPicker, { unitChoiceName, type UnitChoice } from '@/components/UnitPicker';
import { fetchMe } from '@/services/accounts';
import { FileRejected, pickDocumentPhoto } from '@/services/files';
import { getRegion, regionFullName } from '@/services/regions';
import { isApiError } from '@/services/request';
import { isSignedIn } from '@/services/token';
import { setMyUnit } from '@/services/units';
import { fetchMyVolunteer, updateMyVolunteer, uploadVerificationPhoto } from '@/services/volunteers';
import { flag } from '@/utils/attrs';
import { GENDER_LABELS } from '@/utils/format';
import { joinTags, serverFieldErrors, splitTags } from '@/utils/form';
import { ROUTES } from '@/routes';

import './index.scss';

type LoadState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'error'; error: unknown }
  | { status: 'not-a-volunteer'; message: string }
  | { status: 'ready'; me: MeDto; volunteer: VolunteerDto };

interface ProfileForm {
  realName: string;
  mobile: string;
  email: string;
  address: string;
  skills: string;
  serviceCategories: string;
}

type Field = keyof ProfileForm;

const NAME_LOCKED = '已通过实名认证，不能修改姓名';

function formOf(v: VolunteerDto): ProfileForm {
  return {
    realName: v.realName,
    mobile: '',
    email: '',
    address: v.address ?? '',
    skills: joinTags(v.skills),
    serviceCategories: joinTags(v.serviceCategories),
  };
}

/** Only what changed goes to PATCH; blank contact inputs mean 「不修改」. */
function changesOf(form: ProfileForm, v: VolunteerDto, regionCode: string | null): ProfileUpdateInput {
  const out: ProfileUpdateInput = {};
  if (v.verification.state !== 'verified' && form.realName.trim() !== v.realName) out.realName = form.realName.trim();
  if (form.mobile.trim()) out.mobile = form.mobile.trim();
  if (form.email.trim()) out.email = form.email.trim();
  if (form.address.trim() !== (v.address ?? '')) out.address = form.address.trim() || null;
  if (regionCode && regionCode !== v.regionCode) out.regionCode = regionCode;
  if (joinTags(splitTags(form.skills)) !== joinTags(v.skills)) out.skills = splitTags(form.skills);
  if (joinTags(splitTags(form.serviceCategories)) !== joinTags(v.serviceCategories)) {
    out.serviceCategories = splitTags(form.serviceCategories);
  }
  return out;
}

export default function Profile() {
  const [state, setState] = useState<LoadState>(() =>
    isSignedIn() ? { status: 'loading' } : { status: 'signed-out' },
  );
  const [form, setForm] = useState<ProfileForm | null>(null);
  const [regionCode, setRegionCode] = useState<string | null>(null);
  const [regionName, setRegionName] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<{ message: string; hint?: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(false);
  /** 所在单位 (T-8) chosen here: saved at once, apart from the form */
  const [unit, setUnit] = useState<UnitChoice | null>(null);
  const [unitState, setUnitState] = useState<{ saving: boolean; message: string; ok: boolean }>({
    saving: false,
    message: '',
    ok: true,
  });
  // the picker starts afresh after each save
  const [pickerKey, setPickerKey] = useState(0);
  const loadId = useRef(0);

  const showVolunteer = useCallback((me: MeDto, volunteer: VolunteerDto) => {
    setState({ status: 'ready', me, volunteer });
    setForm(formOf(volunteer));
    setRegionCode(null);
    setRegionName(volunteer.regionName);
    getRegion(volunteer.regionCode)
      .then((r) => setRegionName(regionFullName(r)))
      .catch(() => undefined);
  }, []);

  const load = useCallback(async () => {
    const id = ++loadId.current;
    if (!isSignedIn()) {
      setState({ status: 'signed-out' });
      return;
    }
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' }));
    try {
      const [me, volunteer] = await Promise.all([fetchMe(), fetchMyVolunteer()]);
      if (id !== loadId.current) return;
      showVolunteer(me, volunteer);
    } catch (error) {
      if (id !== loadId.current) return;
      if (isApiError(error) && error.isSignedOut) setState({ status: 'signed-out' });
      else if (isApiError(error) && error.code === 'VOLUNTEER.NOT_A_VOLUNTEER') {
        setState({ status: 'not-a-volunteer', message: error.message });
      } else setState({ status: 'error', error });
    }
  }, [showVolunteer]);

  useDidShow(() => {
    void load();
  });

  if (state.status === 'not-a-volunteer') {
    return (
      <View className="profile">
        <PageState status="empty" title={state.message}>
          <Button id="go-enrol" className="btn btn-primary" onClick={() => void Taro.navigateTo({ url: ROUTES.enrol })}>
            志愿者实名注册
          </Button>
        </PageState>
      </View>
    );
  }
  if (state.status !== 'ready' || !form) {
    return (
      <View className="profile">
        <PageState
          status={state.status === 'ready' ? 'loading' : state.status}
          error={state.status === 'error' ? state.error : undefined}
          onRetry={() => void load()}
        />
      </View>
    );
  }

  const { me, volunteer } = state;
  const verified = volunteer.verification.state === 'verified';
  const canUpload = volunteer.verification.state === 'failed' || volunteer.verification.state === 'rejected';
  const busy = saving || uploading;

  const edit = (field: Field, value: string) => {
    setForm((f) => (f ? { ...f, [field]: value } : f));
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const save = async () => {
    if (busy) return;
    setFormError(null);
    const changes = changesOf(form, volunteer, regionCode);
    if (Object.keys(changes).length === 0) {
      void Taro.showToast({ title: '没有要修改的内容', icon: 'none' });
      return;
    }
    const found = fieldErrors(profileUpdateSchema, changes);
    setErrors(found);
    if (Object.keys(found).length > 0) return;

    setSaving(true);
    try {
      const updated = await updateMyVolunteer(changes);
      // the masked contact shown as 「当前」 comes from the account
      const freshMe = changes.mobile || changes.email ? await fetchMe().catch(() => me) : me;
      showVolunteer(freshMe, updated);
      setPickerKey((k) => k + 1);
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (error) {
      if (isApiError(error)) {
        const byField = serverFieldErrors(error);
        setErrors(byField);
        if (Object.keys(byField).length === 0 || error.code === 'VOLUNTEER.NAME_LOCKED') {
          setFormError({ message: error.message, hint: error.hint });
        }
      } else {
        setFormError({ message: '保存失败，请稍后再试' });
      }
    } finally {
      setSaving(false);
    }
  };

  const uploadPhoto = async () => {
    if (busy) return;
    setFormError(null);
    setUploading(true);
    try {
      const photo = await pickDocumentPhoto();
      if (!photo) return;
      const updated = await uploadVerificationPhoto(photo);
      setState({ status: 'ready', me, volunteer: updated });
      void Taro.showToast({ title: '已上传，等待人工认证', icon: 'none' });
    } catch (error) {
      if (error instanceof FileRejected) setFormError({ message: error.message });
      else if (isApiError(error)) setFormError({ message: error.message, hint: error.hint });
      else setFormError({ message: '上传失败，请稍后再试' });
    } finally {
      setUploading(false);
    }
  };

  const saveUnit = async (choice: UnitChoice | null) => {
    if (unitState.saving) return;
    setUnitState({ saving: true, message: '', ok: true });
    try {
      await setMyUnit(choice?.kind === 'existing' ? choice.unit.id : null);
      setUnit(choice);
      setUnitState({
        saving: false,
        ok: true,
        message: choice ? `已设置所在单位：${unitChoiceName(choice)}` : '已设置为不属于任何单位',
      });
    } catch (error) {
      setUnitState({ saving: false, ok: false, message: isApiError(error) ? error.message : '保存失败，请稍后再试' });
    }
  };

  const input = (field: Field, placeholder: string, extra: { maxlength?: number; disabled?: boolean } = {}) => (
    <Input
      id={field}
      name={field}
      className="form-input"
      value={form[field]}
      placeholder={placeholder}
      maxlength={extra.maxlength ?? 200}
      disabled={flag(busy || Boolean(extra.disabled))}
      onInput={(e) => edit(field, e.detail.value)}
    />
  );

  return (
    <View className="profile">
      {formError && <FormAlert message={formError.message} hint={formError.hint} />}

      <View className="profile__section">
        <Text className="profile__title">账号</Text>
        <View className="profile__row">
          <Text className="profile__label">用户名</Text>
          <Text id="profile-username" className="profile__value">
            {volunteer.username ?? me.username}
          </Text>
        </View>
        <Text className="profile__note">用户名注册后不能修改</Text>
      </View>

      <View className="profile__section" id="identity">
        <Text className="profile__title">身份信息</Text>
        <FormField
          name="realName"
          label="真实姓名"
          required
          hint={verified ? NAME_LOCKED : '与证件上的姓名一致；通过实名认证后不能修改'}
          error={errors.realName}
        >
          {input('realName', '请输入证件上的姓名', { maxlength: REAL_NAME_MAX, disabled: verified })}
        </FormField>
        <View className="profile__row">
          <Text className="profile__label">证件类型</Text>
          <Text className="profile__value">{DOCUMENT_TYPE_LABELS[volunteer.documentType]}</Text>
        </View>
        <View className="profile__row">
          <Text className="profile__label">证件号码</Text>
          <Text id="document-number" className="profile__value profile__mono">
            {volunteer.documentNumber}
          </Text>
        </View>
        {volunteer.gender && (
          <View className="profile__row">
            <Text className="profile__label">性别</Text>
            <Text className="profile__value">{GENDER_LABELS[volunteer.gender]}</Text>
          </View>
        )}
        {volunteer.birthDate && (
          <View className="profile__row">
            <Text className="profile__label">出生日期</Text>
            <Text className="profile__value">{volunteer.birthDate}</Text>
          </View>
        )}
        <View className="profile__row">
          <Text className="profile__label">实名认证</Text>
          <Text
            id="verification-state"
            className={`profile__value profile__state profile__state--${volunteer.verification.state}`}
            data-state={volunteer.verification.state}
          >
            {volunteer.verification.label}
          </Text>
        </View>
        {volunteer.verification.reason && volunteer.verification.state !== 'verified' && (
          <View className="profile__row">
            <Text className="profile__label">原因</Text>
            <Text id="verification-reason" className="profile__value profile__reason">
              {volunteer.verification.reason}
            </Text>
          </View>
        )}
        {volunteer.volunteerNumber && (
          <View className="profile__row">
            <Text className="profile__label">志愿者编号</Text>
            <Text className="profile__value profile__mono">{volunteer.volunteerNumber}</Text>
          </View>
        )}
        {canUpload && (
          <View className="profile__upload">
            <Text className="profile__note">
              请先确认姓名、证件号码与证件一致。如果一致，请上传证件正面照片（JPG 或 PNG，不超过 5
              MB），等待管理员人工认证。
            </Text>
            <Button
              id="upload-photo"
              className="btn btn-plain"
              loading={flag(uploading)}
              disabled={flag(busy)}
              onClick={() => void uploadPhoto()}
            >
              上传证件照片
            </Button>
          </View>
        )}
        {volunteer.verification.state === 'manual_review' && (
          <Text className="profile__note">已上传证件照片，管理员人工认证一般需要 3-5 个工作日。</Text>
        )}
      </View>

      {volunteer.guardian && (
        <View className="profile__section">
          <Text className="profile__title">监护人</Text>
          <View className="profile__row">
            <Text className="profile__label">姓名</Text>
            <Text className="profile__value">{volunteer.guardian.name}</Text>
          </View>
          <View className="profile__row">
            <Text className="profile__label">手机号码</Text>
            <Text className="profile__value">{volunteer.guardian.mobile}</Text>
          </View>
        </View>
      )}

      <View className="profile__section">
        <Text className="profile__title">联系方式</Text>
        <FormField
          name="mobile"
          label="手机号码"
          hint={`当前：${me.mobile ?? '未填写'}；留空则不修改`}
          error={errors.mobile}
        >
          {input('mobile', '新的 11 位手机号码', { maxlength: 11 })}
        </FormField>
        <FormField
          name="email"
          label="电子邮箱"
          hint={`当前：${me.email ?? '未填写'}；留空则不修改`}
          error={errors.email}
        >
          {input('email', '新的电子邮箱', { maxlength: ACCOUNT_LIMITS.emailMax })}
        </FormField>
        <FormField name="regionCode" label="所在地区" required error={errors.regionCode}>
          <RegionPicker
            key={pickerKey}
            currentName={regionName ?? volunteer.regionCode}
            disabled={busy}
            onChange={(code) => {
              setRegionCode(code);
              if (errors.regionCode) setErrors(({ regionCode: _gone, ...rest }) => rest);
            }}
          />
        </FormField>
        <FormField name="address" label="居住地址" error={errors.address}>
          {input('address', '街道、小区、门牌号')}
        </FormField>
      </View>

      <View className="profile__section" id="my-unit">
        <Text className="profile__title">所在单位</Text>
        <Text className="profile__note">选择你工作或学习的单位，用于统计单位的志愿者注册率；选择后立即保存。</Text>
        <UnitPicker
          value={unit}
          regionCode={volunteer.regionCode}
          create="never"
          disabled={unitState.saving}
          onChange={(choice) => void saveUnit(choice)}
        />
        {!unit && (
          <Text id="unit-none" className="profile__link" onClick={() => void saveUnit(null)}>
            不属于任何单位
          </Text>
        )}
        {unitState.message && (
          <Text id="unit-result" className={unitState.ok ? 'profile__note' : 'field-error'}>
            {unitState.message}
          </Text>
        )}
      </View>

      <View className="profile__section">
        <Text className="profile__title">志愿服务意向</Text>
        <FormField name="skills" label="技能特长" hint="多项用顿号或逗号分隔" error={errors.skills}>
          {input('skills', '例如 急救、外语、摄影')}
        </FormField>
        <FormField
          name="serviceCategories"
          label="服务类别"
          hint="多项用顿号或逗号分隔"
          error={errors.serviceCategories}
        >
          {input('serviceCategories', '例如 社区服务、助老助残')}
        </FormField>
      </View>

      <View className="profile__actions">
        <Button
          id="save"
          className="btn btn-primary"
          loading={flag(saving)}
          disabled={flag(busy)}
          onClick={() => void save()}
        >
          保存
        </Button>
        <Text className="profile__footnote">志愿者注册后不能注销；如需冻结账号，请联系所在地区管理部门。</Text>
      </View>
    </View>
  );
}
