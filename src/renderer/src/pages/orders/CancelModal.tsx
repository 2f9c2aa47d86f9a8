import { Form, Input, Modal, Select } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useLocale } from '../../hooks/useLocale';

/**
 * Ozon's seller cancel reasons that may be used to cancel (the example of
 * /v2/posting/fbs/cancel-reason/list: `is_available_for_cancellation`).
 * 402 ("other") needs the seller's own words.
 */
export const CANCEL_REASONS = [352, 402] as const;
export const CANCEL_REASON_OTHER = 402;

interface Props {
  open: boolean;
  onCancel(): void;
  onConfirm(v: { reasonId: number; message?: string }): Promise<unknown>;
}

export function CancelModal({ open, onCancel, onConfirm }: Props) {
  const { t } = useLocale();
  const [reasonId, setReasonId] = useState<number>(CANCEL_REASONS[0]);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const needsText = reasonId === CANCEL_REASON_OTHER;
  const missing = needsText && !message.trim();
  const submit = async () => {
    if (missing) return;
    setBusy(true);
    try {
      await onConfirm(needsText ? { reasonId, message: message.trim() } : { reasonId });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('orderDrawer.cancelTitle')}
      onCancel={onCancel}
      onOk={() => void submit()}
      okText={t('orderDrawer.confirmCancel')}
      okType="danger"
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: missing, loading: busy, 'data-testid': 'cancel-confirm' } as ButtonProps}
      destroyOnHidden
    >
      <Form layout="vertical" data-testid="cancel-modal">
        <Form.Item label={t('orderDrawer.reason')}>
          <Select value={reasonId} onChange={setReasonId} data-testid="cancel-reason" options={CANCEL_REASONS.map((id) => ({ value: id, label: t(`orderDrawer.reason_${id}`) }))} />
        </Form.Item>
        {needsText ? (
          <Form.Item label={t('orderDrawer.message')} required validateStatus={missing ? 'error' : undefined} help={missing ? t('orderDrawer.messageRequired') : undefined}>
            <Input.TextArea rows={3} maxLength={500} showCount value={message} onChange={(e) => setMessage(e.target.value)} data-testid="cancel-message" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
