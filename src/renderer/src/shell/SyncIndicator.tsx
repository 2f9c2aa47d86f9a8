import { CloudOutlined, CloudSyncOutlined, DisconnectOutlined, ExclamationCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Badge, Button, Flex, Progress, Tooltip, Typography } from 'antd';
import { useLocale } from '../hooks/useLocale';
import { useNow } from '../hooks/useNow';
import { formatAgo, splitDuration } from '../lib/format';
import { formatNumber } from '../lib/money';
import type { Translate } from '../errors';
import { useAppStore } from '../store/app';
import { useWorkstation } from '../store/workstation';

export function formatEta(t: Translate, seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  const { h, m, s } = splitDuration(seconds);
  if (h > 0) return t('sync.etaHours', { h, m });
  if (m > 0) return t('sync.etaMinutes', { m });
  return t('sync.etaSeconds', { s: Math.max(1, s) });
}

/** Always in the header: online/offline, pending changes, conflicts, last sync, first-pull progress. Click → queue. */
export function SyncIndicator() {
  const { t, locale } = useLocale();
  const sync = useWorkstation((s) => s.sync);
  const navigate = useAppStore((s) => s.navigate);
  const now = useNow(15_000);
  if (!sync) return null;

  const pull = sync.pull;
  const percent = pull && pull.total > 0 ? Math.min(100, Math.floor((pull.done / pull.total) * 100)) : 0;
  const issues = sync.failed + sync.conflicts;
  const last = sync.lastSyncedAt ? formatAgo(sync.lastSyncedAt, locale, now) : '';

  const status = !sync.online ? (
    <Typography.Text type="warning" data-testid="sync-offline">
      <DisconnectOutlined /> {t('sync.offline')}
    </Typography.Text>
  ) : pull ? (
    <Typography.Text>
      <CloudSyncOutlined spin /> {t('sync.pulling')}
    </Typography.Text>
  ) : (
    <Typography.Text type="secondary">
      <CloudOutlined /> {sync.pending > 0 ? t('sync.sending') : t('sync.online')}
    </Typography.Text>
  );

  const tip = (
    <div>
      <div>{sync.online ? t('sync.tipOnline') : t('sync.tipOffline')}</div>
      <div>{t('sync.tipPending', { count: sync.pending })}</div>
      {sync.failed > 0 ? <div>{t('sync.tipFailed', { count: sync.failed })}</div> : null}
      {sync.conflicts > 0 ? <div>{t('sync.tipConflicts', { count: sync.conflicts })}</div> : null}
      <div>{sync.lastSyncedAt ? t('sync.lastSynced', { when: last }) : t('sync.neverSynced')}</div>
      <div style={{ marginTop: 4, opacity: 0.8 }}>{t('sync.tipOpenQueue')}</div>
    </div>
  );

  return (
    <Tooltip title={tip} placement="bottomRight">
      <Button
        type="text"
        onClick={() => navigate('queue')}
        data-testid="sync-indicator"
        data-online={sync.online ? 'true' : 'false'}
        aria-label={t('sync.openQueue')}
        style={{ height: 48, padding: '0 8px' }}
      >
        <Flex align="center" gap={10}>
          <Flex vertical align="flex-start" style={{ lineHeight: 1.25 }}>
            {status}
            {pull ? (
              <Flex align="center" gap={6} data-testid="sync-progress" data-done={pull.done} data-total={pull.total}>
                <Progress percent={percent} size={[110, 6]} showInfo={false} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatNumber(pull.done, locale)} / {formatNumber(pull.total, locale)}
                  {pull.etaSeconds !== null ? ` · ${formatEta(t, pull.etaSeconds)}` : ''}
                </Typography.Text>
              </Flex>
            ) : (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="sync-last-synced">
                {sync.lastSyncedAt ? t('sync.lastSynced', { when: last }) : t('sync.neverSynced')}
              </Typography.Text>
            )}
          </Flex>
          <Tooltip title={t('sync.pendingTitle')}>
            <span data-testid="sync-pending-count" data-count={sync.pending}>
              <Badge count={sync.pending} showZero overflowCount={9999} color={sync.pending > 0 ? '#fa8c16' : '#bfbfbf'} />
            </span>
          </Tooltip>
          {issues > 0 ? (
            <span data-testid="sync-conflicts" data-count={sync.conflicts} data-failed={sync.failed}>
              {sync.conflicts > 0 ? <WarningOutlined style={{ color: '#ff4d4f' }} /> : <ExclamationCircleOutlined style={{ color: '#ff4d4f' }} />}{' '}
              <Badge count={issues} overflowCount={999} />
            </span>
          ) : null}
        </Flex>
      </Button>
    </Tooltip>
  );
}
