import { jsx as _jsx } from "react/jsx-runtime";
import { Alert, Button } from 'antd';
import { errorMessage } from '../errors';
import { useCountdown } from '../hooks/useCountdown';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/app';
const WAIT_CODES = new Set(['RATE_LIMITED', 'CODE_RESEND_COOLDOWN']);
const SUPPORT_CODES = new Set(['ACCOUNT_LOCKED', 'ACCOUNT_DISABLED']);
/** The one way errors are shown: localized text, live wait countdowns, support for locked accounts. */
export function ErrorAlert({ error, identifier, style }) {
    const { t, locale } = useLocale();
    const openSupport = useAppStore((s) => s.openSupport);
    const left = useCountdown(error && WAIT_CODES.has(error.code) ? error.retryAt : null);
    if (!error)
        return null;
    const waits = WAIT_CODES.has(error.code) && error.retryAt !== null;
    const waitedOut = waits && left === 0;
    const text = waitedOut ? t('errorDetails.retryNow') : errorMessage(t, error.error, { locale, secondsLeft: waits ? left : null });
    const locked = error.code === 'ACCOUNT_LOCKED';
    const title = locked ? _jsx("span", { "data-testid": "locked-message", children: text }) : _jsx("span", { "data-testid": "error-text", children: text });
    return (_jsx("div", { "data-testid": "error-message", "data-error-code": error.code, style: { marginBottom: 16, ...style }, children: _jsx(Alert, { type: waitedOut ? 'info' : waits ? 'warning' : 'error', showIcon: true, title: title, description: waits && !waitedOut ? _jsx("span", { "data-testid": "error-countdown", children: t('errorDetails.secondsLeft', { seconds: left }) }) : undefined, action: SUPPORT_CODES.has(error.code) ? (_jsx(Button, { size: "small", "data-testid": "contact-support", onClick: () => openSupport(identifier), children: t('support.contactButton') })) : undefined }) }));
}
/** Seconds a form should stay disabled after RATE_LIMITED. */
export function useWaitSeconds(error) {
    return useCountdown(error && WAIT_CODES.has(error.code) ? error.retryAt : null);
}
