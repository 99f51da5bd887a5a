/** 人工认证 (V-5): the volunteers of the admin's region waiting with an uploaded document photo. */
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import PageState from '@/components/PageState';
import { listVerifications } from '@/services/admin';
import AdminState, { LoadMore } from '../../lib/AdminState';
import { usePagedList } from '@/hooks/usePagedList';
import VolunteerItem from '../../lib/VolunteerItem';

export default function Verifications() {
  const list = usePagedList(listVerifications);

  useDidShow(() => {
    void list.reload();
  });

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
        <PageState status="empty" title="暂无待人工认证的志愿者" description="志愿者上传证件照片后会出现在这里" />
      </View>
    );
  }
  return (
    <View className="admin">
      <Text className="admin__summary">共 {list.total} 人等待人工认证：核对证件照片与姓名、证件号码是否一致</Text>
      <View id="verification-list">
        {list.items.map((v) => (
          <VolunteerItem key={v.id} volunteer={v} className="verification-item" />
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
