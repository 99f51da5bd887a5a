/**
 * The one container for a page's states: loading, empty, error (with retry), signed-out
 * (with 登录 / 注册), or ready, when it renders its children.
 */
import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { isApiError } from '@/services/request';
import { ROUTES } from '@/routes';

import './index.scss';

export type PageStatus = 'loading' | 'empty' | 'error' | 'signed-out' | 'ready';

export interface PageStateProps {
  status: PageStatus;
  /** headline of the empty or signed-out state, e.g. 「暂无项目」 */
  title?: string;
  /** a sentence under the title */
  description?: string;
  /** what went wrong (status 'error'); an ApiError's Chinese message is shown as is */
  error?: unknown;
  onRetry?: () => void;
  children?: ReactNode;
}

const DEFAULT_ERROR = '加载失败，请稍后重试';

export function errorMessage(error: unknown): string {
  return isApiError(error) ? error.message : DEFAULT_ERROR;
}

export default function PageState(props: PageStateProps) {
  const { status } = props;

  if (status === 'ready') return <>{props.children}</>;

  if (status === 'loading') {
    return (
      <View className="page-state page-state--loading" data-testid="page-state-loading" aria-busy="true">
        <View className="page-state__spinner" />
        <Text className="page-state__description">加载中…</Text>
      </View>
    );
  }

  if (status === 'error') {
    return (
      <View className="page-state page-state--error" data-testid="page-state-error" role="alert">
        <Text className="page-state__title">出错了</Text>
        <Text className="page-state__description">{errorMessage(props.error)}</Text>
        {isApiError(props.error) && props.error.hint && (
          <Text className="page-state__hint" data-testid="page-state-hint">
            {props.error.hint}
          </Text>
        )}
        {props.onRetry && (
          <Button className="btn btn-plain page-state__action" onClick={props.onRetry}>
            重试
          </Button>
        )}
      </View>
    );
  }

  if (status === 'signed-out') {
    return (
      <View className="page-state page-state--signed-out" data-testid="page-state-signed-out">
        <Text className="page-state__title">{props.title ?? '尚未登录'}</Text>
        <Text className="page-state__description">
          {props.description ?? '登录后可查看你的账号、报名的项目和服务时长'}
        </Text>
        <View className="page-state__actions">
          <Button id="go-login" className="btn btn-primary" onClick={() => void Taro.navigateTo({ url: ROUTES.login })}>
            登录
          </Button>
          <Button
            id="go-register"
            className="btn btn-plain"
            onClick={() => void Taro.navigateTo({ url: ROUTES.register })}
          >
            注册
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View className="page-state page-state--empty" data-testid="page-state-empty">
      <View className="page-state__empty-icon" />
      <Text className="page-state__title">{props.title ?? '暂无内容'}</Text>
      {props.description && <Text className="page-state__description">{props.description}</Text>}
      {props.children}
    </View>
  );
}
