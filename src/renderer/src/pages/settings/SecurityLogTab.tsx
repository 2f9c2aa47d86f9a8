import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Table, Tag } from 'antd';
import { useState } from 'react';
import type { SecurityEvent } from '../../../../shared/http/auth';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { formatDateTime } from '../../lib/format';

type EventType = SecurityEvent['type'];
const ALARM: ReadonlySet<EventType> = new Set(['sign_in_failed', 'locked', 'refresh_reuse_detected']);
const NOTABLE: ReadonlySet<EventType> = new Set(['new_device', 'password_reset', 'two_factor_disabled', 'recovery_code_used']);

/** Newest first; "load more" pages back with `before`. */
export function SecurityLogTab() {
  const { t, locale } = useLocale();
  const first = useLoad(() => call('security:events', {}));
  const [more, setMore] = useState<{ events: SecurityEvent[]; nextBefore: string | null } | null>(null);
  const events = [...(first.data?.events ?? []), ...(more?.events ?? [])];
  const nextBefore = more ? more.nextBefore : (first.data?.nextBefore ?? null);
  const loadMore = useAction(async () => {
    if (!nextBefore) return;
    const page = await call('security:events', { before: nextBefore });
    setMore((prev) => ({ events: [...(prev?.events ?? []), ...page.events], nextBefore: page.nextBefore }));
  });

  return (
    <Card
      title={t('securityLog.title')}
      extra={
        <Button
          icon={<ReloadOutlined />}
          data-testid="security-log-refresh"
          onClick={() => {
            setMore(null);
            void first.reload();
          }}
        >
          {t('common.refresh')}
        </Button>
      }
    >
      <ErrorAlert error={first.error ?? loadMore.error} />
      <Table<SecurityEvent>
        data-testid="security-log-table"
        rowKey="id"
        size="middle"
        loading={first.loading}
        pagination={false}
        dataSource={events}
        locale={{ emptyText: t('securityLog.empty') }}
        onRow={(r) => ({ 'data-testid': `security-event-${r.type}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { key: 'at', title: t('securityLog.time'), render: (_, r) => formatDateTime(r.at, locale), width: 200 },
          {
            key: 'type',
            title: t('securityLog.event'),
            render: (_, r) => (
              <Tag color={ALARM.has(r.type) ? 'red' : NOTABLE.has(r.type) ? 'orange' : 'default'}>{t(`securityEvents.${r.type}`)}</Tag>
            ),
          },
          { key: 'ip', title: t('securityLog.ip'), render: (_, r) => r.ip ?? t('common.unknown') },
          { key: 'device', title: t('securityLog.device'), render: (_, r) => r.deviceName ?? t('common.unknown') },
        ]}
      />
      {nextBefore ? (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button loading={loadMore.loading} data-testid="security-log-more" onClick={() => void loadMore.run()}>
            {t('securityLog.loadMore')}
          </Button>
        </Flex>
      ) : null}
    </Card>
  );
}
