import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Button, Space, Typography } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useCountdown } from '../../hooks/useCountdown';
import { useLocale } from '../../hooks/useLocale';
import { parseTime } from '../../lib/format';
/** "Send code" first, then "Resend code" with a live cooldown and the sends left. */
export function SendCodePanel({ challenge, method, sent, send, onSent }) {
    const { t } = useLocale();
    const action = useAction(async () => {
        await send(method);
        onSent(method);
    });
    const left = useCountdown(parseTime(challenge.resendAvailableAt));
    const destination = (method === 'email' ? challenge.destinations.email : challenge.destinations.phone) ?? '';
    const exhausted = challenge.sendsRemaining <= 0;
    return (_jsxs(Space, { orientation: "vertical", size: 8, style: { width: '100%', marginBottom: 16 }, children: [_jsx(Typography.Text, { "data-testid": "code-destination", children: sent
                    ? t(method === 'email' ? 'challenge.sentEmail' : 'challenge.sentSms', { destination })
                    : t(method === 'email' ? 'challenge.willSendEmail' : 'challenge.willSendSms', { destination }) }), exhausted ? (_jsx(Typography.Text, { type: "danger", "data-testid": "send-limit", children: t('errors.CODE_SEND_LIMIT') })) : (_jsxs(Space, { wrap: true, children: [_jsxs(Button, { type: sent ? 'default' : 'primary', loading: action.loading, disabled: left > 0, "data-testid": sent ? 'resend-button' : 'send-code-button', onClick: () => void action.run(), children: [sent ? t('challenge.resend') : t('challenge.send'), left > 0 ? _jsxs("span", { "data-testid": "resend-countdown", children: ["\u00A0", t('challenge.resendIn', { seconds: left })] }) : null] }), _jsx(Typography.Text, { type: "secondary", "data-testid": "sends-remaining", children: t('challenge.sendsRemaining', { remaining: challenge.sendsRemaining }) })] })), _jsx(ErrorAlert, { error: action.error, style: { marginBottom: 0 } })] }));
}
