import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ROLE_LABELS, type MeDto, type Role } from '@zhiyuan/shared';
import PageState from '@/components/PageState';
import { fetchMe, logout } from '@/services/accounts';
import { getRegion, regionFullName } from '@/services/regions';
import { isApiError } from '@/services/request';
import { flag } from '@/utils/attrs';
import { clearTokens, isSignedIn } from '@/services/token';

import './index.scss';

type MineState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; user: MeDto };

function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}

/** `2026-11-23T04:05:06.000Z` → `2026年11月23日` in the device's zone */
function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

export default function Mine() {
  const [state, setState] = useState<MineState>(() =>
    isSignedIn() ? { status: 'loading' } : { status: 'signed-out' },
  );
  const [regionName, setRegionName] = useState<string | null>(null);
  const [signingOut, setSigningOut] = useState(false);
  // answers of an older load must not overwrite a newer one
  const loadId = useRef(0);

  const load = useCallback(async () => {
    const id = ++loadId.current;
    if (!isSignedIn()) {
      setState({ status: 'signed-out' });
      return;
    }
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' }));
    try {
      const user = await fetchMe();
      if (id !== loadId.current) return;
      setState({ status: 'ready', user });
      setRegionName(null);
      if (user.regionCode) {
        getRegion(user.regionCode)
          .then((r) => id === loadId.current && setRegionName(regionFullName(r)))
          .catch(() => id === loadId.current && setRegionName(user.regionCode));
      }
    } catch (error) {
      if (id !== loadId.current) return;
      if (isApiError(error) && error.isSignedOut) {
        clearTokens();
        setState({ status: 'signed-out' });
      } else {
        setState({ status: 'error', error });
      }
    }
  }, []);

  useDidShow(() => {
    void load();
  });

  const onLogout = async () => {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '确定要退出当前账号吗？' });
    if (!confirm) return;
    setSigningOut(true);
    await logout();
    setSigningOut(false);
    loadId.current++;
    setState({ status: 'signed-out' });
    void Taro.showToast({ title: '已退出登录', icon: 'none' });
  };

  if (state.status !== 'ready') {
    return (
      <View className="mine">
        <PageState
          status={state.status}
          error={state.status === 'error' ? state.error : undefined}
          onRetry={() => void load()}
        />
      </View>
    );
  }

  const { user } = state;
  const rows: { label: string; value: string }[] = [
    { label: '手机号码', value: user.mobile ?? '未填写' },
    { label: '电子邮箱', value: user.email ?? '未填写' },
    { label: '所在地区', value: user.regionCode ? (regionName ?? '加载中…') : '未填写' },
    { label: '微信', value: user.wechatBound ? '已绑定' : '未绑定' },
    { label: '注册时间', value: formatDate(user.createdAt) },
  ];

  return (
    <View className="mine">
      <View className="mine__header">
        <View className="mine__avatar">
          <Text>{user.username.slice(0, 1).toUpperCase()}</Text>
        </View>
        <View className="mine__who">
          <Text className="mine-username" data-testid="mine-username">
            {user.username}
          </Text>
          <View className="mine__roles" data-testid="mine-roles">
            {user.roles.length === 0 ? (
              <Text className="mine__role mine__role--none">暂无角色</Text>
            ) : (
              user.roles.map((r, i) => (
                <Text key={`${r.role}-${r.regionCode ?? i}`} className="mine__role">
                  {roleLabel(r.role)}
                </Text>
              ))
            )}
          </View>
        </View>
      </View>

      <View className="mine__card">
        {rows.map((row) => (
          <View key={row.label} className="mine__row">
            <Text className="mine__label">{row.label}</Text>
            <Text className="mine__value">{row.value}</Text>
          </View>
        ))}
      </View>
      <Text className="mine__privacy">为保护个人信息，手机号码和电子邮箱仅显示部分内容。</Text>

      <View className="mine__actions">
        <Button
          id="logout"
          className="btn btn-plain"
          loading={flag(signingOut)}
          disabled={flag(signingOut)}
          onClick={() => void onLogout()}
        >
          退出登录
        </Button>
      </View>
    </View>
  );
}
