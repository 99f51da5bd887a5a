/** A labelled form row with its hint and, under it, the field's error message. */
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

import './index.scss';

export interface FormFieldProps {
  /** the input's id; the error gets `${name}-error` */
  name: string;
  label: string;
  required?: boolean;
  hint?: string;
  error?: string;
  children: ReactNode;
}

export default function FormField({ name, label, required, hint, error, children }: FormFieldProps) {
  return (
    <View className={`form-field${error ? ' form-field--invalid' : ''}`}>
      <View className="form-field__label">
        <Text>{label}</Text>
        {required ? (
          <Text className="form-field__required">*</Text>
        ) : (
          <Text className="form-field__optional">选填</Text>
        )}
      </View>
      <View className="form-field__control">{children}</View>
      {error ? (
        <Text id={`${name}-error`} className="field-error" data-field={name} aria-live="polite">
          {error}
        </Text>
      ) : hint ? (
        <Text className="form-field__hint">{hint}</Text>
      ) : null}
    </View>
  );
}
