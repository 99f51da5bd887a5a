/** 管理: the regional admin's work (A-5, A-6, T-1), only for regional and system admins. */
import { useCallback, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ROLE_LABELS, type MeDto } from '@zhiyuan/shared';
import { fetchMe } from '@/services/accounts';
import { isApiError } from '@/services/request';
import { isSignedIn } from '@/services/token';
import { isRegionalAdmin } from '@/utils/roles';
import { ROUTES } from '@/routes';
import AdminState from '../../lib/AdminState';
import type { ListStatus } from '@/hooks/usePagedList';

import './index.scss';

const TILES = [
  { id: 'tile-verifications', url: ROUTES.adminVerifications, title: '人工认证', text: '审核志愿者上传的证件照片' },
  { id: 'tile-volunteers', url: ROUTES.adminVolunteers, title: '志愿者查询', text: '按姓名、志愿者编号或用户名查找' },
  { id: 'tile-import', url: ROUTES.adminImport, title: '数据导入', text: '从表格导入志愿者和历史服务时长' },
  { id: 'tile-conflicts', url: ROUTES.adminConflicts, title: '冲突记录合并', text: '同一证件号码的多条记录' },
  {
    id: 'tile-authority',
    url: ROUTES.adminAuthority,
    title: '登记机关设置',
    text: '审核已登记社会组织的名称、联系方式',
  },
];

export default function AdminHome() {
  const [status, setStatus] = useState<ListStatus>(() => (isSignedIn() ? 'loading' : 'signed-out'));
  const [user, setUser] = useState<MeDto | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    if (!isSignedIn()) {
      setStatus('signed-out');
      return;
    }
    try {
      const me = await fetchMe();
      setUser(me);
      setStatus(isRegionalAdmin(me) ? 'ready' : 'forbidden');
    } catch (e) {
      if (isApiError(e) && e.isSignedOut) setStatus('signed-out');
      else {
        setError(e);
        setStatus('error');
      }
    }
  }, []);

  useDidShow(() => {
    void load();
  });

  if (status !== 'ready' || !user) {
    return (
      <View className="admin">
        <AdminState status={status} error={error} onRetry={() => void load()} />
      </View>
    );
  }

  const scopes = user.roles
    .filter((r) => r.role === 'regional_admin' || r.role === 'system_admin')
    .map((r) =>
      r.role === 'system_admin' ? ROLE_LABELS.system_admin : `${ROLE_LABELS.regional_admin}（${r.regionCode ?? ''}）`,
    );

  return (
    <View className="admin">
      <Text className="admin__summary" id="admin-scope">
        {scopes.join('、')}：只能查看和处理本地区及下级地区的志愿者
      </Text>
      <View className="admin-tiles">
        {TILES.map((t) => (
          <View key={t.id} id={t.id} className="admin-tile" onClick={() => void Taro.navigateTo({ url: t.url })}>
            <Text className="admin-tile__title">{t.title}</Text>
            <Text className="admin-tile__text">{t.text}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
