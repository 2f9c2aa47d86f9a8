import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { Button } from 'antd';
import { AuthLayout } from '../../components/AuthLayout';
import { useLocale } from '../../hooks/useLocale';
import { useAppStore } from '../../store/app';
import { NewDeviceChallenge } from './NewDeviceChallenge';
import { TwoFactorChallenge } from './TwoFactorChallenge';
/** A sign-in step between password and session. Keyed by id: a follow-up challenge starts fresh. */
export function ChallengeScreen() {
    const { t } = useLocale();
    const challenge = useAppStore((s) => s.challenge);
    const { setAuthView, openSupport } = useAppStore.getState();
    if (!challenge)
        return null;
    const newDevice = challenge.kind === 'new_device';
    return (_jsx(AuthLayout, { testId: newDevice ? 'screen-challenge-new-device' : 'screen-challenge-two-factor', title: newDevice ? t('challenge.newDeviceTitle') : t('challenge.twoFactorTitle'), subtitle: newDevice ? t('challenge.newDeviceText') : t('challenge.twoFactorText'), footer: _jsxs(_Fragment, { children: [_jsx(Button, { type: "link", size: "small", "data-testid": "challenge-cancel", onClick: () => setAuthView('signin'), children: t('challenge.backToSignIn') }), _jsx(Button, { type: "link", size: "small", "data-testid": "challenge-support", onClick: () => openSupport(), children: t('challenge.noAccess') })] }), children: newDevice ? _jsx(NewDeviceChallenge, { challenge: challenge }, challenge.id) : _jsx(TwoFactorChallenge, { challenge: challenge }, challenge.id) }));
}
