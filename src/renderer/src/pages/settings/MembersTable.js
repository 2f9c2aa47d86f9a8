import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { App, Button, Card, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { INVITABLE_ROLES, can, canAssignRole } from '../../../../shared/roles';
import { call } from '../../api';
import { confirmOk } from '../../components/confirm';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useLocale } from '../../hooks/useLocale';
import { formatDateTime } from '../../lib/format';
export function MembersTable({ account, members }) {
    const { t, locale } = useLocale();
    const { message } = App.useApp();
    const manage = can(account.role, 'staff.manage');
    const assignable = INVITABLE_ROLES.filter((r) => canAssignRole(account.role, r));
    const editable = (m) => manage && m.id !== account.id && canAssignRole(account.role, m.role) && m.status === 'active';
    const setRole = useAction(async (m, role) => {
        await call('staff:setRole', { id: m.id, role });
        void message.success(t('staff.roleChanged', { name: m.name }));
        await members.reload();
    });
    const remove = useAction(async (m) => {
        await call('staff:remove', { id: m.id });
        void message.success(t('staff.removed', { name: m.name }));
        await members.reload();
    });
    return (_jsxs(Card, { title: t('staff.membersTitle'), children: [_jsx(ErrorAlert, { error: members.error ?? setRole.error ?? remove.error }), _jsx(Table, { "data-testid": "staff-members-table", rowKey: "id", size: "middle", loading: members.loading, pagination: false, dataSource: members.data?.members ?? [], locale: { emptyText: t('staff.noMembers') }, columns: [
                    {
                        key: 'name',
                        title: t('staff.name'),
                        render: (_, m) => (_jsxs(_Fragment, { children: [_jsx(Typography.Text, { strong: true, children: m.name }), " ", m.id === account.id ? _jsx(Tag, { children: t('staff.you') }) : null, m.status === 'disabled' ? _jsx(Tag, { color: "default", children: t('staff.disabled') }) : null] })),
                    },
                    { key: 'contact', title: t('staff.contact'), render: (_, m) => [m.email, m.phone].filter(Boolean).join(', ') || t('common.unknown') },
                    {
                        key: 'role',
                        title: t('dashboard.role'),
                        render: (_, m) => editable(m) ? (_jsx(Select, { "data-testid": `member-role-${m.id}`, value: m.role, style: { minWidth: 160 }, disabled: setRole.loading, onChange: (r) => void setRole.run(m, r), options: assignable.map((r) => ({ value: r, label: _jsx("span", { "data-testid": `member-role-option-${r}`, children: t(`roles.${r}`) }) })) })) : (_jsx(Tag, { color: m.role === 'owner' ? 'gold' : 'blue', "data-testid": `member-role-label-${m.id}`, children: t(`roles.${m.role}`) })),
                    },
                    { key: 'since', title: t('staff.since'), render: (_, m) => formatDateTime(m.createdAt, locale) },
                    {
                        key: 'actions',
                        title: '',
                        align: 'right',
                        render: (_, m) => editable(m) ? (_jsx(Popconfirm, { title: t('staff.confirmRemove', { name: m.name }), description: t('staff.confirmRemoveText'), okText: t('staff.remove'), cancelText: t('common.cancel'), okButtonProps: confirmOk, onConfirm: () => remove.run(m), children: _jsx(Button, { size: "small", danger: true, "data-testid": `member-remove-${m.id}`, children: t('staff.remove') }) })) : null,
                    },
                ] })] }));
}
