/** The states of an admin page: PageState's, plus 「没有权限」 for accounts that are not regional admins. */
import type { ReactNode } from 'react';
import { Button, Text, View } from '@tarojs/components';
import PageState from '@/components/PageState';
import { flag } from '@/utils/attrs';
import type { ListStatus } from './usePagedList';

import './admin.scss';

export function NoAccess() {
  return (
    <View className="page-state" data-testid="page-state-forbidden">
      <Text className="page-state__title">没有权限</Text>
      <Text className="page-state__description">
        这里是管理部门（民政局、文明办）的工作页面，只有所在地区的管理员可以使用。
      </Text>
    </View>
  );
}

export interface AdminStateProps {
  status: ListStatus;
  error?: unknown;
  onRetry?: () => void;
  children?: ReactNode;
}

export default function AdminState({ status, error, onRetry, children }: AdminStateProps) {
  if (status === 'forbidden') return <NoAccess />;
  return (
    <PageState status={status} error={error} onRetry={onRetry} description="请使用管理部门的账号登录">
      {children}
    </PageState>
  );
}

/** 加载更多 under a list, or 「没有更多了」. */
export function LoadMore(props: { hasMore: boolean; loading: boolean; error: string; onMore: () => void }) {
  return (
    <View className="admin-more">
      {props.error && <Text className="admin-more__error">{props.error}</Text>}
      {props.hasMore ? (
        <Button
          id="load-more"
          className="btn btn-plain admin-more__button"
          loading={flag(props.loading)}
          disabled={flag(props.loading)}
          onClick={props.onMore}
        >
          加载更多
        </Button>
      ) : (
        <Text className="admin-more__end">没有更多了</Text>
      )}
    </View>
  );
}
