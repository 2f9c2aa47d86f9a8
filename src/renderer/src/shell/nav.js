import { jsx as _jsx } from "react/jsx-runtime";
import { BarChartOutlined, CustomerServiceOutlined, DashboardOutlined, FileTextOutlined, NotificationOutlined, RollbackOutlined, SettingOutlined, ShoppingOutlined, } from '@ant-design/icons';
import { can } from '../../../shared/roles';
export const NAV = [
    { key: 'dashboard', icon: _jsx(DashboardOutlined, {}) },
    { key: 'products', icon: _jsx(ShoppingOutlined, {}), permission: 'products.view' },
    { key: 'orders', icon: _jsx(FileTextOutlined, {}), permission: 'orders.view' },
    { key: 'returns', icon: _jsx(RollbackOutlined, {}), permission: 'returns.process' },
    { key: 'analytics', icon: _jsx(BarChartOutlined, {}), permission: 'analytics.view' },
    { key: 'marketing', icon: _jsx(NotificationOutlined, {}), permission: 'marketing.manage' },
    { key: 'service', icon: _jsx(CustomerServiceOutlined, {}), permission: 'service.reply' },
    { key: 'settings', icon: _jsx(SettingOutlined, {}) },
];
export function navFor(role) {
    return NAV.filter((i) => !i.permission || can(role, i.permission));
}
