import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ROLE_LABELS, type MeDto, type Role, type VolunteerDto } from '@zhiyuan/shared';
import PageState from '@/components/PageState';
import { fetchMe, logout } from '@/services/accounts';
import { getRegion, regionFullName } from '@/services/regions';
import { isApiError } from '@/services/request';
import { fetchMyVolunteer } from '@/services/volunteers';
import { flag } from '@/utils/attrs';
import { isRegionalAdmin } from '@/utils/roles';
import { clearTokens, isSignedIn } from '@/services/token';
import { ROUTES } from '@/routes';

import './index.scss';

type MineState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'error'; error: unknown }
  /** volunteer null: an account without real-name registration (VOLUNTEER.NOT_A_VOLUNTEER) */
  | { status: 'ready'; user: MeDto; volunteer: VolunteerDto | null };

/** The account's volunteer record, or null when it has none yet. */
async function fetchVolunteerOrNull(): Promise<VolunteerDto | null> {
  try {
    return await fetchMyVolunteer();
  } catch (error) {
    if (isApiError(error) && error.code === 'VOLUNTEER.NOT_A_VOLUNTEER') return null;
    throw error;
  }
}

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
      const [user, volunteer] = await Promise.all([fetchMe(), fetchVolunteerOrNull()]);
      if (id !== loadId.current) return;
      setState({ status: 'ready', user, volunteer });
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

  const { user, volunteer } = state;
  const verification = volunteer?.verification.state;
  const canUploadPhoto = verification === 'failed' || verification === 'rejected';
  const go = (url: string) => () => void Taro.navigateTo({ url });
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

      {volunteer ? (
        <View className="mine__card mine__volunteer">
          <View className="mine__row">
            <Text className="mine__label">实名认证</Text>
            <Text
              id="verification-state"
              className={`mine__value mine__state mine__state--${volunteer.verification.state}`}
              data-state={volunteer.verification.state}
            >
              {volunteer.verification.label}
            </Text>
          </View>
          {volunteer.volunteerNumber && (
            <View className="mine__row">
              <Text className="mine__label">志愿者编号</Text>
              <Text id="volunteer-number" className="mine__value">
                {volunteer.volunteerNumber}
              </Text>
            </View>
          )}
          {volunteer.frozen && (
            <View className="mine__row">
              <Text className="mine__label">账号状态</Text>
              <Text className="mine__value mine__state--rejected">已冻结，请联系所在地区管理部门</Text>
            </View>
          )}
        </View>
      ) : (
        <View className="mine__card mine__enrol" id="not-a-volunteer">
          <Text className="mine__enrol-text">
            您还没有进行志愿者实名注册，注册并通过实名认证后可获得志愿者编号和志愿者卡。
          </Text>
          <Button id="go-enrol" className="btn btn-primary" onClick={go(ROUTES.enrol)}>
            志愿者实名注册
          </Button>
        </View>
      )}

      <View className="mine__card mine__entries">
        <View id="go-my-teams" className="mine__entry" onClick={go(ROUTES.myTeams)}>
          <Text>我的团队</Text>
          <Text className="mine__entry-note">加入的志愿团体、收到的邀请</Text>
          <Text className="mine__arrow">›</Text>
        </View>
        {volunteer && (
          <>
            <View id="go-card" className="mine__entry" onClick={go(ROUTES.card)}>
              <Text>志愿者卡</Text>
              <Text className="mine__arrow">›</Text>
            </View>
            <View id="go-profile" className="mine__entry" onClick={go(ROUTES.profile)}>
              <Text>修改资料</Text>
              <Text className="mine__arrow">›</Text>
            </View>
            <View id="go-verification" className="mine__entry" onClick={go(ROUTES.profile)}>
              <Text>实名认证</Text>
              <Text className="mine__entry-note">{canUploadPhoto ? '上传证件照片' : volunteer.verification.label}</Text>
              <Text className="mine__arrow">›</Text>
            </View>
          </>
        )}
        {isRegionalAdmin(user) && (
          <View id="go-admin" className="mine__entry" onClick={go(ROUTES.admin)}>
            <Text>管理</Text>
            <Text className="mine__entry-note">人工认证、志愿者查询、数据导入</Text>
            <Text className="mine__arrow">›</Text>
          </View>
        )}
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
