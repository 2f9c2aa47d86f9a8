import { DownOutlined, LogoutOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Dropdown, Flex, Layout, Space, Typography } from 'antd';
import type { Account } from '../../../shared/http/auth';
import { call } from '../api';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { errorMessage } from '../errors';
import { useAction } from '../hooks/useAction';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/app';
import { OfflineBanner } from './OfflineBanner';
import { StoreSwitcher } from './StoreSwitcher';
import { SyncIndicator } from './SyncIndicator';

export function HeaderBar({ account }: { account: Account }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const { navigate, signedOut, refresh } = useAppStore.getState();
  const signOut = useAction(
    async () => {
      await call('auth:signOut', {});
      signedOut('signed_out');
      await refresh();
    },
    { onError: (e) => void message.error(errorMessage(t, e.error, { locale })) },
  );

  // the offline banner sits right under the header, above every page
  return (
    <>
      <Layout.Header
        style={{ background: 'var(--ant-color-bg-container, #fff)', padding: '0 24px', borderBottom: '1px solid rgba(5,5,5,0.06)' }}
      >
        <Flex justify="space-between" align="center" style={{ height: '100%' }} gap={16}>
          <Flex align="center" gap={16} style={{ minWidth: 0 }}>
            <Typography.Text strong ellipsis data-testid="header-workspace" style={{ fontSize: 16, maxWidth: 220 }}>
              {account.workspace.name}
            </Typography.Text>
            <StoreSwitcher />
          </Flex>
          <Space size={16}>
            <SyncIndicator />
            <LanguageSwitcher />
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  {
                    key: 'who',
                    disabled: true,
                    label: (
                      <div data-testid="account-menu-info">
                        <div>{account.name}</div>
                        <Typography.Text type="secondary" data-testid="account-menu-role">
                          {t(`roles.${account.role}`)}
                        </Typography.Text>
                      </div>
                    ),
                  },
                  { type: 'divider' },
                  { key: 'settings', icon: <SettingOutlined />, label: <span data-testid="account-menu-settings">{t('nav.settings')}</span> },
                  { key: 'signout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="signout-button">{t('shell.signOut')}</span> },
                ],
                onClick: ({ key }) => {
                  if (key === 'settings') navigate('settings', 'profile');
                  if (key === 'signout') void signOut.run();
                },
              }}
            >
              <Button type="text" loading={signOut.loading} data-testid="account-menu">
                <Avatar size="small" icon={<UserOutlined />} />
                <span data-testid="account-name">{account.name}</span>
                <DownOutlined />
              </Button>
            </Dropdown>
          </Space>
        </Flex>
      </Layout.Header>
      <OfflineBanner />
    </>
  );
}
