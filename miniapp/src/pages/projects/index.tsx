import { View } from '@tarojs/components';
import PageState from '@/components/PageState';

import './index.scss';

/** 项目: project publishing and sign-up come with a later issue; nothing is shown until then. */
export default function Projects() {
  return (
    <View className="projects">
      <PageState status="empty" title="暂无项目" description="志愿服务项目的发布与报名即将开放，敬请期待。" />
    </View>
  );
}
