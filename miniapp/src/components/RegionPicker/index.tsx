/**
 * 省 → 市 → 县 from the bff, level by level. Reports the most precise region chosen
 * (or null once cleared). `currentName` shows a region chosen earlier until another is picked.
 */
import { useEffect, useRef, useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import type { RegionDto } from '@zhiyuan/shared';
import { listChildren, listProvinces } from '@/services/regions';
import { isApiError } from '@/services/request';
import { flag } from '@/utils/attrs';

import './index.scss';

interface LevelState {
  items: RegionDto[];
  selected: number | null;
}

const NONE: LevelState = { items: [], selected: null };

export interface RegionPickerProps {
  onChange: (code: string | null) => void;
  disabled?: boolean;
  /** e.g. 「北京市 · 市辖区 · 东城区」: the region already on record */
  currentName?: string | null;
}

export default function RegionPicker({ onChange, disabled = false, currentName }: RegionPickerProps) {
  const [provinces, setProvinces] = useState<LevelState>(NONE);
  const [cities, setCities] = useState<LevelState>(NONE);
  const [counties, setCounties] = useState<LevelState>(NONE);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');

  // a later choice wins over a slower answer to an earlier one
  const requestId = useRef(0);

  const load = async (parent: RegionDto | null, apply: (items: RegionDto[]) => void) => {
    const id = ++requestId.current;
    setError('');
    setLoading(true);
    try {
      const items = parent ? await listChildren(parent.code) : await listProvinces();
      if (id === requestId.current) apply(items);
    } catch (e) {
      if (id === requestId.current) {
        setError(isApiError(e) ? `地区列表加载失败：${e.message}` : '地区列表加载失败');
      }
    } finally {
      if (id === requestId.current) setLoading(false);
    }
  };

  const loadProvinces = () => load(null, (items) => setProvinces({ items, selected: null }));

  useEffect(() => {
    void loadProvinces();
    // once, on opening the page
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const pick = (level: 'province' | 'city' | 'county', index: number) => {
    const region = (level === 'province' ? provinces : level === 'city' ? cities : counties).items[index];
    if (!region) return;
    onChange(region.code);
    if (level === 'county') {
      setCounties((s) => ({ ...s, selected: index }));
      return;
    }
    if (level === 'province') {
      setProvinces((s) => ({ ...s, selected: index }));
      setCities(NONE);
    } else {
      setCities((s) => ({ ...s, selected: index }));
    }
    setCounties(NONE);
    if (region.childCount === 0) {
      // nothing below (e.g. a city without counties): drop any load still under way
      requestId.current++;
      setLoading(false);
      return;
    }
    void load(region, (items) =>
      level === 'province' ? setCities({ items, selected: null }) : setCounties({ items, selected: null }),
    );
  };

  const clear = () => {
    requestId.current++;
    setLoading(false);
    setProvinces((s) => ({ ...s, selected: null }));
    setCities(NONE);
    setCounties(NONE);
    onChange(null);
  };

  const selectedOf = (s: LevelState) => (s.selected === null ? undefined : s.items[s.selected]);
  const province = selectedOf(provinces);
  const city = selectedOf(cities);
  const county = selectedOf(counties);

  return (
    <View className="region-picker">
      {currentName && !province && (
        <Text className="region-picker__current" id="region-current">
          {currentName}
        </Text>
      )}
      <View className="region" id="region">
        <Picker
          mode="selector"
          range={provinces.items}
          rangeKey="name"
          value={provinces.selected ?? 0}
          disabled={flag(disabled || provinces.items.length === 0)}
          onChange={(e) => pick('province', Number(e.detail.value))}
          data-label="省份"
        >
          <View className={`region__part${province ? '' : ' region__part--empty'}`} id="region-province">
            {province?.name ?? (currentName ? '重新选择省份' : '省份')}
          </View>
        </Picker>
        {province && province.childCount > 0 && (
          <Picker
            mode="selector"
            range={cities.items}
            rangeKey="name"
            value={cities.selected ?? 0}
            disabled={flag(disabled || cities.items.length === 0)}
            onChange={(e) => pick('city', Number(e.detail.value))}
            data-label="城市"
          >
            <View className={`region__part${city ? '' : ' region__part--empty'}`} id="region-city">
              {city?.name ?? '城市'}
            </View>
          </Picker>
        )}
        {city && city.childCount > 0 && (
          <Picker
            mode="selector"
            range={counties.items}
            rangeKey="name"
            value={counties.selected ?? 0}
            disabled={flag(disabled || counties.items.length === 0)}
            onChange={(e) => pick('county', Number(e.detail.value))}
            data-label="区县"
          >
            <View className={`region__part${county ? '' : ' region__part--empty'}`} id="region-county">
              {county?.name ?? '区县'}
            </View>
          </Picker>
        )}
        {loading && <Text className="region__status">加载中…</Text>}
        {province && !loading && (
          <Text className="region__clear" onClick={clear}>
            清除
          </Text>
        )}
      </View>
      {error && (
        <View className="region__error">
          <Text>{error}</Text>
          {provinces.items.length === 0 && (
            <Text className="region__retry" onClick={() => void loadProvinces()}>
              重试
            </Text>
          )}
        </View>
      )}
    </View>
  );
}
