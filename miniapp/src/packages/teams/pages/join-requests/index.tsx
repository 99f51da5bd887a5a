/**
 * 加入申请 (`?teamId=`), for the team's admins (T-6): the requests waiting under 「需要审核」,
 * each with 通过 / 拒绝; the applicant is told the decision.
 */
import { useCallback, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { JOIN_MODE_LABELS, type JoinRequestDto } from '@zhiyuan/shared';
import FormAlert from '@/components/FormAlert';
import LoadMore from '@/components/LoadMore';
import PageState from '@/components/PageState';
import { usePagedList } from '@/hooks/usePagedList';
import { isApiError } from '@/services/request';
import { decideJoinRequest, listJoinRequests } from '@/services/teams';
import { flag } from '@/utils/attrs';
import { formatDateTime } from '@/utils/format';
import { teamSettingsRoute } from '@/routes';
import TeamState from '../../lib/TeamState';
import { useTeam } from '../../lib/useTeam';

import '../../lib/teams.scss';

export default function JoinRequests() {
  const teamId = useRouter().params?.teamId ?? '';
  const team = useTeam(teamId, { admin: true });
  const fetchPage = useCallback((page: number) => listJoinRequests(teamId, page), [teamId]);
  const list = usePagedList(fetchPage);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<{ message: string; hint?: string } | null>(null);

  useDidShow(() => {
    void team.reload();
    void list.reload();
  });

  if (team.status !== 'ready' || !team.team) {
    return (
      <View className="team-page">
        <TeamState status={team.status} error={team.error} onRetry={() => void team.reload()} />
      </View>
    );
  }
  const t = team.team;

  const decide = async (r: JoinRequestDto, decision: 'approve' | 'reject') => {
    if (busy) return;
    const who = r.realName ?? r.username;
    if (decision === 'reject') {
      const { confirm } = await Taro.showModal({ title: '拒绝申请', content: `确定拒绝「${who}」的加入申请？` });
      if (!confirm) return;
    }
    setBusy(r.id);
    setActionError(null);
    try {
      await decideJoinRequest(t.id, r.id, decision);
      list.replace((x) => x.id === r.id, null);
      void Taro.showToast({ title: decision === 'approve' ? '已通过' : '已拒绝', icon: 'success' });
      if (decision === 'approve') void team.reload();
    } catch (e) {
      setActionError(isApiError(e) ? { message: e.message, hint: e.hint } : { message: '操作失败，请稍后再试' });
      // handled by another admin meanwhile: the list shows what is left
      if (isApiError(e) && e.code === 'TEAM.REQUEST_NOT_FOUND') void list.reload();
    } finally {
      setBusy(null);
    }
  };

  let body;
  if (list.status !== 'ready') {
    body = <TeamState status={list.status} error={list.error} onRetry={() => void list.reload()} />;
  } else if (list.items.length === 0) {
    body = (
      <PageState
        status="empty"
        title="暂无待审核的加入申请"
        description={
          t.joinMode === 'review'
            ? '志愿者申请加入后会出现在这里'
            : `当前成员加入方式为“${JOIN_MODE_LABELS[t.joinMode]}”，志愿者的申请不经审核`
        }
      >
        {t.joinMode !== 'review' && (
          <Button
            id="change-join-mode"
            className="btn btn-plain"
            onClick={() => void Taro.navigateTo({ url: teamSettingsRoute(t.id) })}
          >
            修改成员加入方式
          </Button>
        )}
      </PageState>
    );
  } else {
    body = (
      <>
        <Text className="team-page__summary">共 {list.total} 个加入申请等待审核</Text>
        <View id="request-list">
          {list.items.map((r) => (
            <View key={r.id} className="request-item team-card" data-id={r.id}>
              <View className="team-card__main">
                <Text className="team-card__name">{r.realName ?? r.username}</Text>
                <Text className="team-card__meta">
                  用户名 {r.username}
                  {r.volunteerNumber ? ` · 编号 ${r.volunteerNumber}` : ''}
                </Text>
                <Text className="team-card__meta">申请时间 {formatDateTime(r.createdAt)}</Text>
                {r.message && <Text className="team-card__meta">留言：{r.message}</Text>}
                <View className="team-card__buttons">
                  <Button
                    id={`approve-${r.id}`}
                    className="btn btn-primary team-card__button"
                    loading={flag(busy === r.id)}
                    disabled={flag(busy !== null)}
                    onClick={() => void decide(r, 'approve')}
                  >
                    通过
                  </Button>
                  <Button
                    id={`reject-${r.id}`}
                    className="btn btn-plain team-card__button"
                    disabled={flag(busy !== null)}
                    onClick={() => void decide(r, 'reject')}
                  >
                    拒绝
                  </Button>
                </View>
              </View>
            </View>
          ))}
        </View>
        <LoadMore
          hasMore={list.hasMore}
          loading={list.loadingMore}
          error={list.moreError}
          onMore={() => void list.loadMore()}
        />
      </>
    );
  }

  return (
    <View className="team-page">
      <Text className="team-page__summary" id="join-requests-team">
        {t.name} · 成员加入方式：{JOIN_MODE_LABELS[t.joinMode]}
      </Text>
      {actionError && <FormAlert message={actionError.message} hint={actionError.hint} />}
      {body}
    </View>
  );
}
