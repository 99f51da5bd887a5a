/**
 * Plain DOM stand-ins for `@tarojs/components` in jest (jsdom). Events carry the same
 * `{ detail: { value } }` shape as Taro's, so pages run unchanged.
 */
import type { ChangeEvent, CSSProperties, ReactNode } from 'react';

type AnyProps = Record<string, unknown> & { children?: ReactNode };

/** Only the attributes a DOM element understands: id, class, style, data-*, aria-*, role. */
function domProps(props: AnyProps): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (key === 'id' || key === 'role' || key.startsWith('data-') || key.startsWith('aria-')) out[key] = value;
  }
  if (props.className) out.className = props.className;
  if (props.style) out.style = props.style as CSSProperties;
  if (typeof props.onClick === 'function') out.onClick = props.onClick;
  return out;
}

export function View(props: AnyProps) {
  return <div {...domProps(props)}>{props.children}</div>;
}

export function Text(props: AnyProps) {
  return <span {...domProps(props)}>{props.children}</span>;
}

export function Label(props: AnyProps) {
  return <label {...domProps(props)}>{props.children}</label>;
}

export function Image(props: AnyProps & { src?: string }) {
  return <img {...domProps(props)} src={props.src} alt="" />;
}

export function ScrollView(props: AnyProps) {
  return <div {...domProps(props)}>{props.children}</div>;
}

export function Button(props: AnyProps & { disabled?: boolean; loading?: boolean; formType?: string }) {
  return (
    <button
      {...domProps(props)}
      type={props.formType === 'submit' ? 'submit' : 'button'}
      disabled={Boolean(props.disabled)}
      aria-busy={props.loading ? 'true' : undefined}
    >
      {props.children}
    </button>
  );
}

interface InputProps extends AnyProps {
  value?: string;
  name?: string;
  type?: string;
  password?: boolean;
  placeholder?: string;
  maxlength?: number;
  disabled?: boolean;
  onInput?: (e: { detail: { value: string } }) => void;
  onBlur?: (e: { detail: { value: string } }) => void;
  onConfirm?: (e: { detail: { value: string } }) => void;
}

export function Input(props: InputProps) {
  return (
    <input
      {...domProps(props)}
      name={props.name}
      type={props.password ? 'password' : 'text'}
      value={props.value ?? ''}
      placeholder={props.placeholder}
      maxLength={props.maxlength}
      disabled={props.disabled}
      onChange={(e: ChangeEvent<HTMLInputElement>) => props.onInput?.({ detail: { value: e.target.value } })}
      onBlur={(e) => props.onBlur?.({ detail: { value: e.target.value } })}
      onKeyDown={(e) => {
        if (e.key === 'Enter') props.onConfirm?.({ detail: { value: (e.target as HTMLInputElement).value } });
      }}
    />
  );
}

interface PickerProps extends AnyProps {
  range?: unknown[];
  rangeKey?: string;
  value?: number;
  disabled?: boolean;
  onChange?: (e: { detail: { value: number } }) => void;
}

/** A `<select>` over `range`; the children (the visible label) are rendered before it. */
export function Picker(props: PickerProps) {
  const range = props.range ?? [];
  const label = (item: unknown) =>
    props.rangeKey && typeof item === 'object' && item !== null
      ? String((item as Record<string, unknown>)[props.rangeKey])
      : String(item);
  return (
    <div {...domProps(props)}>
      {props.children}
      <select
        aria-label={typeof props['data-label'] === 'string' ? props['data-label'] : undefined}
        value={props.value ?? ''}
        disabled={props.disabled}
        onChange={(e) => props.onChange?.({ detail: { value: Number(e.target.value) } })}
      >
        <option value="" disabled>
          请选择
        </option>
        {range.map((item, index) => (
          <option key={index} value={index}>
            {label(item)}
          </option>
        ))}
      </select>
    </div>
  );
}

interface TextareaProps extends AnyProps {
  value?: string;
  placeholder?: string;
  maxlength?: number;
  disabled?: boolean;
  onInput?: (e: { detail: { value: string } }) => void;
}

export function Textarea(props: TextareaProps) {
  return (
    <textarea
      {...domProps(props)}
      value={props.value ?? ''}
      placeholder={props.placeholder}
      maxLength={props.maxlength}
      disabled={props.disabled}
      onChange={(e: ChangeEvent<HTMLTextAreaElement>) => props.onInput?.({ detail: { value: e.target.value } })}
    />
  );
}
