import { App, Card, Select, Table, Tag, Typography } from 'antd';
import type { Account, Member } from '../../../../shared/http/auth';
import { INVITABLE_ROLES, can, canAssignRole, type InvitableRole } from '../../../../shared/roles';
import { call } from '../../api';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import type { Loaded } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { formatDateTime } from '../../lib/format';

interface Props {
  account: Account;
  members: Loaded<{ members: Member[] }>;
}

export function MembersTable({ account, members }: Props) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const manage = can(account.role, 'staff.manage');
  const assignable = INVITABLE_ROLES.filter((r) => canAssignRole(account.role, r));
  const editable = (m: Member) => manage && m.id !== account.id && canAssignRole(account.role, m.role) && m.status === 'active';

  const setRole = useAction(async (m: Member, role: InvitableRole) => {
    await call('staff:setRole', { id: m.id, role });
    void message.success(t('staff.roleChanged', { name: m.name }));
    await members.reload();
  });
  const remove = useAction(async (m: Member) => {
    await call('staff:remove', { id: m.id });
    void message.success(t('staff.removed', { name: m.name }));
    await members.reload();
  });

  return (
    <Card title={t('staff.membersTitle')}>
      <ErrorAlert error={members.error ?? setRole.error ?? remove.error} />
      <Table<Member>
        data-testid="staff-members-table"
        rowKey="id"
        size="middle"
        loading={members.loading}
        pagination={false}
        dataSource={members.data?.members ?? []}
        locale={{ emptyText: t('staff.noMembers') }}
        columns={[
          {
            key: 'name',
            title: t('staff.name'),
            render: (_, m) => (
              <>
                <Typography.Text strong>{m.name}</Typography.Text> {m.id === account.id ? <Tag>{t('staff.you')}</Tag> : null}
                {m.status === 'disabled' ? <Tag color="default">{t('staff.disabled')}</Tag> : null}
              </>
            ),
          },
          { key: 'contact', title: t('staff.contact'), render: (_, m) => [m.email, m.phone].filter(Boolean).join(', ') || t('common.unknown') },
          {
            key: 'role',
            title: t('dashboard.role'),
            render: (_, m) =>
              editable(m) ? (
                <Select<InvitableRole>
                  data-testid={`member-role-${m.id}`}
                  value={m.role as InvitableRole}
                  style={{ minWidth: 160 }}
                  disabled={setRole.loading}
                  onChange={(r) => void setRole.run(m, r)}
                  options={assignable.map((r) => ({ value: r, label: <span data-testid={`member-role-option-${r}`}>{t(`roles.${r}`)}</span> }))}
                />
              ) : (
                <Tag color={m.role === 'owner' ? 'gold' : 'blue'} data-testid={`member-role-label-${m.id}`}>
                  {t(`roles.${m.role}`)}
                </Tag>
              ),
          },
          { key: 'since', title: t('staff.since'), render: (_, m) => formatDateTime(m.createdAt, locale) },
          {
            key: 'actions',
            title: '',
            align: 'right',
            render: (_, m) =>
              editable(m) ? (
                <ConfirmButton
                  label={t('staff.remove')}
                  title={t('staff.confirmRemove', { name: m.name })}
                  description={t('staff.confirmRemoveText')}
                  onConfirm={() => remove.run(m)}
                  testId={`member-remove-${m.id}`}
                />
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
