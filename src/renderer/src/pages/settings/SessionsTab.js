import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Table, Tag, Typography } from 'antd';
import { call } from '../../api';
import { confirmOk } from '../../components/confirm';
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
    const revoke = useAction(async (s) => {
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
    return (_jsxs(Card, { title: t('sessions.title'), extra: _jsx(Button, { icon: _jsx(ReloadOutlined, {}), "data-testid": "sessions-refresh", onClick: () => void list.reload(), children: t('common.refresh') }), children: [_jsx(Typography.Paragraph, { type: "secondary", children: t('sessions.intro') }), _jsx(ErrorAlert, { error: list.error ?? revoke.error }), _jsx(Table, { "data-testid": "sessions-table", rowKey: "id", size: "middle", loading: list.loading, pagination: false, dataSource: list.data?.sessions ?? [], locale: { emptyText: t('sessions.empty') }, columns: [
                    {
                        key: 'device',
                        title: t('sessions.device'),
                        render: (_, s) => (_jsxs(_Fragment, { children: [_jsx(Typography.Text, { strong: true, children: s.deviceName }), ' ', _jsx(Typography.Text, { type: "secondary", children: s.platform }), ' ', s.current ? (_jsx(Tag, { color: "green", "data-testid": "session-current", children: t('sessions.current') })) : null] })),
                    },
                    { key: 'ip', title: t('securityLog.ip'), render: (_, s) => s.ip ?? t('common.unknown') },
                    { key: 'created', title: t('sessions.signedIn'), render: (_, s) => formatDateTime(s.createdAt, locale) },
                    { key: 'seen', title: t('sessions.lastSeen'), render: (_, s) => formatDateTime(s.lastSeenAt, locale) },
                    {
                        key: 'actions',
                        title: '',
                        align: 'right',
                        render: (_, s) => (_jsx(Popconfirm, { title: s.current ? t('sessions.confirmSignOut') : t('sessions.confirmRevoke'), okText: s.current ? t('shell.signOut') : t('sessions.revoke'), cancelText: t('common.cancel'), okButtonProps: confirmOk, onConfirm: () => revoke.run(s), children: _jsx(Button, { size: "small", danger: true, "data-testid": `session-revoke-${s.id}`, loading: revoke.loading, children: s.current ? t('shell.signOut') : t('sessions.revoke') }) })),
                    },
                ] })] }));
}
