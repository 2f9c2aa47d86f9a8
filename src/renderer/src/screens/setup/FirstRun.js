import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { CloudServerOutlined, DesktopOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../../api';
import { AuthLayout } from '../../components/AuthLayout';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { useAppStore } from '../../store/app';
/** First launch: keep the workspace on this computer, or join the team's server. */
export function FirstRun() {
    const { t } = useLocale();
    const applyState = useAppStore((s) => s.applyState);
    const [remote, setRemote] = useState(false);
    const [form] = Form.useForm();
    const embedded = useAction(async () => applyState(await call('setup:useEmbedded', {})));
    const connect = useFormAction(form, ['url'], async (url) => applyState(await call('setup:connectRemote', { url })));
    const busy = embedded.loading || connect.loading;
    return (_jsxs(AuthLayout, { testId: "screen-first-run", title: t('setup.welcomeTitle'), subtitle: t('setup.welcomeSubtitle'), width: 640, children: [_jsxs(Flex, { gap: 16, wrap: true, children: [_jsx(Card, { style: { flex: '1 1 260px' }, size: "small", children: _jsxs(Space, { orientation: "vertical", size: 8, style: { width: '100%' }, children: [_jsxs(Typography.Title, { level: 5, style: { margin: 0 }, children: [_jsx(DesktopOutlined, {}), " ", t('setup.localTitle')] }), _jsx(Typography.Paragraph, { type: "secondary", style: { minHeight: 66 }, children: t('setup.localText') }), _jsx(Button, { type: "primary", block: true, loading: embedded.loading, disabled: busy, "data-testid": "setup-embedded", onClick: () => void embedded.run(), children: t('setup.localButton') })] }) }), _jsx(Card, { style: { flex: '1 1 260px' }, size: "small", children: _jsxs(Space, { orientation: "vertical", size: 8, style: { width: '100%' }, children: [_jsxs(Typography.Title, { level: 5, style: { margin: 0 }, children: [_jsx(CloudServerOutlined, {}), " ", t('setup.remoteTitle')] }), _jsx(Typography.Paragraph, { type: "secondary", style: { minHeight: 66 }, children: t('setup.remoteText') }), remote ? null : (_jsx(Button, { block: true, disabled: busy, "data-testid": "setup-remote", onClick: () => setRemote(true), children: t('setup.remoteButton') }))] }) })] }), _jsx(ErrorAlert, { error: embedded.error, style: { marginTop: 16 } }), remote ? (_jsxs(Form, { form: form, layout: "vertical", requiredMark: false, style: { marginTop: 16 }, onFinish: (v) => void connect.run(v.url.trim()), "data-testid": "setup-remote-form", children: [_jsx(Form.Item, { name: "url", label: t('setup.remoteUrl'), extra: t('setup.remoteUrlHint'), rules: [{ required: true, whitespace: true, message: t('setup.remoteUrlRequired') }], children: _jsx(Input, { "data-testid": "setup-remote-url", placeholder: t('setup.remoteUrlPlaceholder'), maxLength: 2048, autoFocus: true, inputMode: "url" }) }), _jsx(ErrorAlert, { error: connect.alertError }), _jsxs(Space, { children: [_jsx(Button, { type: "primary", htmlType: "submit", loading: connect.loading, disabled: embedded.loading, "data-testid": "setup-remote-submit", children: t('setup.remoteConnect') }), _jsx(Button, { disabled: busy, "data-testid": "setup-remote-cancel", onClick: () => setRemote(false), children: t('common.cancel') })] })] })) : null] }));
}
