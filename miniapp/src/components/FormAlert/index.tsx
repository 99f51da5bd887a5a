/**
 * The message above a form (#form-error) and, when the bff gave one, what to do next
 * (#form-hint): e.g. V-2 「使用该证件号码的志愿者已经注册过」 and who can help.
 */
import { Text, View } from '@tarojs/components';

import './index.scss';

export interface FormAlertProps {
  message: string;
  hint?: string;
}

export default function FormAlert({ message, hint }: FormAlertProps) {
  if (!message) return null;
  return (
    <View className="form-alert" role="alert">
      <Text id="form-error" className="form-alert__message">
        {message}
      </Text>
      {hint && (
        <Text id="form-hint" className="form-alert__hint">
          {hint}
        </Text>
      )}
    </View>
  );
}
