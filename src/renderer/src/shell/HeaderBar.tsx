import { DownOutlined, LogoutOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Dropdown, Flex, Grid, Layout, Typography } from 'antd';
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

/**
 * Space goes to the sync state first: it never shrinks. Below the xl breakpoint (the window
 * goes down to 960 px, minus the 220 px sider) the language and account controls fold into
 * menus; what still does not fit is the left side, the workspace name before the store. The
 * store's sandbox mark keeps to its icon below xxl: with the full mark a Russian header did not
 * fit at 1280 px.
 */
export function HeaderBar({ account }: { account: Account }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const { navigate, signedOut, refresh } = useAppStore.getState();
  const screens = Grid.useBreakpoint();
  const compact = !screens.xl;
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
        style={{ background: 'var(--ant-color-bg-container, #fff)', padding: compact ? '0 16px' : '0 24px', borderBottom: '1px solid rgba(5,5,5,0.06)' }}
      >
        <Flex justify="space-between" align="center" style={{ height: '100%' }} gap={compact ? 12 : 16}>
          <Flex align="center" gap={compact ? 8 : 16} style={{ minWidth: 0, flex: '1 1 auto' }}>
            <Typography.Text
              strong
              ellipsis={{ tooltip: account.workspace.name }}
              data-testid="header-workspace"
              // shrinks (far) ahead of the store switcher, but keeps a few letters
              style={{ fontSize: 16, maxWidth: 220, minWidth: 56, flex: '0 100 auto' }}
            >
              {account.workspace.name}
            </Typography.Text>
            <StoreSwitcher compact={compact} iconMarks={!screens.xxl} />
          </Flex>
          <Flex align="center" gap={compact ? 4 : 16} style={{ flex: 'none' }}>
            <SyncIndicator />
            <LanguageSwitcher compact={compact} />
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
              <Button type="text" loading={signOut.loading} data-testid="account-menu" title={account.name} aria-label={account.name}>
                <Avatar size="small" icon={<UserOutlined />} />
                {/* compact: the name is the first line of the menu */}
                {compact ? null : (
                  <span data-testid="account-name" style={{ maxWidth: 160, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    {account.name}
                  </span>
                )}
                <DownOutlined />
              </Button>
            </Dropdown>
          </Flex>
        </Flex>
      </Layout.Header>
      <OfflineBanner />
    </>
  );
}
