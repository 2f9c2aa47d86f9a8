import { App as AntApp, ConfigProvider, Flex, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import ruRU from 'antd/locale/ru_RU';
import zhCN from 'antd/locale/zh_CN';
import { useEffect } from 'react';
import type { Locale } from '../../shared/http/common';
import { CoreUnavailable } from './components/CoreUnavailable';
import { SupportModal } from './components/SupportModal';
import { useLocale } from './hooks/useLocale';
import { useReducedMotion } from './hooks/useReducedMotion';
import { AuthRouter } from './screens/auth/AuthRouter';
import { CreateOwner } from './screens/setup/CreateOwner';
import { FirstRun } from './screens/setup/FirstRun';
import { SetupClosed } from './screens/setup/SetupClosed';
import { AppShell } from './shell/AppShell';
import { useAppStore } from './store/app';

const ANTD_LOCALES = { en: enUS, ru: ruRU, 'zh-CN': zhCN } satisfies Record<Locale, unknown>;

const THEME = {
  token: {
    colorPrimary: '#005bff',
    borderRadius: 8,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Helvetica Neue', Arial, 'Noto Sans', sans-serif",
  },
};
/** The same without antd's motion (dialogs, drawers, menus appear in place): for people whose OS asks for less motion. */
const STILL_THEME = { ...THEME, token: { ...THEME.token, motion: false } };

/** Which screen the app state calls for. */
function Screen() {
  const { t } = useLocale();
  const phase = useAppStore((s) => s.phase);
  const coreError = useAppStore((s) => s.coreError);
  const state = useAppStore((s) => s.state);
  const init = useAppStore((s) => s.init);

  if (phase === 'loading') {
    return (
      <Flex vertical gap={16} align="center" justify="center" style={{ minHeight: '100vh' }} data-testid="app-loading">
        <Spin size="large" />
        <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
      </Flex>
    );
  }
  if (phase === 'core_unavailable' || !state) return <CoreUnavailable error={coreError} onRetry={() => void init()} />;
  if (state.account) return <AppShell account={state.account} />;
  if (!state.serverMode) return <FirstRun />;
  if (state.workspace && !state.workspace.initialized) return state.workspace.setupOpen ? <CreateOwner /> : <SetupClosed />;
  return <AuthRouter />;
}

export function App() {
  const { locale } = useLocale();
  const init = useAppStore((s) => s.init);
  const still = useReducedMotion();
  useEffect(() => {
    void init();
  }, [init]);

  return (
    <ConfigProvider locale={ANTD_LOCALES[locale]} theme={still ? STILL_THEME : THEME} button={{ autoInsertSpace: false }}>
      <AntApp>
        <Screen />
        <SupportModal />
      </AntApp>
    </ConfigProvider>
  );
}
