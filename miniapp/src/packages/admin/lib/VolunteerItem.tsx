/** One volunteer in an admin list: name, masked document number, region, state, 查看. */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { DOCUMENT_TYPE_LABELS, type VolunteerDto } from '@zhiyuan/shared';
import { adminVolunteerRoute } from '@/routes';

export default function VolunteerItem({ volunteer: v, className }: { volunteer: VolunteerDto; className: string }) {
  const open = () => void Taro.navigateTo({ url: adminVolunteerRoute(v.id) });
  return (
    <View className={`admin-item ${className}`} data-id={v.id} onClick={open}>
      <View className="admin-item__main">
        <Text className="admin-item__name">
          {v.realName}
          {v.frozen ? '（已冻结）' : ''}
        </Text>
        <Text className="admin-item__meta">
          {DOCUMENT_TYPE_LABELS[v.documentType]} {v.documentNumber}
        </Text>
        <Text className="admin-item__meta">
          {v.regionName ?? v.regionCode}
          {v.volunteerNumber ? ` · 编号 ${v.volunteerNumber}` : ''}
          {v.username ? ` · 用户名 ${v.username}` : ''}
        </Text>
        <Text className="admin-item__state">{v.verification.label}</Text>
      </View>
      <Text className="admin-item__action">查看</Text>
    </View>
  );
}
