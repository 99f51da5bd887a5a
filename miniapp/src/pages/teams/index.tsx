import { View } from '@tarojs/components';
import PageState from '@/components/PageState';

import './index.scss';

/** 志愿团体: team registration and search come with a later issue; nothing is shown until then. */
export default function Teams() {
  return (
    <View className="teams">
      <PageState status="empty" title="暂无志愿团体" description="志愿团体的登记与查询即将开放，敬请期待。" />
    </View>
  );
}
