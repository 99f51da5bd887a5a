/**
 * H5 only: a real `<input type="file">` (hidden) behind a button, because `chooseMessageFile`
 * exists only in WeChat. The input carries `id`, so browser tests can `setInputFiles` on it.
 * Render it only when `process.env.TARO_ENV !== 'weapp'`.
 */
import { useRef, type ChangeEvent } from 'react';
import { Button, View } from '@tarojs/components';
import { flag } from '@/utils/attrs';

export interface FileInputProps {
  id: string;
  accept: string;
  label: string;
  disabled?: boolean;
  onFile: (file: File) => void;
}

export default function FileInput({ id, accept, label, disabled = false, onFile }: FileInputProps) {
  const input = useRef<HTMLInputElement | null>(null);
  const changed = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // the same file can be chosen again after a fix
    e.target.value = '';
    if (file) onFile(file);
  };
  return (
    <View className="file-input">
      <input
        ref={input}
        id={id}
        type="file"
        accept={accept}
        disabled={disabled}
        style={{ display: 'none' }}
        onChange={changed}
      />
      <Button
        id={`${id}-button`}
        className="btn btn-plain"
        disabled={flag(disabled)}
        onClick={() => input.current?.click()}
      >
        {label}
      </Button>
    </View>
  );
}
