import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Layout, Menu, Typography } from 'antd';
import { ShopOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useLocale } from '../hooks/useLocale';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { useAppStore } from '../store/app';
import { Dashboard } from './Dashboard';
import { EmptyPage } from './EmptyPage';
import { HeaderBar } from './HeaderBar';
import { navFor } from './nav';
/** Signed in: sidebar, header, one page. */
export function AppShell({ account }) {
    const { t } = useLocale();
    const page = useAppStore((s) => s.page);
    const navigate = useAppStore((s) => s.navigate);
    const [collapsed, setCollapsed] = useState(false);
    const items = navFor(account.role);
    const current = items.some((i) => i.key === page) ? page : 'dashboard';
    return (_jsxs(Layout, { style: { minHeight: '100vh' }, "data-testid": "app-shell", children: [_jsxs(Layout.Sider, { collapsible: true, collapsed: collapsed, onCollapse: setCollapsed, theme: "light", width: 220, style: { borderRight: '1px solid rgba(5,5,5,0.06)' }, children: [_jsxs(Typography.Title, { level: 4, style: { margin: 0, padding: '16px 20px', whiteSpace: 'nowrap', overflow: 'hidden' }, children: [_jsx(ShopOutlined, {}), " ", collapsed ? null : t('app.name')] }), _jsx(Menu, { mode: "inline", selectedKeys: [current], onClick: (e) => navigate(e.key), style: { borderInlineEnd: 'none' }, items: items.map((i) => ({
                            key: i.key,
                            icon: i.icon,
                            label: _jsx("span", { "data-testid": `nav-${i.key}`, children: t(`nav.${i.key}`) }),
                        })) })] }), _jsxs(Layout, { children: [_jsx(HeaderBar, { account: account }), _jsxs(Layout.Content, { style: { padding: 24 }, children: [current === 'dashboard' ? _jsx(Dashboard, { account: account }) : null, current === 'settings' ? _jsx(SettingsPage, { account: account }) : null, current !== 'dashboard' && current !== 'settings' ? _jsx(EmptyPage, { page: current }) : null] })] })] }));
}
