import { Alert, Button } from 'antd';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/app';
import { useWorkstation } from '../store/workstation';

/** The session expired: the queue is paused, nothing is discarded, the person signs in again. */
export function SignedOutBanner() {
  const { t } = useLocale();
  const sync = useWorkstation((s) => s.sync);
  const signedOut = useAppStore((s) => s.signedOut);
  if (sync?.paused !== 'signed_out') return null;
  return (
    <Alert
      banner
      type="warning"
      data-testid="sync-signed-out-banner"
      title={t('sync.signedOutTitle')}
      description={t('sync.signedOutText', { count: sync.pending + sync.failed + sync.conflicts })}
      action={
        <Button type="primary" size="small" data-testid="sync-signin-again" onClick={() => signedOut('session_expired')}>
          {t('sync.signInAgain')}
        </Button>
      }
    />
  );
}
