import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { Button, Flex, Form, Input, Modal, Skeleton, Space, Typography } from 'antd';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormAction } from '../../hooks/useFormAction';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { codeRules } from '../../lib/rules';
export function TotpEnrollModal(props) {
    const { t } = useLocale();
    return (_jsx(Modal, { open: props.open, title: t('security.totpTitle'), onCancel: props.onClose, footer: null, destroyOnHidden: true, width: 520, children: props.open ? _jsx(Content, { ...props }) : null }));
}
/** Only ever render a server-made image, never an arbitrary URL. */
const isImageDataUrl = (s) => /^data:image\/(png|svg\+xml|gif|jpeg);base64,/.test(s);
function Content({ onClose, onDone }) {
    const { t } = useLocale();
    const [form] = Form.useForm();
    const start = useLoad(() => call('security:totpStart', {}));
    const confirm = useFormAction(form, ['code'], async (code) => onDone((await call('security:totpConfirm', { code })).codes));
    const data = start.data;
    if (!data) {
        return start.error ? (_jsxs(_Fragment, { children: [_jsx(ErrorAlert, { error: start.error }), _jsx(Button, { "data-testid": "totp-retry", onClick: () => void start.reload(), children: t('common.retry') })] })) : (_jsx(Skeleton, { active: true, "data-testid": "totp-loading" }));
    }
    return (_jsxs(Form, { form: form, layout: "vertical", requiredMark: false, onFinish: (v) => void confirm.run(v.code), children: [_jsx(Typography.Paragraph, { children: t('security.totpStep1') }), _jsx(Flex, { justify: "center", style: { marginBottom: 12 }, children: isImageDataUrl(data.qrDataUrl) ? (_jsx("img", { src: data.qrDataUrl, alt: t('security.totpQrAlt'), width: 200, height: 200, "data-testid": "totp-qr" })) : null }), _jsx(Typography.Paragraph, { type: "secondary", children: t('security.totpManual') }), _jsx(Typography.Paragraph, { children: _jsx(Typography.Text, { code: true, copyable: true, "data-testid": "totp-secret", children: data.secret }) }), _jsx(Form.Item, { name: "code", label: t('security.totpStep2'), rules: codeRules(t), normalize: (v) => v.replace(/\D/g, '').slice(0, 6), children: _jsx(Input, { "data-testid": "totp-code", inputMode: "numeric", autoComplete: "one-time-code", maxLength: 6, style: { letterSpacing: 6, fontSize: 18 } }) }), _jsx(ErrorAlert, { error: confirm.alertError }), _jsxs(Space, { style: { width: '100%', justifyContent: 'flex-end' }, children: [_jsx(Button, { onClick: onClose, children: t('common.cancel') }), _jsx(Button, { type: "primary", htmlType: "submit", loading: confirm.loading, "data-testid": "totp-confirm", children: t('security.turnOn') })] })] }));
}
