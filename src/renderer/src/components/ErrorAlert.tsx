import { Alert, Button } from 'antd';
import type { AppError } from '../app-error';
import { errorMessage } from '../errors';
import { useCountdown } from '../hooks/useCountdown';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/app';

const WAIT_CODES = new Set(['RATE_LIMITED', 'CODE_RESEND_COOLDOWN']);
const SUPPORT_CODES = new Set(['ACCOUNT_LOCKED', 'ACCOUNT_DISABLED']);

interface Props {
  error: AppError | null;
  /** prefilled into the support form when the error offers "Contact support" */
  identifier?: string;
  style?: React.CSSProperties;
}

/** The one way errors are shown: localized text, live wait countdowns, support for locked accounts. */
export function ErrorAlert({ error, identifier, style }: Props) {
  const { t, locale } = useLocale();
  const openSupport = useAppStore((s) => s.openSupport);
  const left = useCountdown(error && WAIT_CODES.has(error.code) ? error.retryAt : null);
  if (!error) return null;

  const waits = WAIT_CODES.has(error.code) && error.retryAt !== null;
  const waitedOut = waits && left === 0;
  const text = waitedOut ? t('errorDetails.retryNow') : errorMessage(t, error.error, { locale, secondsLeft: waits ? left : null });
  const locked = error.code === 'ACCOUNT_LOCKED';
  const title = locked ? <span data-testid="locked-message">{text}</span> : <span data-testid="error-text">{text}</span>;

  return (
    <div data-testid="error-message" data-error-code={error.code} style={{ marginBottom: 16, ...style }}>
      <Alert
        type={waitedOut ? 'info' : waits ? 'warning' : 'error'}
        showIcon
        title={title}
        description={waits && !waitedOut ? <span data-testid="error-countdown">{t('errorDetails.secondsLeft', { seconds: left })}</span> : undefined}
        action={
          SUPPORT_CODES.has(error.code) ? (
            <Button size="small" data-testid="contact-support" onClick={() => openSupport(identifier)}>
              {t('support.contactButton')}
            </Button>
          ) : undefined
        }
      />
    </div>
  );
}

/** Seconds a form should stay disabled after RATE_LIMITED. */
export function useWaitSeconds(error: AppError | null): number {
  return useCountdown(error && WAIT_CODES.has(error.code) ? error.retryAt : null);
}
