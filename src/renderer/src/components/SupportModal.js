import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { App, Button, Form, Input, Modal, Result, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../api';
import { useFormAction } from '../hooks/useFormAction';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/app';
import { ErrorAlert } from './ErrorAlert';
/** "Contact support": works signed out, so a locked-out seller can always reach a person. */
export function SupportModal() {
    const { t } = useLocale();
    const open = useAppStore((s) => s.support.open);
    const close = useAppStore((s) => s.closeSupport);
    return (_jsx(Modal, { open: open, onCancel: close, title: t('support.title'), footer: null, destroyOnHidden: true, children: open ? _jsx(SupportContent, { onClose: close }) : null }));
}
function SupportContent({ onClose }) {
    const { t } = useLocale();
    const { message } = App.useApp();
    const identifier = useAppStore((s) => s.support.identifier);
    const account = useAppStore((s) => s.state?.account ?? null);
    const [form] = Form.useForm();
    const [ticket, setTicket] = useState(null);
    const send = useFormAction(form, ['contact', 'identifier', 'message'], (v) => call('support:contact', {
        contact: v.contact.trim(),
        identifier: v.identifier?.trim() || undefined,
        message: v.message.trim(),
    }), { email: 'contact', phone: 'contact' });
    const onFinish = async (v) => {
        const res = await send.run(v);
        if (res) {
            setTicket(res.ticketId);
            void message.success(t('support.sent'));
        }
    };
    if (ticket) {
        return (_jsx(Result, { status: "success", title: t('support.ticketTitle'), subTitle: _jsxs(_Fragment, { children: [_jsx(Typography.Paragraph, { children: t('support.ticketText') }), _jsx(Typography.Text, { strong: true, copyable: true, "data-testid": "support-ticket", children: ticket })] }), extra: _jsx(Button, { type: "primary", "data-testid": "support-close", onClick: onClose, children: t('common.close') }) }));
    }
    return (_jsxs(Form, { form: form, layout: "vertical", onFinish: onFinish, requiredMark: false, "data-testid": "support-form", initialValues: {
            contact: account?.email ?? account?.phone ?? (identifier.includes('@') ? identifier : ''),
            identifier: identifier || account?.email || account?.phone || '',
            message: '',
        }, children: [_jsx(Typography.Paragraph, { type: "secondary", children: t('support.intro') }), _jsx(Form.Item, { name: "contact", label: t('support.contact'), extra: t('support.contactHint'), rules: [{ required: true, whitespace: true, min: 3, message: t('support.contactRequired') }], children: _jsx(Input, { "data-testid": "support-contact", maxLength: 254, autoComplete: "email" }) }), _jsx(Form.Item, { name: "identifier", label: t('support.identifier'), children: _jsx(Input, { "data-testid": "support-identifier", maxLength: 254 }) }), _jsx(Form.Item, { name: "message", label: t('support.message'), rules: [{ required: true, whitespace: true, message: t('support.messageRequired') }], children: _jsx(Input.TextArea, { "data-testid": "support-message", rows: 5, maxLength: 4000, showCount: true, placeholder: t('support.messagePlaceholder') }) }), _jsx(ErrorAlert, { error: send.alertError }), _jsx(Button, { type: "primary", htmlType: "submit", block: true, loading: send.loading, "data-testid": "support-submit", children: t('support.submit') })] }));
}
