/**
 * 审核志愿团体 (`?id=`), for its reviewer (T-4): what the team stated, the certificate photo of a
 * registered organization (T-1, fetched with the token), 通过, or 不通过 with a reason that the
 * applicant receives.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { fieldErrors, teamReviewSchema, TEAM_STATUS_LABELS } from '@zhiyuan/shared';
import DecisionPanel from '@/components/DecisionPanel';
import FormAlert from '@/components/FormAlert';
import { imageSrcOf, releaseImageSrc } from '@/services/files';
import { isApiError } from '@/services/request';
import { fetchCertificate, reviewTeam, type TeamReviewDecision } from '@/services/teams';
import TeamInfo from '../../lib/TeamInfo';
import TeamState from '../../lib/TeamState';
import { useTeam } from '../../lib/useTeam';

import '../../lib/teams.scss';
import './index.scss';

type Photo = { status: 'loading' } | { status: 'none'; message: string } | { status: 'ready'; src: string };

export default function TeamReview() {
  const id = useRouter().params?.id ?? '';
  const team = useTeam(id);
  const [photo, setPhoto] = useState<Photo>({ status: 'loading' });
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [actionError, setActionError] = useState<{ message: string; hint?: string } | null>(null);
  const photoLoad = useRef(0);

  const loadPhoto = useCallback(async (teamId: string) => {
    const no = ++photoLoad.current;
    setPhoto({ status: 'loading' });
    try {
      const bytes = await fetchCertificate(teamId);
      if (no !== photoLoad.current) return;
      setPhoto({ status: 'ready', src: imageSrcOf(bytes.data, bytes.contentType || 'image/jpeg') });
    } catch (e) {
      if (no !== photoLoad.current) return;
      const missing = isApiError(e) && e.code === 'VERIFICATION.PHOTO_MISSING';
      setPhoto({ status: 'none', message: missing ? '申请人尚未上传登记证书照片' : '登记证书照片加载失败' });
    }
  }, []);

  useDidShow(() => {
    void team.reload();
  });

  const registeredOrg = team.team?.registrationStatus === 'registered_org';
  useEffect(() => {
    if (registeredOrg) void loadPhoto(id);
  }, [registeredOrg, id, loadPhoto]);

  // the photo's blob URL goes when it is replaced or the page closes
  useEffect(() => () => releaseImageSrc(photo.status === 'ready' ? photo.src : null), [photo]);

  if (team.status !== 'ready' || !team.team) {
    return (
      <View className="team-page">
        <TeamState
          status={team.status}
          error={team.error}
          onRetry={() => void team.reload()}
          forbidden="只有该志愿团体的审核方（联络团体的管理员或所在地区的登记机关）可以审核。"
        />
      </View>
    );
  }
  const t = team.team;

  const decide = async (decision: TeamReviewDecision, done: string) => {
    setBusy(decision.decision);
    setActionError(null);
    try {
      team.setTeam(await reviewTeam(t.id, decision));
      void Taro.showToast({ title: done, icon: 'success' });
      return true;
    } catch (e) {
      setActionError(isApiError(e) ? { message: e.message, hint: e.hint } : { message: '操作失败，请稍后再试' });
      return false;
    } finally {
      setBusy(null);
    }
  };

  const approve = async () => {
    if (busy) return;
    const { confirm } = await Taro.showModal({
      title: '审核通过',
      content: `确认「${t.name}」的信息真实、名称规范，审核通过？`,
    });
    if (!confirm) return;
    await decide({ decision: 'approve' }, '已审核通过');
  };

  return (
    <View className="team-page">
      {actionError && <FormAlert message={actionError.message} hint={actionError.hint} />}

      {t.status !== 'pending' && (
        <View className="team-section" id="review-result" data-status={t.status}>
          <Text className={`team-note ${t.status === 'approved' ? 'team-note--ok' : 'team-note--warn'}`}>
            审核结果：{TEAM_STATUS_LABELS[t.status]}
            {t.status === 'rejected' && t.rejectReason ? `（${t.rejectReason}）` : ''}
          </Text>
        </View>
      )}

      <TeamInfo team={t} />

      {t.registrationStatus === 'registered_org' && (
        <View className="team-section">
          <Text className="team-section__title">登记证书照片</Text>
          {photo.status === 'ready' ? (
            <Image id="certificate-image" className="team-review__photo" src={photo.src} mode="widthFix" />
          ) : (
            <Text id="certificate-missing" className="team-note">
              {photo.status === 'loading' ? '登记证书照片加载中…' : photo.message}
            </Text>
          )}
          <Text className="team-note">请核对证书上的名称、统一社会信用代码与填写的信息一致。</Text>
        </View>
      )}

      {t.status === 'pending' && (
        <View className="team-section">
          <Text className="team-section__title">审核</Text>
          <Text className="team-note">
            {t.registrationStatus === 'unregistered'
              ? '请确认该团体已与你们联系沟通，名称规范（如：XX志愿服务队），且在本地区或下一级地区。'
              : '请确认该组织已在民政部门登记，名称与登记证书一致。'}
          </Text>
          <DecisionPanel
            className="team-actions"
            approveId="approve"
            approveLabel="通过"
            reasonPlaceholder="不通过的原因，如：名称不规范，请填写“单位名称＋志愿服务队”"
            inputClassName="team-input"
            approveLoading={busy === 'approve'}
            rejectLoading={busy === 'reject'}
            disabled={busy !== null}
            onApprove={() => void approve()}
            validateReason={(reason) => fieldErrors(teamReviewSchema, { decision: 'reject', reason }).reason}
            onReject={(reason) => decide({ decision: 'reject', reason }, '已标记为不通过')}
          />
        </View>
      )}
    </View>
  );
}
