import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
import { Alert, Button, Card, Descriptions, Space, Tag } from 'antd';
import { useState } from 'react';
import { call } from '../../api';
import { useLocale } from '../../hooks/useLocale';
import { useAppStore } from '../../store/app';
import { OtpEnrollModal } from './OtpEnrollModal';
import { PasswordConfirmModal } from './PasswordConfirmModal';
import { RecoveryCodesModal } from './RecoveryCodesModal';
import { TotpEnrollModal } from './TotpEnrollModal';
/** Two-step verification: status, enrolment (app, SMS, email), recovery codes, turning it off. */
export function TwoFactorCard({ account }) {
    const { t } = useLocale();
    const refresh = useAppStore((s) => s.refresh);
    const [dialog, setDialog] = useState(null);
    const [codes, setCodes] = useState(null);
    const tf = account.twoFactor;
    const close = () => setDialog(null);
    const gotCodes = async (c) => {
        setDialog(null);
        setCodes(c);
        await refresh();
    };
    return (_jsxs(Card, { title: t('security.twoFactorTitle'), "data-testid": "two-factor-card", children: [_jsxs(Descriptions, { column: 1, size: "small", style: { marginBottom: 16 }, children: [_jsx(Descriptions.Item, { label: t('security.status'), children: _jsx(Tag, { color: tf.enabled ? 'green' : 'default', "data-testid": "2fa-status", "data-enabled": tf.enabled ? 'true' : 'false', children: tf.enabled ? t('security.on') : t('security.off') }) }), tf.enabled && tf.method ? (_jsx(Descriptions.Item, { label: t('security.method'), children: _jsx("span", { "data-testid": "2fa-method", children: t(`twoFactorMethods.${tf.method}`) }) })) : null, tf.enabled ? (_jsx(Descriptions.Item, { label: t('security.recoveryRemaining'), children: _jsx("span", { "data-testid": "recovery-remaining", children: account.recoveryCodesRemaining }) })) : null] }), tf.enabled ? (_jsxs(Space, { wrap: true, children: [_jsx(Button, { "data-testid": "recovery-regenerate", onClick: () => setDialog('regenerate'), children: t('security.regenerate') }), _jsx(Button, { danger: true, "data-testid": "2fa-disable", onClick: () => setDialog('disable'), children: t('security.disable') })] })) : (_jsxs(_Fragment, { children: [_jsx(Alert, { type: "info", showIcon: true, style: { marginBottom: 16 }, title: t('security.twoFactorPitch') }), _jsxs(Space, { wrap: true, children: [_jsx(Button, { type: "primary", "data-testid": "2fa-enable-totp", onClick: () => setDialog('totp'), children: t('security.enableTotp') }), account.phone ? (_jsx(Button, { "data-testid": "2fa-enable-sms", onClick: () => setDialog('sms'), children: t('security.enableSms') })) : null, account.email ? (_jsx(Button, { "data-testid": "2fa-enable-email", onClick: () => setDialog('email'), children: t('security.enableEmail') })) : null] })] })), _jsx(TotpEnrollModal, { open: dialog === 'totp', onClose: close, onDone: gotCodes }), _jsx(OtpEnrollModal, { method: dialog === 'sms' || dialog === 'email' ? dialog : null, onClose: close, onDone: gotCodes }), _jsx(PasswordConfirmModal, { open: dialog === 'disable', testId: "2fa-disable", title: t('security.disableTitle'), text: t('security.disableText'), okText: t('security.disable'), danger: true, onClose: close, onConfirm: async (password) => {
                    await call('security:disableTwoFactor', { password });
                    setDialog(null);
                    await refresh();
                } }), _jsx(PasswordConfirmModal, { open: dialog === 'regenerate', testId: "recovery-regenerate", title: t('security.regenerateTitle'), text: t('security.regenerateText'), okText: t('security.regenerate'), onClose: close, onConfirm: async (password) => gotCodes((await call('security:regenerateRecoveryCodes', { password })).codes) }), _jsx(RecoveryCodesModal, { codes: codes, account: account, onClose: () => setCodes(null) })] }));
}
