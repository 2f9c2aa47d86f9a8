import { Tabs, Typography } from 'antd';
import type { Account } from '../../../../shared/http/auth';
import { can } from '../../../../shared/roles';
import { useLocale } from '../../hooks/useLocale';
import { useAppStore, type SettingsTab } from '../../store/app';
import { ProfileTab } from './ProfileTab';
import { SecurityLogTab } from './SecurityLogTab';
import { SecurityTab } from './SecurityTab';
import { SessionsTab } from './SessionsTab';
import { StaffTab } from './StaffTab';
import { StoresTab } from './StoresTab';

export function SettingsPage({ account }: { account: Account }) {
  const { t } = useLocale();
  const tab = useAppStore((s) => s.settingsTab);
  const navigate = useAppStore((s) => s.navigate);
  const items: { key: SettingsTab; label: string; children: React.ReactNode }[] = [
    { key: 'profile', label: t('settings.tabProfile'), children: <ProfileTab account={account} /> },
    { key: 'stores', label: t('settings.tabStores'), children: <StoresTab account={account} /> },
    { key: 'security', label: t('settings.tabSecurity'), children: <SecurityTab account={account} /> },
    { key: 'log', label: t('settings.tabLog'), children: <SecurityLogTab /> },
    { key: 'sessions', label: t('settings.tabSessions'), children: <SessionsTab /> },
  ];
  if (can(account.role, 'staff.view')) items.push({ key: 'staff', label: t('settings.tabStaff'), children: <StaffTab account={account} /> });
  const active = items.some((i) => i.key === tab) ? tab : 'profile';

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="page-title">
        {t('nav.settings')}
      </Typography.Title>
      <Tabs
        activeKey={active}
        onChange={(k) => navigate('settings', k as SettingsTab)}
        destroyOnHidden
        items={items.map((i) => ({ ...i, label: <span data-testid={`settings-tab-${i.key}`}>{i.label}</span> }))}
      />
    </>
  );
}
