import { Button } from 'antd';
import { call } from '../api';
import { useAction } from '../hooks/useAction';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/app';
import { ErrorAlert } from './ErrorAlert';

/** Forget the server choice (only while signed out) and go back to the first-run choice. */
export function ChangeServerLink() {
  const { t } = useLocale();
  const applyState = useAppStore((s) => s.applyState);
  const state = useAppStore((s) => s.state);
  const reset = useAction(async () => applyState(await call('setup:reset', {})));
  if (!state?.serverMode) return null;
  return (
    <>
      <Button type="link" size="small" loading={reset.loading} data-testid="change-server" onClick={() => void reset.run()}>
        {state.serverMode === 'remote' ? t('server.changeRemote') : t('server.change')}
      </Button>
      {reset.error ? <ErrorAlert error={reset.error} style={{ width: '100%' }} /> : null}
    </>
  );
}
