import { Button, Popconfirm } from 'antd';
import { useLocale } from '../hooks/useLocale';
import { confirmOk } from './confirm';

interface ConfirmButtonProps {
  /** the button's text, and the confirmation's OK text */
  label: string;
  /** the question the confirmation asks */
  title: string;
  /** what follows, when it needs saying */
  description?: string;
  onConfirm(): unknown;
  testId: string;
  /** destructive (the default): the button and the OK are red */
  danger?: boolean;
  loading?: boolean;
  disabled?: boolean;
}

/** A small button whose action runs only after "are you sure?" (remove, revoke, discard, unlink, leave). */
export function ConfirmButton({ danger = true, ...p }: ConfirmButtonProps) {
  const { t } = useLocale();
  return (
    <Popconfirm
      title={p.title}
      description={p.description}
      okText={p.label}
      okType={danger ? 'danger' : 'primary'}
      cancelText={t('common.cancel')}
      okButtonProps={confirmOk}
      onConfirm={() => p.onConfirm()}
      disabled={p.disabled}
    >
      <Button size="small" danger={danger} loading={p.loading} disabled={p.disabled} data-testid={p.testId}>
        {p.label}
      </Button>
    </Popconfirm>
  );
}
