/**
 * 志愿团体 (tab): approved teams, searchable by name, 加载更多; entries to 注册志愿团体 and
 * 我的团队, and 团体审核 for whoever reviews teams (T-4: a liaison team's admins, the regional
 * admins acting as registration authority).
 */
import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { JOIN_MODE_LABELS, type TeamSummaryDto } from '@zhiyuan/shared';
import LoadMore from '@/components/LoadMore';
import PageState from '@/components/PageState';
import { usePagedList } from '@/hooks/usePagedList';
import { fetchMe } from '@/services/accounts';
import { listTeamReviews, searchTeams } from '@/services/teams';
import { isSignedIn } from '@/services/token';
import { isRegionalAdmin } from '@/utils/roles';
import { ROUTES, teamRoute } from '@/routes';

import './index.scss';

/** Whether the signed-in person reviews teams, and how many wait: null when not a reviewer. */
async function reviewsWaiting(): Promise<number | null> {
  if (!isSignedIn()) return null;
  const [me, queue] = await Promise.all([fetchMe(), listTeamReviews(1, 1)]);
  return queue.total > 0 || isRegionalAdmin(me) ? queue.total : null;
}

function TeamItem({ team }: { team: TeamSummaryDto }) {
  return (
    <View className="team-item" data-id={team.id} onClick={() => void Taro.navigateTo({ url: teamRoute(team.id) })}>
      <View className="team-item__main">
        <Text className="team-item__name">{team.name}</Text>
        <Text className="team-item__meta">
          {team.regionName ?? team.regionCode} · 成员 {team.memberCount} 人
        </Text>
        <View className="team-item__tags">
          <Text className={`team-item__tag team-item__tag--${team.joinMode}`}>{JOIN_MODE_LABELS[team.joinMode]}</Text>
          {team.acceptsSubTeams && <Text className="team-item__tag">联络团体</Text>}
          {team.serviceCategories.slice(0, 3).map((c) => (
            <Text key={c} className="team-item__tag">
              {c}
            </Text>
          ))}
        </View>
      </View>
      <Text className="team-item__arrow">›</Text>
    </View>
  );
}

export default function Teams() {
  const [text, setText] = useState('');
  const [searched, setSearched] = useState('');
  // the list reads the query from here, so a search reloads with what was just submitted
  const query = useRef('');
  const fetchPage = useCallback((page: number) => searchTeams({ q: query.current, page }), []);
  const list = usePagedList(fetchPage, { signIn: false });
  const [reviews, setReviews] = useState<number | null>(null);

  useDidShow(() => {
    void list.reload();
    reviewsWaiting()
      .then(setReviews)
      .catch(() => setReviews(null));
  });

  const search = () => {
    query.current = text.trim();
    setSearched(query.current);
    void list.reload();
  };

  const go = (url: string) => () => void Taro.navigateTo({ url });

  let body;
  if (list.status === 'ready' && list.items.length === 0) {
    body = searched ? (
      <PageState status="empty" title={`没有找到“${searched}”相关的志愿团体`} description="换个名称再试试" />
    ) : (
      <PageState status="empty" title="暂无志愿团体" description="审核通过的志愿团体会显示在这里" />
    );
  } else if (list.status === 'ready') {
    body = (
      <>
        <Text className="teams__summary" id="team-total">
          {searched ? `“${searched}”：` : ''}共 {list.total} 个志愿团体
        </Text>
        <View id="team-list">
          {list.items.map((t) => (
            <TeamItem key={t.id} team={t} />
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
  } else {
    body = (
      <PageState
        status={list.status === 'forbidden' || list.status === 'signed-out' ? 'error' : list.status}
        error={list.error}
        onRetry={() => void list.reload()}
      />
    );
  }

  return (
    <View className="teams">
      <View className="teams__search">
        <Input
          id="team-search"
          className="teams__search-input"
          value={text}
          placeholder="输入志愿团体名称查找"
          maxlength={50}
          confirmType="search"
          onInput={(e) => setText(e.detail.value)}
          onConfirm={search}
        />
        <Button id="team-search-submit" className="btn btn-primary teams__search-button" onClick={search}>
          搜索
        </Button>
      </View>

      <View className="teams__entries">
        <View id="go-team-register" className="teams__entry" onClick={go(ROUTES.teamRegister)}>
          <Text className="teams__entry-title">注册志愿团体</Text>
          <Text className="teams__entry-text">名称请规范填写，如：XX志愿服务队</Text>
        </View>
        <View id="go-my-teams" className="teams__entry" onClick={go(ROUTES.myTeams)}>
          <Text className="teams__entry-title">我的团队</Text>
          <Text className="teams__entry-text">我加入和管理的志愿团体、收到的邀请</Text>
        </View>
        {reviews !== null && (
          <View id="go-reviews" className="teams__entry" onClick={go(ROUTES.teamReviews)}>
            <Text className="teams__entry-title">
              团体审核{reviews > 0 ? <Text className="teams__count">{reviews}</Text> : null}
            </Text>
            <Text className="teams__entry-text">审核在本团体或本地区注册的志愿团体</Text>
          </View>
        )}
      </View>

      {body}
    </View>
  );
}
