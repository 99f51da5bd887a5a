/**
 * 团体审核 (T-4): the teams waiting for the caller's review, oldest first: those that chose a
 * team the caller administers as liaison team, and, for a regional admin, those registered
 * with the registration authority of its region and below.
 */
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { REGISTRATION_STATUS_LABELS } from '@zhiyuan/shared';
import LoadMore from '@/components/LoadMore';
import PageState from '@/components/PageState';
import { usePagedList } from '@/hooks/usePagedList';
import { listTeamReviews } from '@/services/teams';
import { formatDateTime } from '@/utils/format';
import { teamReviewRoute } from '@/routes';
import TeamState from '../../lib/TeamState';

import '../../lib/teams.scss';

const DAY_MS = 86_400_000;

/** Whole days since `iso`, for 「已等待 N 天」. */
function daysSince(iso: string, now = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / DAY_MS));
}

function fetchQueue(page: number) {
  return listTeamReviews(page);
}

export default function TeamReviews() {
  const list = usePagedList(fetchQueue);

  useDidShow(() => {
    void list.reload();
  });

  if (list.status !== 'ready') {
    return (
      <View className="team-page">
        <TeamState
          status={list.status}
          error={list.error}
          onRetry={() => void list.reload()}
          signedOut="请使用联络团体管理员或管理部门的账号登录"
        />
      </View>
    );
  }
  if (list.items.length === 0) {
    return (
      <View className="team-page">
        <PageState
          status="empty"
          title="暂无待审核的志愿团体"
          description="选择你管理的团体作为联络团体、或在你所在地区登记机关注册的志愿团体，会出现在这里"
        />
      </View>
    );
  }
  return (
    <View className="team-page">
      <Text className="team-page__summary">
        共 {list.total} 个志愿团体等待审核。超过 4 天未审核，申请人可以提醒审核；超过 7 天，申请人可以看到你的联系方式。
      </Text>
      <View id="review-list">
        {list.items.map((t) => {
          const waited = daysSince(t.submittedAt);
          return (
            <View
              key={t.id}
              className="review-item team-card"
              data-id={t.id}
              onClick={() => void Taro.navigateTo({ url: teamReviewRoute(t.id) })}
            >
              <View className="team-card__main">
                <Text className="team-card__name">{t.name}</Text>
                <Text className="team-card__meta">
                  {t.regionName ?? t.regionCode} · {REGISTRATION_STATUS_LABELS[t.registrationStatus]}
                </Text>
                <Text className={`team-card__meta${waited > 4 ? ' team-note--warn' : ''}`}>
                  提交于 {formatDateTime(t.submittedAt)} · 已等待 {waited} 天
                </Text>
              </View>
              <Text className="team-card__arrow">›</Text>
            </View>
          );
        })}
      </View>
      <LoadMore
        hasMore={list.hasMore}
        loading={list.loadingMore}
        error={list.moreError}
        onMore={() => void list.loadMore()}
      />
    </View>
  );
}
