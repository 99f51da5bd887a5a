/**
 * 团体设置 (`?id=`), for the team's admins: 成员加入方式 (T-6; every team starts with
 * 「拒绝任何人加入」), the group robot that hears of join requests, contacts, introduction and
 * the work unit (T-8). Only what changed is sent.
 */
import { useEffect, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import {
  ACCOUNT_LIMITS,
  fieldErrors,
  JOIN_MODE_LABELS,
  JOIN_MODES,
  ROBOT_KINDS,
  teamSettingsSchema,
  type JoinMode,
  type RobotKind,
  type TeamDto,
} from '@zhiyuan/shared';
import FormAlert from '@/components/FormAlert';
import FormField from '@/components/FormField';
import RadioGroup from '@/components/RadioGroup';
import UnitPicker, { type UnitChoice } from '@/components/UnitPicker';
import { isApiError } from '@/services/request';
import { updateTeamSettings, type TeamSettingsInput } from '@/services/teams';
import { flag } from '@/utils/attrs';
import { joinTags, serverFieldErrors, splitTags } from '@/utils/form';
import { JOIN_MODE_DEFAULT_NOTE, JOIN_MODE_OPTIONS, ROBOT_KIND_LABELS } from '../../lib/labels';
import TeamState from '../../lib/TeamState';
import { useTeam } from '../../lib/useTeam';

import '../../lib/teams.scss';

interface SettingsForm {
  joinMode: JoinMode;
  robotUrl: string;
  robotKind: RobotKind;
  robotSecret: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  address: string;
  serviceCategories: string;
  description: string;
  unit: UnitChoice | null;
}

type TextField = Exclude<keyof SettingsForm, 'joinMode' | 'robotKind' | 'unit'>;

const ROBOT_OPTIONS = ROBOT_KINDS.map((kind) => ({ value: kind, label: ROBOT_KIND_LABELS[kind] }));

function formOf(team: TeamDto): SettingsForm {
  return {
    joinMode: team.joinMode,
    robotUrl: team.settings?.robotUrl ?? '',
    robotKind: team.settings?.robotKind ?? 'wecom',
    robotSecret: '',
    contactName: team.contactName ?? '',
    contactPhone: team.contactPhone ?? '',
    contactEmail: team.contactEmail ?? '',
    address: team.address ?? '',
    serviceCategories: joinTags(team.serviceCategories),
    description: team.description ?? '',
    unit: team.unit ? { kind: 'existing', unit: team.unit } : null,
  };
}

/** What differs from the team as loaded; a blank secret means 「不修改」. */
function changesOf(form: SettingsForm, team: TeamDto): TeamSettingsInput {
  const out: TeamSettingsInput = {};
  if (form.joinMode !== team.joinMode) out.joinMode = form.joinMode;
  const robotUrl = form.robotUrl.trim();
  if (robotUrl !== (team.settings?.robotUrl ?? '')) out.robotUrl = robotUrl || null;
  if (form.robotKind !== (team.settings?.robotKind ?? 'wecom')) out.robotKind = form.robotKind;
  if (form.robotSecret.trim()) out.robotSecret = form.robotSecret.trim();
  const text = (field: 'contactName' | 'contactPhone' | 'contactEmail' | 'address', current: string | null) => {
    if (form[field].trim() !== (current ?? '')) out[field] = form[field].trim();
  };
  text('contactName', team.contactName);
  text('contactPhone', team.contactPhone);
  text('contactEmail', team.contactEmail);
  text('address', team.address);
  if (form.description.trim() !== (team.description ?? '')) out.description = form.description.trim();
  if (joinTags(splitTags(form.serviceCategories)) !== joinTags(team.serviceCategories)) {
    out.serviceCategories = splitTags(form.serviceCategories);
  }
  const unitId = form.unit?.kind === 'existing' ? form.unit.unit.id : null;
  if (unitId !== (team.unit?.id ?? null)) out.unitId = unitId;
  return out;
}

export default function TeamSettings() {
  const id = useRouter().params?.id ?? '';
  const team = useTeam(id, { admin: true });
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<{ message: string; hint?: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useDidShow(() => {
    void team.reload();
  });

  // the form starts from the team as loaded, and again after each save
  const loaded = team.team;
  useEffect(() => {
    if (loaded) setForm(formOf(loaded));
  }, [loaded]);

  if (team.status !== 'ready' || !team.team || !form) {
    return (
      <View className="team-page">
        <TeamState
          status={team.status === 'ready' ? 'loading' : team.status}
          error={team.error}
          onRetry={() => void team.reload()}
        />
      </View>
    );
  }

  const t = team.team;
  const edit = <K extends keyof SettingsForm>(field: K, value: SettingsForm[K]) => {
    setForm((f) => (f ? { ...f, [field]: value } : f));
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const save = async () => {
    if (saving) return;
    setFormError(null);
    const changes = changesOf(form, t);
    if (Object.keys(changes).length === 0) {
      void Taro.showToast({ title: '没有要修改的内容', icon: 'none' });
      return;
    }
    const found = fieldErrors(teamSettingsSchema, changes);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      team.setTeam(await updateTeamSettings(t.id, changes));
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

  const input = (
    field: TextField,
    placeholder: string,
    extra: { maxlength?: number; type?: 'text' | 'number' } = {},
  ) => (
    <Input
      id={field}
      name={field}
      className="form-input"
      type={extra.type ?? 'text'}
      value={form[field]}
      placeholder={placeholder}
      maxlength={extra.maxlength ?? 200}
      disabled={flag(saving)}
      onInput={(e) => edit(field, e.detail.value)}
    />
  );

  return (
    <View className="team-page">
      <Text className="team-page__summary" id="settings-team-name">
        {t.name}
      </Text>
      {formError && <FormAlert message={formError.message} hint={formError.hint} />}

      <View className="team-form">
        <Text className="team-section__title">成员加入方式</Text>
        <Picker
          mode="selector"
          range={JOIN_MODE_OPTIONS.map((o) => o.label)}
          value={JOIN_MODES.indexOf(form.joinMode)}
          disabled={flag(saving)}
          onChange={(e) => edit('joinMode', JOIN_MODES[Number(e.detail.value)] ?? form.joinMode)}
          data-label="成员加入方式"
        >
          <View id="joinMode" className="team-select" data-value={form.joinMode}>
            <Text>{JOIN_MODE_LABELS[form.joinMode]}</Text>
            <Text className="team-select__arrow">更改 ▾</Text>
          </View>
        </Picker>
        <Text id="joinMode-explain" className="team-note">
          {JOIN_MODE_OPTIONS.find((o) => o.value === form.joinMode)?.note}
        </Text>
        {errors.joinMode && <Text className="field-error">{errors.joinMode}</Text>}
        <Text id="joinMode-note" className="team-note">
          {JOIN_MODE_DEFAULT_NOTE}。请根据需要选择合适的成员加入方式；无论哪种方式，团体管理员都可以邀请志愿者加入。
        </Text>
      </View>

      <View className="team-form">
        <Text className="team-section__title">群机器人</Text>
        <Text className="team-note">有新的加入申请时，通知团体的企业微信、钉钉或飞书群。</Text>
        <FormField name="robotKind" label="群类型" required>
          <RadioGroup
            id="robotKind"
            options={ROBOT_OPTIONS}
            value={form.robotKind}
            inline
            disabled={saving}
            onChange={(kind) => edit('robotKind', kind)}
          />
        </FormField>
        <FormField name="robotUrl" label="机器人地址（Webhook）" hint="留空则不通知群" error={errors.robotUrl}>
          {input('robotUrl', 'https://…', { maxlength: 500 })}
        </FormField>
        <FormField
          name="robotSecret"
          label="签名密钥"
          hint="机器人开启了“加签”时填写；已设置的密钥不显示，留空则不修改"
          error={errors.robotSecret}
        >
          {input('robotSecret', '不修改', { maxlength: 200 })}
        </FormField>
      </View>

      <View className="team-form">
        <Text className="team-section__title">联系方式</Text>
        <FormField name="contactName" label="联系人" required error={errors.contactName}>
          {input('contactName', '联系人姓名', { maxlength: 50 })}
        </FormField>
        <FormField name="contactPhone" label="联系电话" required hint="11 位手机号码" error={errors.contactPhone}>
          {input('contactPhone', '11 位手机号码', { maxlength: 11, type: 'number' })}
        </FormField>
        <FormField name="contactEmail" label="电子邮箱" required error={errors.contactEmail}>
          {input('contactEmail', '例如 team@example.com', { maxlength: ACCOUNT_LIMITS.emailMax })}
        </FormField>
        <FormField name="address" label="地址" required error={errors.address}>
          {input('address', '团体的办公或活动地址')}
        </FormField>
      </View>

      <View className="team-form">
        <Text className="team-section__title">团体介绍</Text>
        <FormField
          name="serviceCategories"
          label="服务类别"
          hint="多项用顿号或逗号分隔"
          error={errors.serviceCategories}
        >
          {input('serviceCategories', '例如 社区服务、环境保护')}
        </FormField>
        <FormField name="description" label="团体简介" error={errors.description}>
          <Textarea
            id="description"
            className="team-form__textarea"
            value={form.description}
            placeholder="团体的宗旨、服务内容和活动情况"
            maxlength={2000}
            disabled={flag(saving)}
            onInput={(e) => edit('description', e.detail.value)}
          />
        </FormField>
        <FormField
          name="unitId"
          label="所属单位"
          hint="机关、企事业单位、学校的志愿团体请选择所属单位"
          error={errors.unitId}
        >
          <UnitPicker
            value={form.unit}
            regionCode={t.regionCode}
            create="now"
            disabled={saving}
            onChange={(u) => edit('unit', u)}
          />
        </FormField>
      </View>

      <View className="team-actions">
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
  );
}
