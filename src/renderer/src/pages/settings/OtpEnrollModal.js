import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { Button, Form, Input, Modal, Skeleton, Space, Typography } from 'antd';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useFormAction } from '../../hooks/useFormAction';
import { useCountdown } from '../../hooks/useCountdown';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { parseTime } from '../../lib/format';
import { codeRules } from '../../lib/rules';
/** Two-step verification by SMS or email code: send one now to prove the contact works. */
export function OtpEnrollModal({ method, onClose, onDone }) {
    const { t } = useLocale();
    return (_jsx(Modal, { open: method !== null, title: method === 'sms' ? t('security.otpTitleSms') : t('security.otpTitleEmail'), onCancel: onClose, footer: null, destroyOnHidden: true, children: method ? _jsx(Content, { method: method, onClose: onClose, onDone: onDone }) : null }));
}
function Content({ method, onClose, onDone }) {
    const { t } = useLocale();
    const [form] = Form.useForm();
    const start = useLoad(() => call('security:otpStart', { method }));
    const resend = useAction(async () => start.setData(await call('security:otpStart', { method })));
    const confirm = useFormAction(form, ['code'], async (code) => onDone((await call('security:otpConfirm', { method, code })).codes));
    const left = useCountdown(parseTime(start.data?.resendAvailableAt));
    if (!start.data) {
        return start.error ? (_jsxs(_Fragment, { children: [_jsx(ErrorAlert, { error: start.error }), _jsx(Button, { "data-testid": "otp-retry", onClick: () => void start.reload(), children: t('common.retry') })] })) : (_jsx(Skeleton, { active: true, "data-testid": "otp-loading" }));
    }
    return (_jsxs(Form, { form: form, layout: "vertical", requiredMark: false, onFinish: (v) => void confirm.run(v.code), children: [_jsx(Typography.Paragraph, { "data-testid": "otp-sent-to", children: t('security.otpSent', { destination: start.data.sentTo }) }), _jsx(Form.Item, { name: "code", label: t('challenge.codeLabel'), rules: codeRules(t), normalize: (v) => v.replace(/\D/g, '').slice(0, 6), children: _jsx(Input, { "data-testid": "otp-code", inputMode: "numeric", autoComplete: "one-time-code", maxLength: 6, autoFocus: true, style: { letterSpacing: 6, fontSize: 18 } }) }), _jsx(ErrorAlert, { error: confirm.alertError ?? resend.error }), _jsxs(Space, { style: { width: '100%', justifyContent: 'space-between' }, wrap: true, children: [_jsxs(Button, { type: "link", disabled: left > 0, loading: resend.loading, "data-testid": "otp-resend", onClick: () => void resend.run(), children: [t('challenge.resend'), left > 0 ? _jsxs("span", { "data-testid": "otp-resend-countdown", children: ["\u00A0", t('challenge.resendIn', { seconds: left })] }) : null] }), _jsxs(Space, { children: [_jsx(Button, { onClick: onClose, children: t('common.cancel') }), _jsx(Button, { type: "primary", htmlType: "submit", loading: confirm.loading, "data-testid": "otp-confirm", children: t('security.turnOn') })] })] })] }));
}
