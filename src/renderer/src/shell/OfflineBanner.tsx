import { Alert, App, Button, Flex, Typography } from 'antd';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/app';
import { useWorkstation } from '../store/workstation';

/**
 * Signed in offline (the app started while the server was unreachable): the
 * workstation runs from the cache and the core reconnects in the background.
 * On the settings page it also says which actions need the server, so their
 * failures are not a surprise. Hidden as soon as the session is confirmed.
 */
export function OfflineBanner() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const session = useAppStore((s) => s.state?.session);
  const name = useAppStore((s) => s.state?.account?.name ?? '');
  const page = useAppStore((s) => s.page);
  const applyState = useAppStore((s) => s.applyState);
  const sync = useWorkstation((s) => s.sync);
  // app:getState re-checks an unreachable server and, when it answers, confirms the session
  const retry = useAction(async () => {
    const state = await call('app:getState', {});
    applyState(state);
    if (state.session === 'offline') void message.warning(t('offline.stillOffline'));
    else void message.success(t('offline.backOnline'));
  });

  const offlineSession = session === 'offline';
  const serverDown = offlineSession || (sync !== null && !sync.online && sync.paused === null && sync.lastSyncedAt !== null);
  if (!offlineSession && !(serverDown && page === 'settings')) return null;
  const waiting = sync ? sync.pending + sync.failed + sync.conflicts : 0;

  return (
    <Alert
      banner
      type="warning"
      data-testid="offline-banner"
      data-session={session ?? 'none'}
      title={t('offline.bannerTitle')}
      description={
        <Flex vertical gap={4}>
          {offlineSession ? <Typography.Text data-testid="offline-banner-text">{t('offline.bannerText', { name, count: waiting })}</Typography.Text> : null}
          {page === 'settings' ? <Typography.Text data-testid="offline-server-only">{t('offline.serverOnly')}</Typography.Text> : null}
        </Flex>
      }
      action={
        offlineSession ? (
          <Button size="small" loading={retry.loading} data-testid="offline-reconnect" onClick={() => void retry.run()}>
            {t('offline.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
