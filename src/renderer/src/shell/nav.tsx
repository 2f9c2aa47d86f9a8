import {
  BarChartOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  FileTextOutlined,
  NotificationOutlined,
  RollbackOutlined,
  SettingOutlined,
  ShoppingOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { can, type Permission, type Role } from '../../../shared/roles';
import type { PageKey } from '../store/app';

export interface NavItem {
  key: PageKey;
  icon: ReactNode;
  /** hidden when the role lacks it; the server refuses anyway */
  permission?: Permission;
}

export const NAV: NavItem[] = [
  { key: 'dashboard', icon: <DashboardOutlined /> },
  { key: 'products', icon: <ShoppingOutlined />, permission: 'products.view' },
  { key: 'orders', icon: <FileTextOutlined />, permission: 'orders.view' },
  { key: 'returns', icon: <RollbackOutlined />, permission: 'returns.process' },
  { key: 'analytics', icon: <BarChartOutlined />, permission: 'analytics.view' },
  { key: 'marketing', icon: <NotificationOutlined />, permission: 'marketing.manage' },
  { key: 'service', icon: <CustomerServiceOutlined />, permission: 'service.reply' },
  { key: 'settings', icon: <SettingOutlined /> },
];

export function navFor(role: Role): NavItem[] {
  return NAV.filter((i) => !i.permission || can(role, i.permission));
}
