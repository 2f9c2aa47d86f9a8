import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Table, Tag, Typography } from 'antd';
import type { SessionInfo } from '../../../../shared/http/auth';
import { call } from '../../api';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { formatDateTime } from '../../lib/format';
import { useAppStore } from '../../store/app';

/** Every signed-in device. Revoking this one is signing out. */
export function SessionsTab() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const { signedOut, refresh } = useAppStore.getState();
  const list = useLoad(() => call('sessions:list', {}));
  const revoke = useAction(async (s: SessionInfo) => {
    if (s.current) {
      await call('auth:signOut', {});
      signedOut('signed_out');
      await refresh();
      return;
    }
    await call('sessions:revoke', { id: s.id });
    void message.success(t('sessions.revoked'));
    await list.reload();
  });

  return (
    <Card
      title={t('sessions.title')}
      extra={
        <Button icon={<ReloadOutlined />} data-testid="sessions-refresh" onClick={() => void list.reload()}>
          {t('common.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('sessions.intro')}</Typography.Paragraph>
      <ErrorAlert error={list.error ?? revoke.error} />
      <Table<SessionInfo>
        data-testid="sessions-table"
        rowKey="id"
        size="middle"
        loading={list.loading}
        pagination={false}
        dataSource={list.data?.sessions ?? []}
        locale={{ emptyText: t('sessions.empty') }}
        columns={[
          {
            key: 'device',
            title: t('sessions.device'),
            render: (_, s) => (
              <>
                <Typography.Text strong>{s.deviceName}</Typography.Text>{' '}
                <Typography.Text type="secondary">{s.platform}</Typography.Text>{' '}
                {s.current ? (
                  <Tag color="green" data-testid="session-current">
                    {t('sessions.current')}
                  </Tag>
                ) : null}
              </>
            ),
          },
          { key: 'ip', title: t('securityLog.ip'), render: (_, s) => s.ip ?? t('common.unknown') },
          { key: 'created', title: t('sessions.signedIn'), render: (_, s) => formatDateTime(s.createdAt, locale) },
          { key: 'seen', title: t('sessions.lastSeen'), render: (_, s) => formatDateTime(s.lastSeenAt, locale) },
          {
            key: 'actions',
            title: '',
            align: 'right',
            render: (_, s) => (
              <ConfirmButton
                label={s.current ? t('shell.signOut') : t('sessions.revoke')}
                title={s.current ? t('sessions.confirmSignOut') : t('sessions.confirmRevoke')}
                onConfirm={() => revoke.run(s)}
                testId={`session-revoke-${s.id}`}
                loading={revoke.loading}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
