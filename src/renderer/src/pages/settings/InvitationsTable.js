import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { App, Button, Card, Popconfirm, Table, Tag } from 'antd';
import { call } from '../../api';
import { confirmOk } from '../../components/confirm';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useLocale } from '../../hooks/useLocale';
import { formatDateTime } from '../../lib/format';
const STATUS_COLOR = { pending: 'blue', accepted: 'green', expired: 'default', revoked: 'red' };
export function InvitationsTable({ manage, invitations }) {
    const { t, locale } = useLocale();
    const { message } = App.useApp();
    const revoke = useAction(async (inv) => {
        await call('staff:revokeInvitation', { id: inv.id });
        void message.success(t('staff.invitationRevoked', { email: inv.email }));
        await invitations.reload();
    });
    return (_jsxs(Card, { title: t('staff.invitationsTitle'), children: [_jsx(ErrorAlert, { error: invitations.error ?? revoke.error }), _jsx(Table, { "data-testid": "staff-invitations-table", rowKey: "id", size: "middle", loading: invitations.loading, pagination: false, dataSource: invitations.data?.invitations ?? [], locale: { emptyText: t('staff.noInvitations') }, columns: [
                    { key: 'email', title: t('common.email'), dataIndex: 'email' },
                    { key: 'role', title: t('dashboard.role'), render: (_, i) => t(`roles.${i.role}`) },
                    { key: 'by', title: t('staff.invitedBy'), dataIndex: 'invitedBy' },
                    { key: 'expires', title: t('staff.expires'), render: (_, i) => formatDateTime(i.expiresAt, locale) },
                    {
                        key: 'status',
                        title: t('security.status'),
                        render: (_, i) => (_jsx(Tag, { color: STATUS_COLOR[i.status], "data-testid": `invitation-status-${i.id}`, children: t(`invitationStatus.${i.status}`) })),
                    },
                    {
                        key: 'actions',
                        title: '',
                        align: 'right',
                        render: (_, i) => manage && i.status === 'pending' ? (_jsx(Popconfirm, { title: t('staff.confirmRevokeInvitation', { email: i.email }), okText: t('staff.revokeInvitation'), cancelText: t('common.cancel'), okButtonProps: confirmOk, onConfirm: () => revoke.run(i), children: _jsx(Button, { size: "small", danger: true, "data-testid": `invitation-revoke-${i.id}`, children: t('staff.revokeInvitation') }) })) : null,
                    },
                ] })] }));
}
