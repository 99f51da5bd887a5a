/**
 * 通过 / 不通过 with a reason, for a reviewer's page (人工认证, 团体审核): the approve button, then
 * 不通过 opens the reason (#reject-reason, its error #reject-reason-error) with 取消 / 确认不通过.
 * The page confirms, sends and reports errors; the panel keeps the reason until a reject goes
 * through (a failed one leaves it for another try).
 */
import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { flag } from '@/utils/attrs';

import './index.scss';

export interface DecisionPanelProps {
  /** The container, e.g. the page's actions row. */
  className: string;
  /** id and text of the approve button (#verify 认证通过, #approve 通过). */
  approveId: string;
  approveLabel: string;
  reasonPlaceholder: string;
  /** The page's own input look. */
  inputClassName: string;
  approveLoading: boolean;
  rejectLoading: boolean;
  /** Every button and the input, while any action of the page runs. */
  disabled: boolean;
  onApprove: () => void;
  /** The error for the trimmed reason, if any. */
  validateReason: (reason: string) => string | undefined;
  /** Sends 不通过 with the trimmed reason; true when it went through. */
  onReject: (reason: string) => Promise<boolean>;
}

export default function DecisionPanel({
  className,
  approveId,
  approveLabel,
  reasonPlaceholder,
  inputClassName,
  approveLoading,
  rejectLoading,
  disabled,
  onApprove,
  validateReason,
  onReject,
}: DecisionPanelProps) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState('');

  const reject = async () => {
    if (disabled) return;
    const trimmed = reason.trim();
    const found = validateReason(trimmed) ?? '';
    setReasonError(found);
    if (found) return;
    if (!(await onReject(trimmed))) return;
    setRejecting(false);
    setReason('');
  };

  return (
    <View className={`decision-panel ${className}`}>
      <Button
        id={approveId}
        className="btn btn-primary"
        loading={flag(approveLoading)}
        disabled={flag(disabled)}
        onClick={onApprove}
      >
        {approveLabel}
      </Button>
      {!rejecting ? (
        <Button id="reject" className="btn btn-plain" disabled={flag(disabled)} onClick={() => setRejecting(true)}>
          不通过
        </Button>
      ) : (
        <View className="decision-panel__reject">
          <Input
            id="reject-reason"
            className={inputClassName}
            value={reason}
            placeholder={reasonPlaceholder}
            maxlength={200}
            disabled={flag(disabled)}
            onInput={(e) => {
              setReason(e.detail.value);
              setReasonError('');
            }}
          />
          {reasonError && (
            <Text id="reject-reason-error" className="field-error">
              {reasonError}
            </Text>
          )}
          <View className="decision-panel__buttons">
            <Button
              id="reject-cancel"
              className="btn btn-plain decision-panel__button"
              disabled={flag(disabled)}
              onClick={() => {
                setRejecting(false);
                setReasonError('');
              }}
            >
              取消
            </Button>
            <Button
              id="reject-confirm"
              className="btn btn-primary decision-panel__button"
              loading={flag(rejectLoading)}
              disabled={flag(disabled)}
              onClick={() => void reject()}
            >
              确认不通过
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
