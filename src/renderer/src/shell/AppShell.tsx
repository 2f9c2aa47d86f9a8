import { Layout, Menu, Typography } from 'antd';
import { ShopOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import type { Account } from '../../../shared/http/auth';
import { useLocale } from '../hooks/useLocale';
import { AnalyticsPage } from '../pages/analytics/AnalyticsPage';
import { MarketingPage } from '../pages/marketing/MarketingPage';
import { OrdersPage } from '../pages/orders/OrdersPage';
import { ProductDrawer } from '../pages/products/ProductDrawer';
import { ProductsPage } from '../pages/products/ProductsPage';
import { QueuePage } from '../pages/queue/QueuePage';
import { ReturnsPage } from '../pages/returns/ReturnsPage';
import { ServicePage } from '../pages/service/ServicePage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { useWorkstation } from '../store/workstation';
import { useAppStore } from '../store/app';
import { Dashboard } from './Dashboard';
import { HeaderBar } from './HeaderBar';
import { navFor } from './nav';
import { SignedOutBanner } from './SignedOutBanner';

/** Signed in: sidebar, header, one page. */
export function AppShell({ account }: { account: Account }) {
  const { t } = useLocale();
  const page = useAppStore((s) => s.page);
  const navigate = useAppStore((s) => s.navigate);
  const [collapsed, setCollapsed] = useState(false);
  const items = navFor(account.role);
  const current = page === 'queue' || items.some((i) => i.key === page) ? page : 'dashboard';
  const start = useWorkstation((s) => s.start);
  const reset = useWorkstation((s) => s.reset);
  useEffect(() => {
    const stop = start();
    return () => {
      stop();
      reset();
    };
  }, [start, reset]);

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="app-shell">
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} theme="light" width={220} style={{ borderRight: '1px solid rgba(5,5,5,0.06)' }}>
        <Typography.Title level={4} style={{ margin: 0, padding: '16px 20px', whiteSpace: 'nowrap', overflow: 'hidden' }}>
          <ShopOutlined /> {collapsed ? null : t('app.name')}
        </Typography.Title>
        <Menu
          mode="inline"
          selectedKeys={[current]}
          onClick={(e) => navigate(e.key as typeof page)}
          style={{ borderInlineEnd: 'none' }}
          items={items.map((i) => ({
            key: i.key,
            icon: i.icon,
            label: <span data-testid={`nav-${i.key}`}>{t(`nav.${i.key}`)}</span>,
          }))}
        />
      </Layout.Sider>
      <Layout>
        <HeaderBar account={account} />
        <SignedOutBanner />
        <Layout.Content style={{ padding: 24 }}>
          {current === 'dashboard' ? <Dashboard account={account} /> : null}
          {current === 'settings' ? <SettingsPage account={account} /> : null}
          {current === 'products' ? <ProductsPage account={account} /> : null}
          {current === 'orders' ? <OrdersPage account={account} /> : null}
          {current === 'returns' ? <ReturnsPage account={account} /> : null}
          {current === 'analytics' ? <AnalyticsPage account={account} /> : null}
          {current === 'marketing' ? <MarketingPage account={account} /> : null}
          {current === 'service' ? <ServicePage account={account} /> : null}
          {current === 'queue' ? <QueuePage /> : null}
        </Layout.Content>
        <ProductDrawer account={account} />
      </Layout>
    </Layout>
  );
}
