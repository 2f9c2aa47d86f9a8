import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
import { Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useLocale } from '../../hooks/useLocale';
import { CodeForm } from './CodeForm';
import { SendCodePanel } from './SendCodePanel';
import { useChallengeActions } from './useChallenge';
const ORDER = ['totp', 'sms', 'email', 'recovery'];
const TAB_KEYS = {
    totp: 'challenge.tabTotp',
    sms: 'challenge.tabSms',
    email: 'challenge.tabEmail',
    recovery: 'challenge.tabRecovery',
};
/** The second factor: authenticator app, SMS, email or a recovery code — whatever the account has. */
export function TwoFactorChallenge({ challenge }) {
    const { t } = useLocale();
    const { send, verify } = useChallengeActions(challenge);
    const methods = ORDER.filter((m) => challenge.methods.includes(m));
    const [active, setActive] = useState(challenge.sentVia ?? methods[0] ?? 'totp');
    const [sent, setSent] = useState(() => new Set(challenge.sentVia ? [challenge.sentVia] : []));
    const pane = (m) => {
        if (m === 'totp' || m === 'recovery') {
            return (_jsxs(Space, { orientation: "vertical", size: 12, style: { width: '100%' }, children: [_jsx(Typography.Text, { type: "secondary", children: m === 'totp' ? t('challenge.totpHint') : t('challenge.recoveryHint') }), _jsx(CodeForm, { method: m, verify: verify })] }));
        }
        return (_jsxs(_Fragment, { children: [_jsx(SendCodePanel, { challenge: challenge, method: m, sent: sent.has(m), send: send, onSent: (x) => setSent((prev) => new Set(prev).add(x)) }), sent.has(m) ? _jsx(CodeForm, { method: m, verify: verify }) : null] }));
    };
    return (_jsx(Tabs, { activeKey: active, onChange: (k) => setActive(k), destroyOnHidden: true, "data-testid": "two-factor-methods", items: methods.map((m) => ({
            key: m,
            label: _jsx("span", { "data-testid": `challenge-method-${m}`, children: t(TAB_KEYS[m]) }),
            children: pane(m),
        })) }));
}
