/**
 * 志愿团体注册 (T-1 … T-3, T-8). The name rule and the credit code check are shown under their
 * fields while typing, before anything is sent. A registered organization gives its credit code
 * and a certificate photo, uploaded right after the team is created; an unregistered one
 * chooses a liaison team near it. A new unit is registered once the team exists (its applicant
 * is then a team admin, who may register units). Success opens the team's page.
 */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Image, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import {
  ACCOUNT_LIMITS,
  REGISTRATION_STATUS_LABELS,
  REGISTRATION_STATUSES,
  type RegistrationStatus,
  type TeamSummaryDto,
} from '@zhiyuan/shared';
import FormAlert from '@/components/FormAlert';
import FormField from '@/components/FormField';
import PageState from '@/components/PageState';
import RegionPicker from '@/components/RegionPicker';
import UnitPicker, { type UnitChoice } from '@/components/UnitPicker';
import { FileRejected, imageSrcOf, pickCertificatePhoto, releaseImageSrc, type PickedFile } from '@/services/files';
import { isApiError } from '@/services/request';
import { registerTeam, updateTeamSettings, uploadCertificate } from '@/services/teams';
import { isSignedIn } from '@/services/token';
import { createUnit } from '@/services/units';
import { flag } from '@/utils/attrs';
import { pick, serverFieldErrors } from '@/utils/form';
import { ROUTES, teamRoute } from '@/routes';
import LiaisonPicker from './LiaisonPicker';
import {
  creditCodeMessage,
  EMPTY_FORM,
  FIELDS,
  nameMessage,
  STATUS_HOW_TO_TELL,
  STATUS_NOTES,
  STATUS_OPTIONS,
  toRegistrationInput,
  validateTeamForm,
  type TeamForm,
  type TextField,
} from './form';

import '../../lib/teams.scss';
import './index.scss';

export default function TeamRegister() {
  const [form, setForm] = useState<TeamForm>(EMPTY_FORM);
  // the first choice, as a wheel picker starts; the note under it says what each means
  const [status, setStatus] = useState<RegistrationStatus>('registered_org');
  const [regionCode, setRegionCode] = useState<string | null>(null);
  const [liaison, setLiaison] = useState<TeamSummaryDto | null>(null);
  const [unit, setUnit] = useState<UnitChoice | null>(null);
  const [certificate, setCertificate] = useState<PickedFile | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<{ message: string; hint?: string; code?: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [picking, setPicking] = useState(false);

  // the preview's blob URL goes with it
  useEffect(() => () => releaseImageSrc(preview), [preview]);

  if (!isSignedIn()) {
    return (
      <View className="team-page">
        <PageState status="signed-out" description="登录后可注册志愿团体；申请人须已完成志愿者实名注册" />
      </View>
    );
  }

  const choices = {
    registrationStatus: status,
    regionCode,
    liaisonTeamId: liaison?.id ?? null,
    unitId: unit?.kind === 'existing' ? unit.unit.id : null,
    hasCertificate: certificate !== null,
  };
  const clientErrors = validateTeamForm(form, choices);
  const live: Record<string, string> = {};
  const nameLive = nameMessage(form.name, touched.has('name'));
  if (nameLive) live.name = nameLive;
  const creditLive = status === 'registered_org' ? creditCodeMessage(form.creditCode, touched.has('creditCode')) : '';
  if (creditLive) live.creditCode = creditLive;
  // a field's message shows while typing where a rule says so, once left, or after 提交; the bff's until edited
  const shown: Record<string, string> = {
    ...(submitted ? clientErrors : { ...pick(clientErrors, touched), ...live }),
    ...serverErrors,
  };

  const forget = (field: string) => setServerErrors(({ [field]: _gone, ...rest }) => rest);
  const leave = (field: string) => setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));
  const edit = (field: TextField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    forget(field);
  };

  const chooseStatus = (value: RegistrationStatus) => {
    setStatus(value);
    forget('registrationStatus');
  };

  const chooseRegion = (code: string | null) => {
    setRegionCode(code);
    // the liaison teams on offer depend on the region (T-2)
    setLiaison(null);
    forget('regionCode');
    forget('liaisonTeamId');
    if (code) leave('regionCode');
  };

  const chooseCertificate = async () => {
    if (picking || submitting) return;
    setPicking(true);
    try {
      const photo = await pickCertificatePhoto();
      if (!photo) return;
      setCertificate(photo);
      setPreview(imageSrcOf(photo.data, photo.contentType));
      forget('certificate');
    } catch (e) {
      setServerErrors((s) => ({
        ...s,
        certificate: e instanceof FileRejected ? e.message : '照片读取失败，请重新选择',
      }));
    } finally {
      setPicking(false);
    }
  };

  const showBanner = (message: string, hint?: string, code?: string) => {
    setFormError({ message, hint, code });
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined);
  };

  /** After the team exists: the new unit, then the certificate; each failure is said on the team's page. */
  const finish = async (teamId: string) => {
    const flags: string[] = [];
    if (unit?.kind === 'new' && regionCode) {
      try {
        const created = await createUnit({ ...unit.draft, regionCode });
        await updateTeamSettings(teamId, { unitId: created.id });
      } catch {
        flags.push('unit=failed');
      }
    }
    if (status === 'registered_org' && certificate) {
      try {
        await uploadCertificate(teamId, certificate);
      } catch {
        flags.push('certificate=failed');
      }
    }
    return flags;
  };

  const submit = async () => {
    if (submitting) return;
    setSubmitted(true);
    setFormError(null);
    setServerErrors({});
    if (Object.keys(clientErrors).length > 0) {
      void Taro.showToast({ title: '请检查标红的内容', icon: 'none' });
      return;
    }
    setSubmitting(true);
    try {
      const team = await registerTeam(toRegistrationInput(form, choices));
      const flags = await finish(team.id);
      void Taro.showToast({ title: '已提交审核', icon: 'success' });
      const url = teamRoute(team.id) + (flags.length ? `&${flags.join('&')}` : '');
      await Taro.redirectTo({ url });
    } catch (e) {
      if (!isApiError(e)) {
        showBanner('提交失败，请稍后再试');
        return;
      }
      const byField = serverFieldErrors(e);
      setServerErrors(byField);
      const placed = FIELDS.some((f) => f in byField);
      if (!placed) showBanner(e.message, e.hint, e.code);
    } finally {
      setSubmitting(false);
    }
  };

  const textInput = (
    field: TextField,
    props: { placeholder: string; maxlength?: number; type?: 'text' | 'number' },
  ) => (
    <Input
      id={field}
      name={field}
      className="form-input"
      type={props.type ?? 'text'}
      value={form[field]}
      placeholder={props.placeholder}
      maxlength={props.maxlength ?? 200}
      disabled={flag(submitting)}
      onInput={(e) => edit(field, e.detail.value)}
      onBlur={() => leave(field)}
    />
  );

  return (
    <View className="team-register">
      <View className="team-register__head">
        <Text className="team-register__title">志愿团体注册</Text>
        <Text className="team-register__subtitle">
          申请人成为团体的第一位管理员；提交后由登记机关或联络团体审核，审核通过后才能接收成员、发布项目。
        </Text>
      </View>

      {formError && <FormAlert message={formError.message} hint={formError.hint} />}
      {formError?.code === 'TEAM.VOLUNTEER_REQUIRED' && (
        <Text id="go-enrol" className="team-register__link" onClick={() => void Taro.navigateTo({ url: ROUTES.enrol })}>
          去进行志愿者实名注册 ›
        </Text>
      )}

      <View className="team-register__section">
        <Text className="team-register__section-title">团体名称</Text>
        <FormField
          name="name"
          label="团体名称"
          required
          hint="请规范填写，如：XX志愿服务队；单位的志愿团体填写「单位名称＋志愿服务队」"
          error={shown.name}
        >
          {textInput('name', { placeholder: '如：东城区和平里街道志愿服务队', maxlength: 50 })}
        </FormField>
      </View>

      <View className="team-register__section">
        <Text className="team-register__section-title">登记状态</Text>
        <FormField name="registrationStatus" label="登记状态" required error={shown.registrationStatus}>
          <Picker
            mode="selector"
            range={STATUS_OPTIONS.map((o) => o.label)}
            value={REGISTRATION_STATUSES.indexOf(status)}
            disabled={flag(submitting)}
            onChange={(e) => chooseStatus(REGISTRATION_STATUSES[Number(e.detail.value)] ?? status)}
            data-label="登记状态"
          >
            <View className="team-register__select" id="registrationStatus" data-value={status}>
              <Text>{REGISTRATION_STATUS_LABELS[status]}</Text>
              <Text className="team-register__select-arrow">更改 ▾</Text>
            </View>
          </Picker>
        </FormField>
        <Text id="registrationStatus-note" className="team-register__status-note">
          {STATUS_NOTES[status]}
        </Text>
        <Text className="team-register__status-note">{STATUS_HOW_TO_TELL}</Text>
        <FormField
          name="regionCode"
          label="所在地区"
          required
          hint="志愿团体所在的省、市、县（区）"
          error={shown.regionCode}
        >
          <RegionPicker onChange={chooseRegion} disabled={submitting} />
        </FormField>

        {status === 'registered_org' && (
          <>
            <FormField
              name="creditCode"
              label="统一社会信用代码"
              required
              hint="登记证书上的 18 位代码"
              error={shown.creditCode}
            >
              {textInput('creditCode', { placeholder: '18 位统一社会信用代码', maxlength: 22 })}
            </FormField>
            <FormField
              name="certificate"
              label="登记证书照片"
              required
              hint="JPG 或 PNG，不超过 5 MB；提交后随即上传，供登记机关审核"
              error={shown.certificate}
            >
              <View className="team-register__certificate">
                {preview && (
                  <Image id="certificate-preview" className="team-register__preview" src={preview} mode="aspectFit" />
                )}
                {certificate && (
                  <Text id="certificate-chosen" className="team-register__chosen">
                    已选择：{certificate.name}（{Math.ceil(certificate.size / 1024)} KB）
                  </Text>
                )}
                <Button
                  id="certificate"
                  className="btn btn-plain team-register__small-button"
                  loading={flag(picking)}
                  disabled={flag(picking || submitting)}
                  onClick={() => void chooseCertificate()}
                >
                  {certificate ? '重新选择' : '选择登记证书照片'}
                </Button>
              </View>
            </FormField>
          </>
        )}

        {status === 'unregistered' && (
          <FormField name="liaisonTeamId" label="联络团体" required error={shown.liaisonTeamId}>
            <LiaisonPicker
              regionCode={regionCode}
              value={liaison}
              disabled={submitting}
              onChange={(t) => {
                setLiaison(t);
                forget('liaisonTeamId');
              }}
            />
          </FormField>
        )}
      </View>

      <View className="team-register__section">
        <Text className="team-register__section-title">联系方式</Text>
        <FormField name="contactName" label="联系人" required error={shown.contactName}>
          {textInput('contactName', { placeholder: '负责团体事务的联系人姓名', maxlength: 50 })}
        </FormField>
        <FormField
          name="contactPhone"
          label="联系电话"
          required
          hint="11 位手机号码；公开页面只显示部分号码"
          error={shown.contactPhone}
        >
          {textInput('contactPhone', { placeholder: '11 位手机号码', type: 'number', maxlength: 11 })}
        </FormField>
        <FormField
          name="contactEmail"
          label="电子邮箱"
          required
          hint="审核结果会发到这个邮箱；建议使用 QQ、网易、新浪或搜狐邮箱"
          error={shown.contactEmail}
        >
          {textInput('contactEmail', { placeholder: '例如 team@example.com', maxlength: ACCOUNT_LIMITS.emailMax })}
        </FormField>
        <FormField name="address" label="地址" required error={shown.address}>
          {textInput('address', { placeholder: '团体的办公或活动地址', maxlength: 200 })}
        </FormField>
      </View>

      <View className="team-register__section">
        <Text className="team-register__section-title">团体介绍</Text>
        <FormField
          name="serviceCategories"
          label="服务类别"
          hint="多项用顿号或逗号分隔，如：社区服务、助老助残"
          error={shown.serviceCategories}
        >
          {textInput('serviceCategories', { placeholder: '例如 社区服务、环境保护', maxlength: 200 })}
        </FormField>
        <FormField name="description" label="团体简介" error={shown.description}>
          <Textarea
            id="description"
            className="team-register__textarea"
            value={form.description}
            placeholder="团体的宗旨、服务内容和活动情况"
            maxlength={2000}
            disabled={flag(submitting)}
            onInput={(e) => edit('description', e.detail.value)}
          />
        </FormField>
        <FormField
          name="unitId"
          label="所属单位"
          hint="机关、企事业单位、学校的志愿团体请选择所属单位，用于统计单位注册率"
          error={shown.unitId}
        >
          <UnitPicker
            value={unit}
            regionCode={regionCode}
            create="later"
            disabled={submitting}
            onChange={(u) => {
              setUnit(u);
              forget('unitId');
            }}
          />
        </FormField>
      </View>

      <View className="team-register__actions">
        <Button
          id="submit"
          className="btn btn-primary"
          loading={flag(submitting)}
          disabled={flag(submitting)}
          onClick={() => void submit()}
        >
          提交注册
        </Button>
        <Text className="team-register__note">
          新注册的志愿团体默认“拒绝任何人加入”，审核通过后可在“团体设置”中修改成员加入方式。
        </Text>
      </View>
    </View>
  );
}
