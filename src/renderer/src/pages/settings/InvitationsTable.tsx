import { App, Card, Table, Tag } from 'antd';
import type { Invitation } from '../../../../shared/http/auth';
import { call } from '../../api';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import type { Loaded } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { formatDateTime } from '../../lib/format';

const STATUS_COLOR: Record<Invitation['status'], string> = { pending: 'blue', accepted: 'green', expired: 'default', revoked: 'red' };

export function InvitationsTable({ manage, invitations }: { manage: boolean; invitations: Loaded<{ invitations: Invitation[] }> }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const revoke = useAction(async (inv: Invitation) => {
    await call('staff:revokeInvitation', { id: inv.id });
    void message.success(t('staff.invitationRevoked', { email: inv.email }));
    await invitations.reload();
  });

  return (
    <Card title={t('staff.invitationsTitle')}>
      <ErrorAlert error={invitations.error ?? revoke.error} />
      <Table<Invitation>
        data-testid="staff-invitations-table"
        rowKey="id"
        size="middle"
        loading={invitations.loading}
        pagination={false}
        dataSource={invitations.data?.invitations ?? []}
        locale={{ emptyText: t('staff.noInvitations') }}
        columns={[
          { key: 'email', title: t('common.email'), dataIndex: 'email' },
          { key: 'role', title: t('dashboard.role'), render: (_, i) => t(`roles.${i.role}`) },
          { key: 'by', title: t('staff.invitedBy'), dataIndex: 'invitedBy' },
          { key: 'expires', title: t('staff.expires'), render: (_, i) => formatDateTime(i.expiresAt, locale) },
          {
            key: 'status',
            title: t('security.status'),
            render: (_, i) => (
              <Tag color={STATUS_COLOR[i.status]} data-testid={`invitation-status-${i.id}`}>
                {t(`invitationStatus.${i.status}`)}
              </Tag>
            ),
          },
          {
            key: 'actions',
            title: '',
            align: 'right',
            render: (_, i) =>
              manage && i.status === 'pending' ? (
                <ConfirmButton
                  label={t('staff.revokeInvitation')}
                  title={t('staff.confirmRevokeInvitation', { email: i.email })}
                  onConfirm={() => revoke.run(i)}
                  testId={`invitation-revoke-${i.id}`}
                />
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
