/**
 * One volunteer as the regional admin of their region sees it: every field, the document
 * number unmasked (the bff audits the read), the uploaded photo, and the support actions:
 * manual verification (V-5), freeze (V-7), password reset (V-9).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { DOCUMENT_TYPE_LABELS, fieldErrors, verificationDecisionSchema, type VolunteerDto } from '@zhiyuan/shared';
import DecisionPanel from '@/components/DecisionPanel';
import FormAlert from '@/components/FormAlert';
import {
  decideVerification,
  fetchVolunteerPhoto,
  getVolunteer,
  resetVolunteerPassword,
  setFrozen,
} from '@/services/admin';
import { imageSrcOf, releaseImageSrc } from '@/services/files';
import { isApiError } from '@/services/request';
import { isSignedIn } from '@/services/token';
import { flag } from '@/utils/attrs';
import { formatDateTime, GENDER_LABELS } from '@/utils/format';
import AdminState from '../../lib/AdminState';
import { isForbidden, type ListStatus } from '@/hooks/usePagedList';

import './index.scss';

type Photo = { status: 'loading' } | { status: 'none'; message: string } | { status: 'ready'; src: string };
type Action = 'verify' | 'reject' | 'freeze' | 'unfreeze' | 'reset';

const SOURCE_LABELS = { registered: '注册', imported: '导入' } as const;

export default function AdminVolunteer() {
  const router = useRouter();
  const id = router.params?.id ?? '';
  const [status, setStatus] = useState<ListStatus>(() => (isSignedIn() ? 'loading' : 'signed-out'));
  const [error, setError] = useState<unknown>(null);
  const [volunteer, setVolunteer] = useState<VolunteerDto | null>(null);
  const [photo, setPhoto] = useState<Photo>({ status: 'loading' });
  const [busy, setBusy] = useState<Action | null>(null);
  const [actionError, setActionError] = useState<{ message: string; hint?: string } | null>(null);
  const [newPassword, setNewPassword] = useState<string | null>(null);
  const loadId = useRef(0);

  const loadPhoto = useCallback(async (volunteerId: string, loadNo: number) => {
    setPhoto({ status: 'loading' });
    try {
      const bytes = await fetchVolunteerPhoto(volunteerId);
      if (loadNo !== loadId.current) return;
      setPhoto({ status: 'ready', src: imageSrcOf(bytes.data, bytes.contentType || 'image/jpeg') });
    } catch (e) {
      if (loadNo !== loadId.current) return;
      const missing = isApiError(e) && e.code === 'VERIFICATION.PHOTO_MISSING';
      setPhoto({ status: 'none', message: missing ? '没有证件照片' : '证件照片加载失败' });
    }
  }, []);

  const load = useCallback(async () => {
    const loadNo = ++loadId.current;
    if (!isSignedIn()) {
      setStatus('signed-out');
      return;
    }
    try {
      const v = await getVolunteer(id);
      if (loadNo !== loadId.current) return;
      setVolunteer(v);
      setStatus('ready');
      void loadPhoto(v.id, loadNo);
    } catch (e) {
      if (loadNo !== loadId.current) return;
      if (isApiError(e) && e.isSignedOut) setStatus('signed-out');
      else if (isForbidden(e)) setStatus('forbidden');
      else {
        setError(e);
        setStatus('error');
      }
    }
  }, [id, loadPhoto]);

  useDidShow(() => {
    void load();
  });

  // the photo's blob URL goes when it is replaced or the page closes
  useEffect(() => () => releaseImageSrc(photo.status === 'ready' ? photo.src : null), [photo]);

  if (status !== 'ready' || !volunteer) {
    return (
      <View className="admin">
        <AdminState status={status} error={error} onRetry={() => void load()} />
      </View>
    );
  }

  const v = volunteer;
  /** Runs one action; true when it went through. */
  const run = async (action: Action, call: () => Promise<VolunteerDto | void>, done: string) => {
    if (busy) return false;
    setActionError(null);
    setBusy(action);
    try {
      const updated = await call();
      if (updated) setVolunteer(updated);
      void Taro.showToast({ title: done, icon: 'success' });
      return true;
    } catch (e) {
      setActionError(isApiError(e) ? { message: e.message, hint: e.hint } : { message: '操作失败，请稍后再试' });
    } finally {
      setBusy(null);
    }
  };

  const confirm = async (title: string, content: string) => (await Taro.showModal({ title, content })).confirm;

  const verify = async () => {
    if (!(await confirm('认证通过', `确认「${v.realName}」的证件照片与姓名、证件号码一致，认证通过？`))) return;
    await run('verify', () => decideVerification(v.id, { decision: 'verify' }), '已认证通过');
  };

  const reject = async (reason: string) =>
    (await run('reject', () => decideVerification(v.id, { decision: 'reject', reason }), '已标记为不通过')) === true;

  const freeze = async (frozen: boolean) => {
    const ok = frozen
      ? await confirm('冻结账号', `冻结后「${v.realName}」不能登录，直到解冻。确定冻结？`)
      : await confirm('解冻账号', `确定解冻「${v.realName}」的账号？`);
    if (!ok) return;
    await run(frozen ? 'freeze' : 'unfreeze', () => setFrozen(v.id, frozen), frozen ? '已冻结' : '已解冻');
  };

  const resetPassword = async () => {
    if (!(await confirm('重置密码', `将为「${v.realName}」生成一个新密码，原密码立即失效。确定重置？`))) return;
    await run(
      'reset',
      async () => {
        const { password } = await resetVolunteerPassword(v.id);
        setNewPassword(password);
      },
      '密码已重置',
    );
  };

  const copyPassword = () => {
    if (!newPassword) return;
    void Taro.setClipboardData({ data: newPassword });
  };

  const decided = v.verification.state === 'verified';
  const rows: Array<{ label: string; value: string; id?: string }> = [
    { label: '姓名', value: v.realName, id: 'admin-real-name' },
    { label: '用户名', value: v.username ?? '（导入的记录，尚未激活）' },
    { label: '证件类型', value: DOCUMENT_TYPE_LABELS[v.documentType] },
    { label: '证件号码', value: v.documentNumber, id: 'admin-document-number' },
    { label: '性别', value: v.gender ? GENDER_LABELS[v.gender] : '—' },
    { label: '出生日期', value: v.birthDate ?? '—' },
    { label: '所在地区', value: v.regionName ?? v.regionCode },
    { label: '居住地址', value: v.address ?? '—' },
    { label: '志愿者编号', value: v.volunteerNumber ?? '—' },
    { label: '来源', value: SOURCE_LABELS[v.source] },
    { label: '技能特长', value: v.skills.join('、') || '—' },
    { label: '服务类别', value: v.serviceCategories.join('、') || '—' },
    { label: '注册时间', value: formatDateTime(v.createdAt) },
  ];

  return (
    <View className="admin">
      {actionError && <FormAlert message={actionError.message} hint={actionError.hint} />}

      <View className="admin__section">
        <Text className="admin__title">基本信息</Text>
        {rows.map((r) => (
          <View key={r.label} className="admin__row">
            <Text className="admin__label">{r.label}</Text>
            <Text id={r.id} className="admin__value">
              {r.value}
            </Text>
          </View>
        ))}
        {v.documentNumberMasked ? (
          <Text className="admin__note">该志愿者不在你管理的地区，证件号码只显示部分内容。</Text>
        ) : (
          <Text className="admin__note">完整证件号码仅供核对身份，本次查看已记录；未经本人同意不得向他人提供。</Text>
        )}
        {v.guardian && (
          <View className="admin__row">
            <Text className="admin__label">监护人</Text>
            <Text className="admin__value">
              {v.guardian.name} {v.guardian.mobile}
            </Text>
          </View>
        )}
      </View>

      <View className="admin__section">
        <Text className="admin__title">实名认证</Text>
        <View className="admin__row">
          <Text className="admin__label">状态</Text>
          <Text id="admin-verification-state" className="admin__value" data-state={v.verification.state}>
            {v.verification.label}
          </Text>
        </View>
        {v.verification.reason && (
          <View className="admin__row">
            <Text className="admin__label">原因</Text>
            <Text id="admin-verification-reason" className="admin__value">
              {v.verification.reason}
            </Text>
          </View>
        )}
        <View className="admin-photo">
          {photo.status === 'ready' ? (
            <Image id="admin-photo" className="admin-photo__image" src={photo.src} mode="widthFix" />
          ) : (
            <Text id="admin-photo-missing" className="admin__note">
              {photo.status === 'loading' ? '证件照片加载中…' : photo.message}
            </Text>
          )}
        </View>
        {!decided && (
          <DecisionPanel
            className="admin-actions"
            approveId="verify"
            approveLabel="认证通过"
            reasonPlaceholder="不通过的原因，如：照片模糊、姓名与证件不一致"
            inputClassName="admin-reject__input"
            approveLoading={busy === 'verify'}
            rejectLoading={busy === 'reject'}
            disabled={busy !== null}
            onApprove={() => void verify()}
            validateReason={(reason) => fieldErrors(verificationDecisionSchema, { decision: 'reject', reason }).reason}
            onReject={reject}
          />
        )}
      </View>

      {v.accountId && (
        <View className="admin__section">
          <Text className="admin__title">账号</Text>
          <View className="admin__row">
            <Text className="admin__label">账号状态</Text>
            <Text id="admin-frozen" className="admin__value">
              {v.frozen ? '已冻结' : '正常'}
            </Text>
          </View>
          <View className="admin-actions">
            {v.frozen ? (
              <Button
                id="unfreeze"
                className="btn btn-plain"
                loading={flag(busy === 'unfreeze')}
                disabled={flag(busy !== null)}
                onClick={() => void freeze(false)}
              >
                解冻
              </Button>
            ) : (
              <Button
                id="freeze"
                className="btn btn-plain"
                loading={flag(busy === 'freeze')}
                disabled={flag(busy !== null)}
                onClick={() => void freeze(true)}
              >
                冻结
              </Button>
            )}
            <Button
              id="reset-password"
              className="btn btn-plain"
              loading={flag(busy === 'reset')}
              disabled={flag(busy !== null)}
              onClick={() => void resetPassword()}
            >
              重置密码
            </Button>
          </View>
          {newPassword && (
            <View className="admin-password">
              <Text className="admin__label">新密码</Text>
              <Text id="new-password" className="admin-password__value" userSelect>
                {newPassword}
              </Text>
              <Button id="copy-password" className="btn btn-primary" onClick={copyPassword}>
                复制密码
              </Button>
              <Text className="admin__note">
                新密码只显示这一次，离开本页后无法再次查看。请告知志愿者本人，登录后尽快修改密码并更新个人信息。
              </Text>
            </View>
          )}
        </View>
      )}
    </View>
  );
}
