/**
 * 冲突记录合并 (V-4, A-6): one document number on several records (two imports, an import and
 * a registration). Nothing is merged silently: the admin picks the record to keep.
 */
import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { DOCUMENT_TYPE_LABELS, type IdentityConflictDto, type VolunteerDto } from '@zhiyuan/shared';
import FormAlert from '@/components/FormAlert';
import PageState from '@/components/PageState';
import { listConflicts, mergeRecords } from '@/services/admin';
import { isApiError } from '@/services/request';
import { flag } from '@/utils/attrs';
import { formatDateTime } from '@/utils/format';
import AdminState, { LoadMore } from '../../lib/AdminState';
import { usePagedList } from '@/hooks/usePagedList';

import './index.scss';

const SOURCE_LABELS = { registered: '注册', imported: '导入' } as const;

export default function Conflicts() {
  const list = usePagedList(listConflicts);
  const [merging, setMerging] = useState<string | null>(null);
  const [alert, setAlert] = useState<{ message: string; hint?: string } | null>(null);

  useDidShow(() => {
    void list.reload();
  });

  const keep = async (group: IdentityConflictDto, record: VolunteerDto) => {
    if (merging) return;
    const others = group.records.filter((r) => r.id !== record.id);
    const { confirm } = await Taro.showModal({
      title: '合并记录',
      content: `保留「${record.realName}」（${SOURCE_LABELS[record.source]}）这条记录，把其余 ${others.length} 条记录的团体和服务时长合并进来。合并后不能撤销，确定合并？`,
    });
    if (!confirm) return;
    setAlert(null);
    setMerging(record.id);
    try {
      await mergeRecords(
        record.id,
        others.map((r) => r.id),
      );
      list.replace((g) => g.key === group.key, null);
      void Taro.showToast({ title: '已合并', icon: 'success' });
    } catch (e) {
      setAlert(isApiError(e) ? { message: e.message, hint: e.hint } : { message: '合并失败，请稍后再试' });
    } finally {
      setMerging(null);
    }
  };

  if (list.status !== 'ready') {
    return (
      <View className="admin">
        <AdminState status={list.status} error={list.error} onRetry={() => void list.reload()} />
      </View>
    );
  }
  if (list.items.length === 0) {
    return (
      <View className="admin">
        <PageState
          status="empty"
          title="暂无冲突记录"
          description="同一证件号码出现在多条记录上时，会列在这里等待合并"
        />
      </View>
    );
  }

  return (
    <View className="admin">
      {alert && <FormAlert message={alert.message} hint={alert.hint} />}
      <Text className="admin__summary">
        共 {list.total} 个证件号码有多条记录。志愿者注册时会提示「身份证件信息验证异常」，合并后即可正常注册。
      </Text>
      <View id="conflict-list">
        {list.items.map((group) => (
          <View key={group.key} className="conflict-group" data-key={group.key}>
            <Text className="conflict-group__title">
              {DOCUMENT_TYPE_LABELS[group.documentType]} {group.documentNumber}（{group.records.length} 条记录）
            </Text>
            {group.records.map((r) => (
              <View key={r.id} className="conflict-record" data-id={r.id}>
                <View className="conflict-record__main">
                  <Text className="conflict-record__name">
                    {r.realName}
                    <Text className={`conflict-record__source conflict-record__source--${r.source}`}>
                      {SOURCE_LABELS[r.source]}
                    </Text>
                  </Text>
                  <Text className="conflict-record__meta">
                    {r.username ? `用户名 ${r.username}` : '未激活'}
                    {r.volunteerNumber ? ` · 编号 ${r.volunteerNumber}` : ''} · {r.verification.label}
                  </Text>
                  <Text className="conflict-record__meta">
                    {r.regionName ?? r.regionCode} · {formatDateTime(r.createdAt)}
                  </Text>
                </View>
                <Button
                  id={`merge-${r.id}`}
                  className="btn btn-plain conflict-record__keep"
                  loading={flag(merging === r.id)}
                  disabled={flag(merging !== null)}
                  onClick={() => void keep(group, r)}
                >
                  保留此记录
                </Button>
              </View>
            ))}
          </View>
        ))}
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
