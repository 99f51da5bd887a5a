/** The states of an admin page: PageState's, plus 「没有权限」 for accounts that are not regional admins. */
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import PageState from '@/components/PageState';
import type { ListStatus } from '@/hooks/usePagedList';

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

export { default as LoadMore } from '@/components/LoadMore';
