/** The states of a team page: PageState's, plus 「没有权限」 for pages of a team's admins. */
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import PageState from '@/components/PageState';
import type { ListStatus } from '@/hooks/usePagedList';

export function NoAccess({ description }: { description?: string }) {
  return (
    <View className="page-state" data-testid="page-state-forbidden">
      <Text className="page-state__title">没有权限</Text>
      <Text className="page-state__description">{description ?? '只有该志愿团体的管理员可以使用此页面。'}</Text>
    </View>
  );
}

export interface TeamStateProps {
  status: ListStatus;
  error?: unknown;
  onRetry?: () => void;
  /** under 「尚未登录」 */
  signedOut?: string;
  forbidden?: string;
  children?: ReactNode;
}

export default function TeamState({ status, error, onRetry, signedOut, forbidden, children }: TeamStateProps) {
  if (status === 'forbidden') return <NoAccess description={forbidden} />;
  return (
    <PageState
      status={status}
      error={error}
      onRetry={onRetry}
      description={signedOut ?? '登录后可查看和管理你的志愿团体'}
    >
      {children}
    </PageState>
  );
}
