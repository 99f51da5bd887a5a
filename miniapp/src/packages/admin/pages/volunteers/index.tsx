/** 志愿者查询: the admin's region, by name, volunteer number or user name, and by state. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import { VERIFICATION_LABELS, VERIFICATION_STATES, type VerificationState } from '@zhiyuan/shared';
import PageState from '@/components/PageState';
import { searchVolunteers } from '@/services/admin';
import AdminState, { LoadMore } from '../../lib/AdminState';
import { usePagedList } from '@/hooks/usePagedList';
import VolunteerItem from '../../lib/VolunteerItem';

import './index.scss';

const STATE_OPTIONS: Array<{ value: VerificationState | undefined; label: string }> = [
  { value: undefined, label: '全部状态' },
  ...VERIFICATION_STATES.map((s) => ({ value: s, label: VERIFICATION_LABELS[s] })),
];

export default function Volunteers() {
  const [text, setText] = useState('');
  const [query, setQuery] = useState<{ q: string; state?: VerificationState }>({ q: '' });
  const fetchPage = useCallback((page: number) => searchVolunteers({ ...query, page }), [query]);
  const list = usePagedList(fetchPage);
  const { reload } = list;
  useDidShow(() => {
    void reload();
  });

  // a new search (not the first show, which useDidShow loads)
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void reload();
  }, [reload]);

  const search = () => setQuery((q) => ({ ...q, q: text.trim() }));
  const stateIndex = Math.max(
    0,
    STATE_OPTIONS.findIndex((o) => o.value === query.state),
  );

  return (
    <View className="admin">
      <View className="admin-search">
        <Input
          id="search"
          className="admin-search__input"
          value={text}
          placeholder="姓名、志愿者编号或用户名"
          confirmType="search"
          onInput={(e) => setText(e.detail.value)}
          onConfirm={search}
        />
        <Button id="search-submit" className="btn btn-primary admin-search__button" onClick={search}>
          搜索
        </Button>
      </View>
      <Picker
        mode="selector"
        range={STATE_OPTIONS.map((o) => o.label)}
        value={stateIndex}
        onChange={(e) => setQuery((q) => ({ ...q, state: STATE_OPTIONS[Number(e.detail.value)]?.value }))}
        data-label="认证状态"
      >
        <View id="state-filter" className="admin-search__filter">
          认证状态：{STATE_OPTIONS[stateIndex]?.label} ▾
        </View>
      </Picker>

      {list.status !== 'ready' ? (
        <AdminState status={list.status} error={list.error} onRetry={() => void reload()} />
      ) : list.items.length === 0 ? (
        <PageState status="empty" title="没有找到志愿者" description="换个关键词或状态再试" />
      ) : (
        <>
          <Text className="admin__summary" id="volunteer-total">
            共 {list.total} 人
          </Text>
          <View id="volunteer-list">
            {list.items.map((v) => (
              <VolunteerItem key={v.id} volunteer={v} className="volunteer-item" />
            ))}
          </View>
          <LoadMore
            hasMore={list.hasMore}
            loading={list.loadingMore}
            error={list.moreError}
            onMore={() => void list.loadMore()}
          />
        </>
      )}
    </View>
  );
}
