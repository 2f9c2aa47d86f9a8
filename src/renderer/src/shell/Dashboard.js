import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Flex, Row, Tag, Typography } from 'antd';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/app';
export function Dashboard({ account }) {
    const { t } = useLocale();
    const keychainAvailable = useAppStore((s) => s.state?.keychainAvailable ?? true);
    const navigate = useAppStore((s) => s.navigate);
    const toSecurity = (id, label) => (_jsx(Button, { size: "small", "data-testid": `${id}-action`, onClick: () => navigate('settings', 'security'), children: label }));
    const tf = account.twoFactor;
    const codes = account.recoveryCodesRemaining;
    const checks = [
        tf.enabled
            ? { id: 'checklist-2fa', ok: true, text: t('dashboard.twoFactorOn', { method: t(`twoFactorMethods.${tf.method ?? 'totp'}`) }) }
            : { id: 'checklist-2fa', ok: false, text: t('dashboard.twoFactorOff'), action: toSecurity('checklist-2fa', t('dashboard.turnOn')) },
        tf.enabled
            ? codes >= 3
                ? { id: 'checklist-recovery', ok: true, text: t('dashboard.recoveryLeft', { remaining: codes }) }
                : { id: 'checklist-recovery', ok: false, text: t('dashboard.recoveryLow', { remaining: codes }), action: toSecurity('checklist-recovery', t('dashboard.regenerate')) }
            : { id: 'checklist-recovery', ok: false, text: t('dashboard.recoveryNone') },
        keychainAvailable
            ? { id: 'checklist-keychain', ok: true, text: t('dashboard.keychainOk') }
            : { id: 'checklist-keychain', ok: false, text: t('dashboard.keychainMissing') },
    ];
    return (_jsxs(Row, { gutter: [24, 24], children: [_jsx(Col, { xs: 24, lg: 12, children: _jsxs(Card, { title: t('dashboard.welcome', { name: account.name }), "data-testid": "dashboard-welcome", children: [_jsxs(Descriptions, { column: 1, size: "small", children: [_jsx(Descriptions.Item, { label: t('dashboard.workspace'), children: _jsx("span", { "data-testid": "dashboard-workspace", children: account.workspace.name }) }), _jsx(Descriptions.Item, { label: t('dashboard.role'), children: _jsx(Tag, { color: "blue", "data-testid": "dashboard-role", children: t(`roles.${account.role}`) }) })] }), _jsx(Typography.Paragraph, { type: "secondary", style: { marginTop: 12, marginBottom: 0 }, children: t('dashboard.storeNext') })] }) }), _jsx(Col, { xs: 24, lg: 12, children: _jsx(Card, { title: t('dashboard.securityTitle'), "data-testid": "security-checklist", children: _jsx(Flex, { vertical: true, gap: 12, children: checks.map((c) => (_jsxs(Flex, { justify: "space-between", align: "center", gap: 12, "data-testid": c.id, "data-ok": c.ok ? 'true' : 'false', children: [_jsxs(Typography.Text, { children: [c.ok ? _jsx(CheckCircleFilled, { style: { color: '#52c41a' } }) : _jsx(ExclamationCircleFilled, { style: { color: '#faad14' } }), " ", c.text] }), c.action ?? null] }, c.id))) }) }) })] }));
}
