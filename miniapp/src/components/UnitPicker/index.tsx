/**
 * 所在单位 (T-8): look a work unit up by name and choose it, or register a new one (name,
 * civilization level, staff count) where the caller may. `create`:
 * - 'now': the unit is created at once (`POST /api/units`: team admins, regional admins);
 * - 'later': a new unit stays a draft that the page creates once the team exists (a person
 *   becomes a team admin, who may create units, only when their team is registered);
 * - 'never': choose only (a volunteer naming their unit).
 * Ids: `#unit` (the block), `#unit-open`, `#unit-search`, `#unit-list .unit-item[data-id]`,
 * `#unit-chosen`, `#unit-change`, `#unit-clear`, `#unit-new` → `#unit-name`, `#unit-level`,
 * `#unit-staffCount`, `#unit-create`.
 */
import { useEffect, useRef, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { fieldErrors, UNIT_LEVEL_LABELS, UNIT_LEVELS, unitSchema, type UnitDto, type UnitLevel } from '@zhiyuan/shared';
import RadioGroup from '@/components/RadioGroup';
import { isApiError } from '@/services/request';
import { createUnit, searchUnits } from '@/services/units';
import { flag } from '@/utils/attrs';

import './index.scss';

export interface UnitDraft {
  name: string;
  level: UnitLevel;
  staffCount: number;
}

export type UnitChoice = { kind: 'existing'; unit: UnitDto } | { kind: 'new'; draft: UnitDraft };

export interface UnitPickerProps {
  value: UnitChoice | null;
  onChange: (choice: UnitChoice | null) => void;
  /** where to look when nothing is typed, and where a new unit is */
  regionCode: string | null;
  create: 'now' | 'later' | 'never';
  disabled?: boolean;
}

const SEARCH_DELAY_MS = 300;
const LEVEL_OPTIONS = UNIT_LEVELS.map((level) => ({ value: level, label: UNIT_LEVEL_LABELS[level] }));
const draftSchema = unitSchema.pick({ name: true, level: true, staffCount: true });

export function unitChoiceName(choice: UnitChoice | null): string {
  if (!choice) return '';
  return choice.kind === 'existing' ? choice.unit.name : choice.draft.name;
}

function levelOf(choice: UnitChoice): UnitLevel {
  return choice.kind === 'existing' ? choice.unit.level : choice.draft.level;
}

export default function UnitPicker({ value, onChange, regionCode, create, disabled = false }: UnitPickerProps) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [items, setItems] = useState<UnitDto[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState('');
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState({ name: '', level: null as UnitLevel | null, staffCount: '' });
  const [draftErrors, setDraftErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const searchId = useRef(0);

  // the list follows what is typed, a moment after the typing stops
  useEffect(() => {
    if (!open) return undefined;
    const id = ++searchId.current;
    const timer = setTimeout(
      () => {
        setLoading(true);
        setError('');
        const text = q.trim();
        searchUnits({ q: text, regionCode: text ? undefined : (regionCode ?? undefined) })
          .then((page) => id === searchId.current && setItems(page.items))
          .catch((e: unknown) => id === searchId.current && setError(isApiError(e) ? e.message : '单位列表加载失败'))
          .finally(() => id === searchId.current && setLoading(false));
      },
      items === null ? 0 : SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
    // `items` only decides the first delay
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, q, regionCode]);

  const choose = (choice: UnitChoice | null) => {
    onChange(choice);
    setOpen(false);
    setAdding(false);
  };

  const startAdding = () => {
    setAdding(true);
    setDraft((d) => ({ ...d, name: d.name || q.trim() }));
    setDraftErrors({});
  };

  const addUnit = async () => {
    const input = { name: draft.name.trim(), level: draft.level ?? undefined, staffCount: draft.staffCount.trim() };
    const found = fieldErrors(draftSchema, input);
    if (input.staffCount && !/^\d+$/.test(input.staffCount)) found.staffCount = '职工人数请填写整数';
    if (create === 'now' && !regionCode) found.name = found.name ?? '请先选择所在地区';
    setDraftErrors(found);
    if (Object.keys(found).length > 0) return;
    const parsed: UnitDraft = { name: input.name, level: draft.level!, staffCount: Number(input.staffCount) };
    if (create === 'later') {
      choose({ kind: 'new', draft: parsed });
      return;
    }
    setSaving(true);
    try {
      const unit = await createUnit({ ...parsed, regionCode: regionCode! });
      choose({ kind: 'existing', unit });
    } catch (e) {
      setDraftErrors({ name: isApiError(e) ? e.message : '单位登记失败，请稍后再试' });
    } finally {
      setSaving(false);
    }
  };

  if (value && !open) {
    return (
      <View id="unit" className="unit-picker">
        <View id="unit-chosen" className="unit-picker__chosen" data-kind={value.kind}>
          <Text className="unit-picker__name">{unitChoiceName(value)}</Text>
          <Text className="unit-picker__meta">
            {UNIT_LEVEL_LABELS[levelOf(value)]}
            {value.kind === 'new' ? ' · 新登记' : ''}
          </Text>
        </View>
        {!disabled && (
          <View className="unit-picker__links">
            <Text id="unit-change" className="unit-picker__link" onClick={() => setOpen(true)}>
              更换
            </Text>
            <Text id="unit-clear" className="unit-picker__link" onClick={() => choose(null)}>
              不选择单位
            </Text>
          </View>
        )}
      </View>
    );
  }

  if (!open) {
    return (
      <View id="unit" className="unit-picker">
        <Text id="unit-open" className="unit-picker__open" onClick={() => !disabled && setOpen(true)}>
          选择所在单位
        </Text>
      </View>
    );
  }

  const editDraft = (field: 'name' | 'staffCount', text: string) => {
    setDraft((d) => ({ ...d, [field]: text }));
    if (draftErrors[field]) setDraftErrors(({ [field]: _gone, ...rest }) => rest);
  };

  return (
    <View id="unit" className="unit-picker unit-picker--open">
      <Input
        id="unit-search"
        className="unit-picker__search"
        value={q}
        placeholder="输入单位名称查找"
        maxlength={100}
        disabled={flag(disabled)}
        onInput={(e) => setQ(e.detail.value)}
      />
      {error && <Text className="unit-picker__error">{error}</Text>}
      {loading && items === null ? (
        <Text className="unit-picker__status">加载中…</Text>
      ) : (
        <View id="unit-list" className="unit-picker__list">
          {(items ?? []).map((u) => (
            <View
              key={u.id}
              className="unit-item"
              data-id={u.id}
              onClick={() => !disabled && choose({ kind: 'existing', unit: u })}
            >
              <Text className="unit-item__name">{u.name}</Text>
              <Text className="unit-item__meta">
                {UNIT_LEVEL_LABELS[u.level]} · 职工 {u.staffCount} 人
              </Text>
            </View>
          ))}
          {items !== null && items.length === 0 && !loading && (
            <Text id="unit-empty" className="unit-picker__status">
              没有找到该单位
            </Text>
          )}
        </View>
      )}

      {create !== 'never' && !adding && (
        <Text id="unit-new" className="unit-picker__link" onClick={startAdding}>
          找不到？登记新单位
        </Text>
      )}
      {create === 'never' && (
        <Text className="unit-picker__note">找不到所在单位？请联系单位的志愿团体管理员登记单位。</Text>
      )}
      {adding && (
        <View className="unit-picker__new" id="unit-new-form">
          <Input
            id="unit-name"
            className="unit-picker__search"
            value={draft.name}
            placeholder="单位全称，如：北京市东城区人民医院"
            maxlength={100}
            disabled={flag(saving)}
            onInput={(e) => editDraft('name', e.detail.value)}
          />
          {draftErrors.name && (
            <Text id="unit-name-error" className="field-error">
              {draftErrors.name}
            </Text>
          )}
          <RadioGroup
            id="unit-level"
            options={LEVEL_OPTIONS}
            value={draft.level}
            disabled={saving}
            inline
            onChange={(level) => {
              setDraft((d) => ({ ...d, level }));
              setDraftErrors(({ level: _gone, ...rest }) => rest);
            }}
          />
          {draftErrors.level && (
            <Text id="unit-level-error" className="field-error">
              {draftErrors.level}
            </Text>
          )}
          <Input
            id="unit-staffCount"
            className="unit-picker__search"
            type="number"
            value={draft.staffCount}
            placeholder="职工人数（含在校师生的单位填师生总数）"
            maxlength={8}
            disabled={flag(saving)}
            onInput={(e) => editDraft('staffCount', e.detail.value)}
          />
          {draftErrors.staffCount && (
            <Text id="unit-staffCount-error" className="field-error">
              {draftErrors.staffCount}
            </Text>
          )}
          <Text className="unit-picker__note">
            职工人数用于计算单位的志愿者注册率（全国文明单位 95%、省级 90%、市级 85%、其他单位 80%）。
          </Text>
          <Button
            id="unit-create"
            className="btn btn-plain unit-picker__button"
            loading={flag(saving)}
            disabled={flag(saving)}
            onClick={() => void addUnit()}
          >
            {create === 'now' ? '登记并选择' : '使用这个单位'}
          </Button>
        </View>
      )}
      <View className="unit-picker__links">
        <Text
          id="unit-cancel"
          className="unit-picker__link unit-picker__link--muted"
          onClick={() => {
            setOpen(false);
            setAdding(false);
          }}
        >
          收起
        </Text>
      </View>
    </View>
  );
}
