import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { Tabs, Typography } from 'antd';
import { can } from '../../../../shared/roles';
import { useLocale } from '../../hooks/useLocale';
import { useAppStore } from '../../store/app';
import { ProfileTab } from './ProfileTab';
import { SecurityLogTab } from './SecurityLogTab';
import { SecurityTab } from './SecurityTab';
import { SessionsTab } from './SessionsTab';
import { StaffTab } from './StaffTab';
export function SettingsPage({ account }) {
    const { t } = useLocale();
    const tab = useAppStore((s) => s.settingsTab);
    const navigate = useAppStore((s) => s.navigate);
    const items = [
        { key: 'profile', label: t('settings.tabProfile'), children: _jsx(ProfileTab, { account: account }) },
        { key: 'security', label: t('settings.tabSecurity'), children: _jsx(SecurityTab, { account: account }) },
        { key: 'log', label: t('settings.tabLog'), children: _jsx(SecurityLogTab, {}) },
        { key: 'sessions', label: t('settings.tabSessions'), children: _jsx(SessionsTab, {}) },
    ];
    if (can(account.role, 'staff.view'))
        items.push({ key: 'staff', label: t('settings.tabStaff'), children: _jsx(StaffTab, { account: account }) });
    const active = items.some((i) => i.key === tab) ? tab : 'profile';
    return (_jsxs(_Fragment, { children: [_jsx(Typography.Title, { level: 3, style: { marginTop: 0 }, "data-testid": "page-title", children: t('nav.settings') }), _jsx(Tabs, { activeKey: active, onChange: (k) => navigate('settings', k), destroyOnHidden: true, items: items.map((i) => ({ ...i, label: _jsx("span", { "data-testid": `settings-tab-${i.key}`, children: i.label }) })) })] }));
}
