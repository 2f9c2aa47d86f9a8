import { Alert, Button, Flex, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { RowSync } from '../../../../shared/ipc/workstation';
import { call } from '../../api';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { Translate } from '../../errors';
import { useAction } from '../../hooks/useAction';
import { useLocale } from '../../hooks/useLocale';
import { fieldLabel } from '../queue/ConflictDialog';

/** A server or Ozon refusal, in the person's language when we know the code. */
export function rejectionText(t: Translate, r: NonNullable<RowSync['rejection']>): string {
  const known = t(`syncReject.${r.code}`, { defaultValue: '' }) || t(`errors.${r.code}`, { defaultValue: '' });
  const text = known || r.message || t('rowSync.rejectedGeneric');
  return r.field ? `${fieldLabel(t, r.field)}: ${text}` : text;
}

/** A product row's sync state: conflict, refusal (the local value kept), pending fields, and Ozon's state. */
export function SyncAlerts({
  sync,
  onResolve,
  onDiscarded,
}: {
  sync: RowSync;
  onResolve(entryId: string, conflicts: NonNullable<RowSync['conflict']>['conflicts']): void;
  onDiscarded(): void;
}) {
  const { t } = useLocale();
  const discard = useAction(async (id: string) => {
    await call('sync:discard', { id });
    onDiscarded();
  });
  const items: ReactNode[] = [];
  if (sync.conflict) {
    const c = sync.conflict;
    items.push(
      <Alert
        key="conflict"
        type="warning"
        showIcon
        data-testid="product-conflict"
        title={t('rowSync.conflictTitle')}
        description={t('rowSync.conflictText', { fields: c.conflicts.map((x) => fieldLabel(t, x.field)).join(', ') })}
        action={
          <Button size="small" type="primary" data-testid="product-resolve" onClick={() => onResolve(c.entryId, c.conflicts)}>
            {t('rowSync.resolve')}
          </Button>
        }
      />,
    );
  }
  if (sync.rejection) {
    const r = sync.rejection;
    items.push(
      <Alert
        key="rejected"
        type="error"
        showIcon
        data-testid="product-rejection"
        data-code={r.code}
        title={t('rowSync.rejectedTitle')}
        description={
          <>
            <div>{rejectionText(t, r)}</div>
            <div style={{ opacity: 0.8 }}>{t('rowSync.rejectedKept')}</div>
          </>
        }
        action={
          <ConfirmButton label={t('queue.discard')} title={t('queue.confirmDiscard')} onConfirm={() => discard.run(r.entryId)} testId="product-discard-rejected" loading={discard.loading} />
        }
      />,
    );
  }
  if (sync.pendingFields.length > 0 && !sync.conflict && !sync.rejection) {
    items.push(
      <Alert
        key="pending"
        type="info"
        showIcon
        data-testid="product-pending"
        title={t('rowSync.pendingTitle', { fields: sync.pendingFields.map((f) => fieldLabel(t, f)).join(', ') })}
      />,
    );
  }
  if (sync.ozon) {
    const o = sync.ozon;
    const color = o.state === 'synced' ? 'green' : o.state === 'pending' ? 'blue' : o.state === 'failed' ? 'red' : 'orange';
    items.push(
      <Flex key="ozon" gap={8} align="center" data-testid="product-ozon-state" data-state={o.state}>
        <Typography.Text type="secondary">{t('rowSync.ozonLabel')}</Typography.Text>
        <Tag color={color}>{t(`ozonState.${o.state}`)}</Tag>
        {o.reason ? <Typography.Text type={o.state === 'failed' ? 'danger' : 'secondary'}>{o.reason}</Typography.Text> : null}
      </Flex>,
    );
  }
  if (items.length === 0) {
    items.push(
      <Typography.Text key="ok" type="secondary">
        {t('rowSync.allSynced')}
      </Typography.Text>,
    );
  }
  return (
    <Flex vertical gap={8}>
      <ErrorAlert error={discard.error} style={{ marginBottom: 0 }} />
      {items}
    </Flex>
  );
}

