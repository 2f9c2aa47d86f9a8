import { Card, Flex, Typography } from 'antd';
import type { ActionEntry } from '../../../../shared/ipc/actions';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { useNow } from '../../hooks/useNow';
import { formatAgo } from '../../lib/format';
import { useWorkstation } from '../../store/workstation';
import { AttemptsCell, EntryTable } from './EntryTable';
import { ActionEntryState } from './ActionStatus';

/** Queued actions (commands for Ozon) beside the queued edits: state, refusal reason, retry / discard. */
export function ActionQueue() {
  const { t, locale } = useLocale();
  const sync = useWorkstation((s) => s.sync);
  const version = useWorkstation((s) => s.dataVersion);
  const stores = useWorkstation((s) => s.stores);
  const syncKey = sync ? `${sync.pending}/${sync.failed}/${sync.online}/${sync.lastSyncedAt ?? ''}` : '';
  const list = useLoad(() => call('actions:list', {}), [syncKey, version]);
  const now = useNow(5_000);
  const entries = list.data?.entries ?? [];
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? '';
  return (
    <Card title={t('actionQueue.title')} style={{ marginTop: 16 }} data-testid="action-queue">
      <Typography.Paragraph type="secondary">{t('actionQueue.intro')}</Typography.Paragraph>
      <ErrorAlert error={list.error} />
      <EntryTable<ActionEntry>
        testId="action-queue-table"
        emptyTestId="action-queue-empty"
        emptyText={t('actionQueue.empty')}
        entries={entries}
        loading={list.loading && !list.data}
        rowAttributes={(e) => ({ 'data-testid': `action-row-${e.id}`, 'data-state': e.state, 'data-kind': e.kind })}
        columns={[
          {
            key: 'what',
            title: t('actionQueue.what'),
            render: (_, e) => (
              <Flex vertical style={{ minWidth: 0 }}>
                <Typography.Text strong>{t(`actionKind.${e.kind}`)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {stores.length > 1 && storeName(e.storeId) ? `${storeName(e.storeId)} · ` : ''}
                  {formatAgo(e.createdAt, locale, now)}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            key: 'target',
            title: t('actionQueue.target'),
            render: (_, e) => (
              <Typography.Text ellipsis={{ tooltip: e.label }} style={{ maxWidth: 320 }}>
                {e.label}
              </Typography.Text>
            ),
          },
          { key: 'state', title: t('queue.state'), render: (_, e) => <ActionEntryState entry={e} onChanged={list.reload} testId={`action-state-${e.id}`} /> },
          {
            key: 'attempts',
            title: t('queue.attempts'),
            render: (_, e) => <AttemptsCell attempts={e.attempts} nextAttemptAt={e.nextAttemptAt} due={e.state === 'pending'} now={now} />,
          },
        ]}
      />
    </Card>
  );
}
