/**
 * 联络团体 (T-2): the authorized teams of the chosen region and the one directly above
 * (`GET /api/teams/liaison-candidates`), searchable by name. When none is found, the FAQ's
 * advice: the liaison team asks its regional admin to be authorized.
 */
import { useEffect, useRef, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import type { TeamSummaryDto } from '@zhiyuan/shared';
import { isApiError } from '@/services/request';
import { listLiaisonCandidates } from '@/services/teams';
import { flag } from '@/utils/attrs';

export const LIAISON_EMPTY_ADVICE = '找不到联络团体？请该团体联系所在地区管理员进行授权';

const SEARCH_DELAY_MS = 300;

export interface LiaisonPickerProps {
  regionCode: string | null;
  value: TeamSummaryDto | null;
  onChange: (team: TeamSummaryDto | null) => void;
  disabled?: boolean;
}

export default function LiaisonPicker({ regionCode, value, onChange, disabled = false }: LiaisonPickerProps) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<TeamSummaryDto[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const searchId = useRef(0);
  // a new region lists at once; typing waits for a pause
  const lastRegion = useRef<string | null>(null);

  useEffect(() => {
    const id = ++searchId.current;
    if (!regionCode) {
      setItems(null);
      setLoading(false);
      lastRegion.current = null;
      return undefined;
    }
    const delay = lastRegion.current === regionCode ? SEARCH_DELAY_MS : 0;
    lastRegion.current = regionCode;
    const timer = setTimeout(() => {
      setLoading(true);
      setError('');
      listLiaisonCandidates(regionCode, q)
        .then((list) => id === searchId.current && setItems(list))
        .catch(
          (e: unknown) =>
            id === searchId.current && setError(isApiError(e) ? e.message : '联络团体列表加载失败，请稍后重试'),
        )
        .finally(() => id === searchId.current && setLoading(false));
    }, delay);
    return () => clearTimeout(timer);
  }, [regionCode, q]);

  if (!regionCode) {
    return (
      <View id="liaison" className="liaison">
        <Text className="liaison__note">请先选择所在地区，再选择联络团体。</Text>
      </View>
    );
  }

  if (value) {
    return (
      <View id="liaison" className="liaison">
        <View id="liaison-chosen" className="liaison__chosen" data-id={value.id}>
          <Text className="liaison__name">{value.name}</Text>
          <Text className="liaison__meta">{value.regionName ?? value.regionCode}</Text>
        </View>
        {!disabled && (
          <Text id="liaison-change" className="liaison__link" onClick={() => onChange(null)}>
            重新选择
          </Text>
        )}
      </View>
    );
  }

  return (
    <View id="liaison" className="liaison">
      <Input
        id="liaison-search"
        className="liaison__search"
        value={q}
        placeholder="输入联络团体名称查找"
        maxlength={50}
        disabled={flag(disabled)}
        onInput={(e) => setQ(e.detail.value)}
      />
      {error && <Text className="liaison__error">{error}</Text>}
      {loading && items === null && <Text className="liaison__note">加载中…</Text>}
      {items !== null && (
        <View id="liaison-list" className="liaison__list">
          {items.map((t) => (
            <View key={t.id} className="liaison-item" data-id={t.id} onClick={() => !disabled && onChange(t)}>
              <Text className="liaison-item__name">{t.name}</Text>
              <Text className="liaison-item__meta">
                {t.regionName ?? t.regionCode} · 成员 {t.memberCount} 人
              </Text>
            </View>
          ))}
        </View>
      )}
      {items !== null && items.length === 0 && !loading && (
        <View id="liaison-empty" className="liaison__empty">
          <Text className="liaison__advice">{LIAISON_EMPTY_ADVICE}</Text>
          <Text className="liaison__note">
            只有经所在地区管理员授权、允许开展下一级团体注册的志愿团体，才能被选择为联络团体。
          </Text>
        </View>
      )}
      <Text className="liaison__note">
        按照就近原则，先与所在街道乡镇等志愿服务组织联系沟通，经对方同意后选择其作为联络团体；只能选择本地区或上一级地区的团体，不要跨地市、跨级选择。
      </Text>
    </View>
  );
}
