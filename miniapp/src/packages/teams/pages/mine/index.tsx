/**
 * 我的团队: the teams I belong to, with my role and the team's status (pending ones too), and the
 * invitations waiting for my answer (T-6): accepting makes me a member whatever the join mode.
 */
import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { JOIN_MODE_LABELS, TEAM_STATUS_LABELS, type JoinRequestDto } from '@zhiyuan/shared';
import FormAlert from '@/components/FormAlert';
import PageState from '@/components/PageState';
import type { ListStatus } from '@/hooks/usePagedList';
import { isApiError } from '@/services/request';
import { answerInvitation, listMyInvitations, listMyTeams, type MyTeam } from '@/services/teams';
import { isSignedIn } from '@/services/token';
import { flag } from '@/utils/attrs';
import { formatDateTime } from '@/utils/format';
import { ROUTES, teamRoute } from '@/routes';
import { MEMBER_ROLE_LABELS } from '../../lib/labels';
import TeamState from '../../lib/TeamState';

import '../../lib/teams.scss';

export default function MyTeams() {
  const [status, setStatus] = useState<ListStatus>(() => (isSignedIn() ? 'loading' : 'signed-out'));
  const [error, setError] = useState<unknown>(null);
  const [teams, setTeams] = useState<MyTeam[]>([]);
  const [invitations, setInvitations] = useState<JoinRequestDto[]>([]);
  const [answering, setAnswering] = useState<string | null>(null);
  const [actionError, setActionError] = useState<{ message: string; hint?: string } | null>(null);
  const loadId = useRef(0);

  const load = useCallback(async () => {
    const id = ++loadId.current;
    if (!isSignedIn()) {
      setStatus('signed-out');
      return;
    }
    setStatus((s) => (s === 'ready' ? s : 'loading'));
    try {
      const [mine, invited] = await Promise.all([listMyTeams(), listMyInvitations()]);
      if (id !== loadId.current) return;
      setTeams(mine);
      setInvitations(invited);
      setStatus('ready');
    } catch (e) {
      if (id !== loadId.current) return;
      if (isApiError(e) && e.isSignedOut) setStatus('signed-out');
      else {
        setError(e);
        setStatus('error');
      }
    }
  }, []);

  useDidShow(() => {
    void load();
  });

  if (status !== 'ready') {
    return (
      <View className="team-page">
        <TeamState status={status} error={error} onRetry={() => void load()} />
      </View>
    );
  }

  const answer = async (invitation: JoinRequestDto, accept: boolean) => {
    if (answering) return;
    if (!accept) {
      const { confirm } = await Taro.showModal({
        title: '拒绝邀请',
        content: `确定拒绝「${invitation.teamName}」的邀请？`,
      });
      if (!confirm) return;
    }
    setAnswering(invitation.id);
    setActionError(null);
    try {
      await answerInvitation(invitation.id, accept);
      void Taro.showToast({ title: accept ? '已加入' : '已拒绝', icon: accept ? 'success' : 'none' });
      await load();
    } catch (e) {
      setActionError(isApiError(e) ? { message: e.message, hint: e.hint } : { message: '操作失败，请稍后再试' });
      // an invitation withdrawn or answered elsewhere leaves the list
      await load();
    } finally {
      setAnswering(null);
    }
  };

  const go = (url: string) => () => void Taro.navigateTo({ url });

  return (
    <View className="team-page">
      {actionError && <FormAlert message={actionError.message} hint={actionError.hint} />}

      {invitations.length > 0 && (
        <View className="team-section">
          <Text className="team-section__title">收到的邀请</Text>
          <View id="invitation-list">
            {invitations.map((inv) => (
              <View key={inv.id} className="invitation-item team-invitation" data-id={inv.id}>
                <View className="team-card__main">
                  <Text className="team-card__name" onClick={go(teamRoute(inv.teamId))}>
                    {inv.teamName}
                  </Text>
                  <Text className="team-card__meta">邀请你加入 · {formatDateTime(inv.createdAt)}</Text>
                  <View className="team-card__buttons">
                    <Button
                      id={`accept-${inv.id}`}
                      className="btn btn-primary team-card__button"
                      loading={flag(answering === inv.id)}
                      disabled={flag(answering !== null)}
                      onClick={() => void answer(inv, true)}
                    >
                      接受
                    </Button>
                    <Button
                      id={`decline-${inv.id}`}
                      className="btn btn-plain team-card__button"
                      disabled={flag(answering !== null)}
                      onClick={() => void answer(inv, false)}
                    >
                      拒绝
                    </Button>
                  </View>
                </View>
              </View>
            ))}
          </View>
        </View>
      )}

      {teams.length === 0 ? (
        <PageState
          status="empty"
          title="还没有加入志愿团体"
          description="可以在“志愿团体”中查找并申请加入，或注册新的志愿团体"
        >
          <Button id="go-team-register" className="btn btn-primary" onClick={go(ROUTES.teamRegister)}>
            注册志愿团体
          </Button>
        </PageState>
      ) : (
        <>
          <Text className="team-page__summary">共 {teams.length} 个志愿团体</Text>
          <View id="my-team-list">
            {teams.map((t) => (
              <View
                key={t.id}
                className="my-team-item team-card"
                data-id={t.id}
                data-role={t.myRole}
                data-status={t.status}
                onClick={go(teamRoute(t.id))}
              >
                <View className="team-card__main">
                  <Text className="team-card__name">
                    {t.name}
                    <Text className={`team-badge team-badge--${t.status}`}>{TEAM_STATUS_LABELS[t.status]}</Text>
                  </Text>
                  <Text className="team-card__meta">
                    {MEMBER_ROLE_LABELS[t.myRole]} · {t.regionName ?? t.regionCode} · 成员 {t.memberCount} 人 ·{' '}
                    {JOIN_MODE_LABELS[t.joinMode]}
                  </Text>
                </View>
                <Text className="team-card__arrow">›</Text>
              </View>
            ))}
          </View>
          <View className="team-actions">
            <Button id="go-team-register" className="btn btn-plain" onClick={go(ROUTES.teamRegister)}>
              注册志愿团体
            </Button>
          </View>
        </>
      )}
    </View>
  );
}
