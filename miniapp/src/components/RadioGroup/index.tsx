/**
 * A short list of choices shown at once, each with a line of explanation: better than a wheel
 * picker when the choice needs reading (登记状态, 成员加入方式). The group carries `id`; each
 * option `${id}-${value}` with `aria-checked`.
 */
import { Text, View } from '@tarojs/components';

import './index.scss';

export interface RadioOption<T extends string> {
  value: T;
  label: string;
  /** a sentence under the label */
  note?: string;
}

export interface RadioGroupProps<T extends string> {
  id: string;
  options: readonly RadioOption<T>[];
  value: T | null;
  onChange: (value: T) => void;
  disabled?: boolean;
  /** options side by side (short labels) instead of one per line */
  inline?: boolean;
}

export default function RadioGroup<T extends string>(props: RadioGroupProps<T>) {
  const { id, options, value, onChange, disabled = false, inline = false } = props;
  return (
    <View id={id} className={`radio-group${inline ? ' radio-group--inline' : ''}`} role="radiogroup">
      {options.map((o) => {
        const checked = o.value === value;
        return (
          <View
            key={o.value}
            id={`${id}-${o.value}`}
            className={`radio-group__option${checked ? ' radio-group__option--checked' : ''}${disabled ? ' radio-group__option--disabled' : ''}`}
            role="radio"
            aria-checked={checked}
            aria-disabled={disabled}
            data-value={o.value}
            onClick={() => {
              if (!disabled && !checked) onChange(o.value);
            }}
          >
            <View className="radio-group__dot" />
            <View className="radio-group__text">
              <Text className="radio-group__label">{o.label}</Text>
              {o.note && <Text className="radio-group__note">{o.note}</Text>}
            </View>
          </View>
        );
      })}
    </View>
  );
}
