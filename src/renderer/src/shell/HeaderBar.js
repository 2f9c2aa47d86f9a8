import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { DownOutlined, LogoutOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Dropdown, Flex, Layout, Space, Typography } from 'antd';
import { call } from '../api';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { errorMessage } from '../errors';
import { useAction } from '../hooks/useAction';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/app';
export function HeaderBar({ account }) {
    const { t, locale } = useLocale();
    const { message } = App.useApp();
    const { navigate, signedOut, refresh } = useAppStore.getState();
    const signOut = useAction(async () => {
        await call('auth:signOut', {});
        signedOut('signed_out');
        await refresh();
    }, { onError: (e) => void message.error(errorMessage(t, e.error, { locale })) });
    return (_jsx(Layout.Header, { style: { background: 'var(--ant-color-bg-container, #fff)', padding: '0 24px', borderBottom: '1px solid rgba(5,5,5,0.06)' }, children: _jsxs(Flex, { justify: "space-between", align: "center", style: { height: '100%' }, gap: 16, children: [_jsx(Typography.Text, { strong: true, ellipsis: true, "data-testid": "header-workspace", style: { fontSize: 16 }, children: account.workspace.name }), _jsxs(Space, { size: 16, children: [_jsx(LanguageSwitcher, {}), _jsx(Dropdown, { trigger: ['click'], menu: {
                                items: [
                                    {
                                        key: 'who',
                                        disabled: true,
                                        label: (_jsxs("div", { "data-testid": "account-menu-info", children: [_jsx("div", { children: account.name }), _jsx(Typography.Text, { type: "secondary", "data-testid": "account-menu-role", children: t(`roles.${account.role}`) })] })),
                                    },
                                    { type: 'divider' },
                                    { key: 'settings', icon: _jsx(SettingOutlined, {}), label: _jsx("span", { "data-testid": "account-menu-settings", children: t('nav.settings') }) },
                                    { key: 'signout', icon: _jsx(LogoutOutlined, {}), danger: true, label: _jsx("span", { "data-testid": "signout-button", children: t('shell.signOut') }) },
                                ],
                                onClick: ({ key }) => {
                                    if (key === 'settings')
                                        navigate('settings', 'profile');
                                    if (key === 'signout')
                                        void signOut.run();
                                },
                            }, children: _jsxs(Button, { type: "text", loading: signOut.loading, "data-testid": "account-menu", children: [_jsx(Avatar, { size: "small", icon: _jsx(UserOutlined, {}) }), _jsx("span", { "data-testid": "account-name", children: account.name }), _jsx(DownOutlined, {})] }) })] })] }) }));
}
