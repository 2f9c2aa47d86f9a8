import { ArrowLeftOutlined, CloudSyncOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { QueueEntry } from '../../../../shared/ipc/workstation';
import { call } from '../../api';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import { useErrorToast } from '../../hooks/useErrorToast';
import { useLocale } from '../../hooks/useLocale';
import { useNow } from '../../hooks/useNow';
import { formatAgo } from '../../lib/format';
import { useAppStore } from '../../store/app';
import { useWorkstation } from '../../store/workstation';
import { rejectionText } from '../products/ProductSyncAlerts';
import { AttemptsCell, EntryTable } from './EntryTable';
import { ActionQueue } from './ActionQueue';
import { ConflictDialog, fieldLabel, showValue } from './ConflictDialog';

const STATE_COLOR: Record<QueueEntry['state'], string> = { pending: 'gold', sending: 'blue', failed: 'red', conflict: 'volcano' };

/** Every change not yet accepted by the server: pending, sending, failed, conflicting. */
export function QueuePage() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const navigate = useAppStore((s) => s.navigate);
  const sync = useWorkstation((s) => s.sync);
  const version = useWorkstation((s) => s.dataVersion);
  const stores = useWorkstation((s) => s.stores);
  // the queue moves with the sync status (sent, failed, conflict) and with local edits
  const syncKey = sync ? `${sync.pending}/${sync.failed}/${sync.conflicts}/${sync.lastSyncedAt ?? ''}` : '';
  const queue = useLoad(() => call('sync:queue', {}), [syncKey, version]);
  const [resolving, setResolving] = useState<QueueEntry | null>(null);
  const now = useNow(5_000);

  const onError = { onError: useErrorToast() };
  const retry = useAction(async (id: string) => {
    await call('sync:retry', { id });
    await queue.reload();
  }, onError);
  const discard = useAction(async (id: string) => {
    await call('sync:discard', { id });
    void message.success(t('queue.discarded'));
    await queue.reload();
  }, onError);
  const syncNow = useAction(async () => {
    useWorkstation.getState().setSync(await call('sync:now', {}));
    await queue.reload();
  }, onError);

  const entries = queue.data?.entries ?? [];
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? '';

  return (
    <>
      <Flex align="center" gap={8} style={{ marginBottom: 16 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('common.back')} onClick={() => navigate('dashboard')} data-testid="queue-back" />
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {t('queue.title')}
        </Typography.Title>
      </Flex>
      {sync && !sync.online ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('queue.offline')} data-testid="queue-offline" /> : null}
      {sync?.paused === 'signed_out' ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('queue.paused')} /> : null}
      <Card
        title={t('queue.subtitle')}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={() => void queue.reload()} data-testid="queue-refresh">
              {t('common.refresh')}
            </Button>
            <Button type="primary" icon={<CloudSyncOutlined />} loading={syncNow.loading} disabled={sync ? !sync.online || sync.paused !== null : false} onClick={() => void syncNow.run()} data-testid="queue-sync-now">
              {t('queue.syncNow')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('queue.intro')}</Typography.Paragraph>
        <ErrorAlert error={queue.error} />
        <EntryTable<QueueEntry>
          testId="queue-table"
          emptyTestId="queue-empty"
          emptyText={t('queue.empty')}
          entries={entries}
          loading={queue.loading && !queue.data}
          rowAttributes={(e) => ({ 'data-testid': `queue-row-${e.id}`, 'data-state': e.state })}
          columns={[
            {
              key: 'label',
              title: t('queue.what'),
              render: (_, e) => (
                <Flex vertical style={{ minWidth: 0 }}>
                  <Typography.Text strong ellipsis={{ tooltip: e.label }} style={{ maxWidth: 320 }}>
                    {e.label}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`queue.entity_${e.entity === 'stock' ? 'stock' : 'product'}`)}
                    {stores.length > 1 && storeName(e.storeId) ? ` · ${storeName(e.storeId)}` : ''} · {formatAgo(e.createdAt, locale, now)}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              key: 'changes',
              title: t('queue.changes'),
              render: (_, e) => (
                <Flex vertical gap={2}>
                  {Object.entries(e.changes).map(([f, v]) => (
                    <span key={f}>
                      <Typography.Text type="secondary">{fieldLabel(t, f)}:</Typography.Text> {showValue(t, v)}
                    </span>
                  ))}
                </Flex>
              ),
            },
            {
              key: 'state',
              title: t('queue.state'),
              render: (_, e) => (
                <Flex vertical gap={4} align="flex-start">
                  <Tag color={STATE_COLOR[e.state]} data-testid={`queue-state-${e.id}`}>
                    {t(`queue.state_${e.state}`)}
                  </Tag>
                  {e.error ? (
                    <Typography.Text type="danger" style={{ fontSize: 12, maxWidth: 280 }} data-testid={`queue-error-${e.id}`} data-code={e.error.code}>
                      {rejectionText(t, { entryId: e.id, ...e.error })}
                    </Typography.Text>
                  ) : null}
                </Flex>
              ),
            },
            {
              key: 'attempts',
              title: t('queue.attempts'),
              render: (_, e) => <AttemptsCell attempts={e.attempts} nextAttemptAt={e.nextAttemptAt} due={e.state !== 'conflict' && e.state !== 'failed'} now={now} />,
            },
            {
              key: 'actions',
              title: '',
              align: 'right',
              render: (_, e) => (
                <Space>
                  {e.state === 'conflict' && e.conflicts ? (
                    <Button size="small" type="primary" data-testid={`queue-resolve-${e.id}`} onClick={() => setResolving(e)}>
                      {t('rowSync.resolve')}
                    </Button>
                  ) : null}
                  {e.state !== 'conflict' ? (
                    <Button size="small" data-testid={`queue-retry-${e.id}`} disabled={e.state === 'sending'} loading={retry.loading} onClick={() => void retry.run(e.id)}>
                      {t('queue.retry')}
                    </Button>
                  ) : null}
                  <ConfirmButton
                    label={t('queue.discard')}
                    title={t('queue.confirmDiscard')}
                    description={t('queue.confirmDiscardText')}
                    onConfirm={() => discard.run(e.id)}
                    testId={`queue-discard-${e.id}`}
                    disabled={e.state === 'sending'}
                  />
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ActionQueue />
      {resolving && resolving.conflicts ? (
        <ConflictDialog entryId={resolving.id} conflicts={resolving.conflicts} label={resolving.label} onClose={() => setResolving(null)} onResolved={() => void queue.reload()} />
      ) : null}
    </>
  );
}
