/**
 * A team's page (`?id=`), public. Who sees what:
 * - anyone: what the team states (TeamInfo), the phone masked by the bff;
 * - a volunteer outside the team: 申请加入 (T-6), with the bff's answer for the join mode;
 * - a member: 退出团体 (T-7);
 * - the team's admins: 团体设置 / 成员 / 加入申请, and while pending the review block (T-5):
 *   days waited, 提醒审核 after 4 days (once a day), the reviewer's contact after 7 days, and
 *   the certificate photo of a registered organization (T-1);
 * - a regional admin of the team's region: 授权为联络团体 / 取消授权 (T-2).
 */
import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ERRORS, isWithinRegion, REMIND_AFTER_DAYS, type MeDto, type TeamDto } from '@zhiyuan/shared';
import FormAlert from '@/components/FormAlert';
import { fetchMe } from '@/services/accounts';
import { FileRejected, pickCertificatePhoto } from '@/services/files';
import { isApiError } from '@/services/request';
import { authorizeLiaison, joinTeam, leaveTeam, remindReviewer, uploadCertificate } from '@/services/teams';
import { isSignedIn } from '@/services/token';
import { buttonDisabled, flag } from '@/utils/attrs';
import { formatDateTime } from '@/utils/format';
import { ROUTES, teamJoinRequestsRoute, teamMembersRoute, teamSettingsRoute } from '@/routes';
import { MEMBER_ROLE_LABELS, REVIEWER_KIND_LABELS } from '../../lib/labels';
import TeamInfo from '../../lib/TeamInfo';
import TeamState from '../../lib/TeamState';
import { useTeam } from '../../lib/useTeam';

import '../../lib/teams.scss';
import './index.scss';

type Busy = 'join' | 'leave' | 'remind' | 'authorize' | 'certificate' | null;

/** 申请加入: what came of it, as the bff worded it. */
interface JoinResult {
  status: 'joined' | 'pending' | 'closed' | 'refused';
  message: string;
  hint?: string;
  code?: string;
}

const DAY_MS = 86_400_000;
const PENDING_MESSAGE = ERRORS['TEAM.REQUEST_PENDING'].message;

/** A regional admin acts on the teams of its region and below (T-2); a system admin everywhere. */
function canAuthorize(me: MeDto | null, team: TeamDto): boolean {
  if (!me) return false;
  return me.roles.some(
    (r) =>
      r.role === 'system_admin' ||
      (r.role === 'regional_admin' && !!r.regionCode && isWithinRegion(r.regionCode, team.regionCode)),
  );
}

/** Why 提醒审核 is not available yet (T-5): too early, or already reminded today. */
function remindNote(team: TeamDto): { reason: string; next: string | null } {
  const review = team.review!;
  if (review.canRemind) return { reason: '审核方超过 4 天未审核，可以提醒审核（每天一次）', next: null };
  const next = review.nextRemindAt ? Date.parse(review.nextRemindAt) : NaN;
  const byAge = Date.parse(team.submittedAt) + REMIND_AFTER_DAYS * DAY_MS;
  const nextText = review.nextRemindAt ? formatDateTime(review.nextRemindAt) : null;
  if (Number.isNaN(next) || next <= byAge + 60_000) {
    return { reason: ERRORS['TEAM.REMIND_TOO_EARLY'].message, next: nextText };
  }
  return { reason: '今天已经提醒过审核', next: nextText };
}

function ReviewBlock(props: {
  team: TeamDto;
  busy: Busy;
  error: string;
  onRemind: () => void;
  onCertificate: () => void;
}) {
  const { team, busy } = props;
  const review = team.review!;
  const { reviewer } = review;
  const note = remindNote(team);
  return (
    <View className="team-section" id="review-block">
      <Text className="team-section__title">审核进度</Text>
      <Text id="waited-days" className="team-review__waited">
        等待审核 {review.waitedDays} 天
      </Text>
      <View className="team-row">
        <Text className="team-row__label">{REVIEWER_KIND_LABELS[reviewer.kind]}</Text>
        <Text id="reviewer-name" className="team-row__value">
          {reviewer.name}
        </Text>
      </View>
      <View className="team-actions">
        <Button
          id="remind"
          className="btn btn-plain"
          loading={flag(busy === 'remind')}
          {...buttonDisabled(!review.canRemind || busy !== null)}
          onClick={props.onRemind}
        >
          提醒审核
        </Button>
        <Text id="remind-note" className="team-note">
          <Text id="remind-reason">{note.reason}</Text>
          {note.next && <Text id="remind-next">{`（${note.next} 后可提醒）`}</Text>}
        </Text>
        {props.error && (
          <Text id="remind-error" className="team-note team-note--warn">
            {props.error}
          </Text>
        )}
      </View>
      {reviewer.contact ? (
        <View id="reviewer-contact" className="team-contact">
          <View className="team-row">
            <Text className="team-row__label">联系人</Text>
            <Text id="reviewer-contact-name" className="team-row__value">
              {reviewer.contact.name ?? '—'}
            </Text>
          </View>
          <View className="team-row">
            <Text className="team-row__label">电话</Text>
            <Text id="reviewer-contact-phone" className="team-row__value">
              {reviewer.contact.phone ?? '—'}
            </Text>
          </View>
          <View className="team-row">
            <Text className="team-row__label">电子邮箱</Text>
            <Text id="reviewer-contact-email" className="team-row__value">
              {reviewer.contact.email ?? '—'}
            </Text>
          </View>
          <Text className="team-note">超过 7 天仍未审核：建议直接电话沟通。</Text>
        </View>
      ) : (
        <Text className="team-note">超过 7 天仍未审核的，这里会显示审核方的联系方式，便于直接电话沟通。</Text>
      )}
      {team.registrationStatus === 'registered_org' && (
        <View className="team-actions">
          <Text className="team-note">已登记的社会组织须上传登记证书照片，审核方据此审核。</Text>
          <Button
            id="upload-certificate"
            className="btn btn-plain"
            loading={flag(busy === 'certificate')}
            disabled={flag(busy !== null)}
            onClick={props.onCertificate}
          >
            上传登记证书照片
          </Button>
        </View>
      )}
    </View>
  );
}

export default function TeamDetail() {
  const router = useRouter();
  const id = router.params?.id ?? '';
  // the registration page comes here when the team was created but the certificate did not go up
  const certificateFailed = router.params?.certificate === 'failed';
  const unitFailed = router.params?.unit === 'failed';
  const team = useTeam(id, { signIn: false });
  const [me, setMe] = useState<MeDto | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [joinResult, setJoinResult] = useState<JoinResult | null>(null);
  const [remindError, setRemindError] = useState('');
  const [actionError, setActionError] = useState<{ message: string; hint?: string } | null>(null);

  useDidShow(() => {
    void team.reload();
    if (!isSignedIn()) {
      setMe(null);
      return;
    }
    fetchMe()
      .then(setMe)
      .catch(() => setMe(null));
  });

  if (team.status !== 'ready' || !team.team) {
    return (
      <View className="team-page">
        <TeamState status={team.status} error={team.error} onRetry={() => void team.reload()} />
      </View>
    );
  }

  const t = team.team;
  const isMember = t.myRole !== null;
  const isAdmin = t.myRole === 'admin';
  const go = (url: string) => () => void Taro.navigateTo({ url });
  const fail = (e: unknown, fallback: string) =>
    setActionError(isApiError(e) ? { message: e.message, hint: e.hint } : { message: fallback });

  const join = async () => {
    if (busy) return;
    if (!isSignedIn()) {
      void Taro.navigateTo({ url: ROUTES.login });
      return;
    }
    setBusy('join');
    setActionError(null);
    try {
      const outcome = await joinTeam(t.id);
      if (outcome.status === 'joined') {
        setJoinResult({ status: 'joined', message: '已加入该志愿团体' });
        void Taro.showToast({ title: '已加入', icon: 'success' });
        await team.reload();
      } else {
        setJoinResult({ status: 'pending', message: PENDING_MESSAGE });
      }
    } catch (e) {
      if (isApiError(e) && e.code === 'TEAM.JOIN_CLOSED') setJoinResult({ status: 'closed', message: e.message });
      else if (isApiError(e) && e.code === 'TEAM.REQUEST_PENDING') {
        setJoinResult({ status: 'pending', message: e.message });
      } else if (isApiError(e) && e.code === 'TEAM.ALREADY_MEMBER') {
        setJoinResult({ status: 'joined', message: e.message });
        await team.reload();
      } else if (isApiError(e)) setJoinResult({ status: 'refused', message: e.message, hint: e.hint, code: e.code });
      else setJoinResult({ status: 'refused', message: '申请失败，请稍后再试' });
    } finally {
      setBusy(null);
    }
  };

  const leave = async () => {
    if (busy) return;
    const { confirm } = await Taro.showModal({
      title: '退出团体',
      content: `确定退出「${t.name}」？已记录的志愿服务时间会保留。`,
    });
    if (!confirm) return;
    setBusy('leave');
    setActionError(null);
    try {
      await leaveTeam(t.id);
      setJoinResult(null);
      void Taro.showToast({ title: '已退出', icon: 'success' });
      await team.reload();
    } catch (e) {
      fail(e, '退出失败，请稍后再试');
    } finally {
      setBusy(null);
    }
  };

  const remind = async () => {
    if (busy) return;
    setBusy('remind');
    setRemindError('');
    try {
      await remindReviewer(t.id);
      void Taro.showToast({ title: '已提醒审核', icon: 'success' });
    } catch (e) {
      setRemindError(isApiError(e) ? e.message : '提醒失败，请稍后再试');
    } finally {
      setBusy(null);
    }
    // 提醒审核 is then closed until tomorrow: the bff says until when
    await team.reload();
  };

  const uploadCertificatePhoto = async () => {
    if (busy) return;
    setActionError(null);
    setBusy('certificate');
    try {
      const photo = await pickCertificatePhoto();
      if (!photo) return;
      team.setTeam(await uploadCertificate(t.id, photo));
      void Taro.showToast({ title: '已上传登记证书照片', icon: 'none' });
    } catch (e) {
      if (e instanceof FileRejected) setActionError({ message: e.message });
      else fail(e, '上传失败，请稍后再试');
    } finally {
      setBusy(null);
    }
  };

  const toggleLiaison = async () => {
    if (busy) return;
    const accepts = !t.acceptsSubTeams;
    const { confirm } = await Taro.showModal({
      title: accepts ? '授权为联络团体' : '取消授权',
      content: accepts
        ? `授权后，本地区和下一级地区未登记的志愿团体可选择「${t.name}」作为联络团体，由其审核。确定授权？`
        : `取消后，新注册的志愿团体不能再选择「${t.name}」作为联络团体。确定取消授权？`,
    });
    if (!confirm) return;
    setBusy('authorize');
    setActionError(null);
    try {
      team.setTeam(await authorizeLiaison(t.id, accepts));
      void Taro.showToast({ title: accepts ? '已授权' : '已取消授权', icon: 'success' });
    } catch (e) {
      fail(e, '操作失败，请稍后再试');
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className="team-page">
      {actionError && <FormAlert message={actionError.message} hint={actionError.hint} />}
      {isAdmin && (certificateFailed || unitFailed) && (
        <View className="team-section" id="register-warning">
          <Text className="team-note team-note--warn">
            {certificateFailed
              ? '志愿团体已提交，但登记证书照片没有上传成功，请在下方重新上传。'
              : '志愿团体已提交，但所属单位没有设置成功，请在“团体设置”中重新选择。'}
          </Text>
        </View>
      )}

      <TeamInfo team={t} />

      {isAdmin && t.status === 'pending' && t.review && (
        <ReviewBlock
          team={t}
          busy={busy}
          error={remindError}
          onRemind={() => void remind()}
          onCertificate={() => void uploadCertificatePhoto()}
        />
      )}

      {isAdmin && (
        <View className="team-section">
          <Text className="team-section__title">团体管理</Text>
          <View className="team-links">
            <Text id="go-settings" className="team-link" onClick={go(teamSettingsRoute(t.id))}>
              团体设置
            </Text>
            <Text id="go-members" className="team-link" onClick={go(teamMembersRoute(t.id))}>
              成员
            </Text>
            <Text id="go-join-requests" className="team-link" onClick={go(teamJoinRequestsRoute(t.id))}>
              加入申请
            </Text>
          </View>
          {t.status !== 'approved' && <Text className="team-note">审核通过后才能接收成员和发布项目。</Text>}
        </View>
      )}

      {canAuthorize(me, t) && t.status === 'approved' && (
        <View className="team-section" id="liaison-authorization">
          <Text className="team-section__title">联络团体授权</Text>
          <Text id="liaison-state" className="team-note">
            {t.acceptsSubTeams
              ? '已授权：本地区和下一级地区未登记的志愿团体可以选择该团体作为联络团体。'
              : '未授权：该团体不能作为联络团体开展下一级团体注册。'}
          </Text>
          <Button
            id="authorize-liaison"
            className={`btn ${t.acceptsSubTeams ? 'btn-plain' : 'btn-primary'}`}
            loading={flag(busy === 'authorize')}
            disabled={flag(busy !== null)}
            onClick={() => void toggleLiaison()}
          >
            {t.acceptsSubTeams ? '取消授权' : '授权为联络团体'}
          </Button>
        </View>
      )}

      {isMember ? (
        <View className="team-section">
          <Text id="my-role" className="team-note" data-role={t.myRole}>
            你是该团体的{MEMBER_ROLE_LABELS[t.myRole!]}
          </Text>
          <Button
            id="leave"
            className="btn btn-plain"
            loading={flag(busy === 'leave')}
            disabled={flag(busy !== null)}
            onClick={() => void leave()}
          >
            退出团体
          </Button>
          {isAdmin && <Text className="team-note">团体至少需要一名管理员：退出前请先在“成员”中指定其他管理员。</Text>}
        </View>
      ) : (
        t.status === 'approved' && (
          <View className="team-section">
            {joinResult || t.myJoinRequest === 'pending' ? (
              <Text
                id="join-result"
                className={`team-note${joinResult && joinResult.status !== 'pending' && joinResult.status !== 'joined' ? ' team-note--warn' : ''}`}
                data-status={joinResult?.status ?? 'pending'}
              >
                {joinResult?.message ?? PENDING_MESSAGE}
              </Text>
            ) : (
              <Text className="team-note">申请加入前，可按上面的联系方式与志愿团体联系。</Text>
            )}
            {joinResult?.hint && <Text className="team-note">{joinResult.hint}</Text>}
            {joinResult?.code === 'TEAM.VOLUNTEER_REQUIRED' && (
              <Text id="go-enrol" className="team-note team-row__value--link" onClick={go(ROUTES.enrol)}>
                去进行志愿者实名注册 ›
              </Text>
            )}
            <Button
              id="join"
              className="btn btn-primary"
              loading={flag(busy === 'join')}
              {...buttonDisabled(busy !== null || t.myJoinRequest === 'pending' || joinResult?.status === 'pending')}
              onClick={() => void join()}
            >
              申请加入
            </Button>
          </View>
        )
      )}
    </View>
  );
}
