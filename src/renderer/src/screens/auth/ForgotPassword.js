import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { App, Button, Form, Input, Result } from 'antd';
import { useState } from 'react';
import { call } from '../../api';
import { AuthLayout } from '../../components/AuthLayout';
import { ErrorAlert, useWaitSeconds } from '../../components/ErrorAlert';
import { PasswordRules } from '../../components/PasswordRules';
import { useAction } from '../../hooks/useAction';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { codeRules, confirmRules, identifierRules, newPasswordRules, revalidateConfirm } from '../../lib/rules';
import { useAppStore } from '../../store/app';
/** Identifier → code by email/SMS → new password. A reset signs out every session. */
export function ForgotPassword() {
    const { t } = useLocale();
    const { message } = App.useApp();
    const lastIdentifier = useAppStore((s) => s.lastIdentifier);
    const { setAuthView, setLastIdentifier } = useAppStore.getState();
    const [step, setStep] = useState('identifier');
    const [identifier, setIdentifier] = useState(lastIdentifier);
    const [idForm] = Form.useForm();
    const [resetForm] = Form.useForm();
    const newPassword = Form.useWatch('newPassword', resetForm) ?? '';
    const request = useFormAction(idForm, ['identifier'], async (id) => {
        await call('auth:forgotPassword', { identifier: id });
        setIdentifier(id);
        setLastIdentifier(id);
        setStep('reset');
    });
    const resend = useAction(async () => {
        await call('auth:forgotPassword', { identifier });
        void message.success(t('forgot.resent'));
    });
    const reset = useFormAction(resetForm, ['code', 'newPassword'], async (v) => {
        await call('auth:resetPassword', { identifier, code: v.code.trim(), newPassword: v.newPassword });
        setStep('done');
    }, { password: 'newPassword' });
    const wait = useWaitSeconds(request.error ?? resend.error);
    const back = (_jsx(Button, { type: "link", size: "small", "data-testid": "forgot-back", onClick: () => setAuthView('signin'), children: t('common.backToSignIn') }));
    if (step === 'done') {
        return (_jsx(AuthLayout, { testId: "screen-reset-done", title: t('forgot.doneTitle'), children: _jsx(Result, { status: "success", title: _jsx("span", { "data-testid": "reset-success", children: t('forgot.doneText') }), extra: _jsx(Button, { type: "primary", "data-testid": "reset-back-to-signin", onClick: () => setAuthView('signin', 'password_reset'), children: t('common.backToSignIn') }) }) }));
    }
    if (step === 'identifier') {
        return (_jsx(AuthLayout, { testId: "screen-forgot", title: t('forgot.title'), subtitle: t('forgot.subtitle'), footer: back, children: _jsxs(Form, { form: idForm, layout: "vertical", requiredMark: false, initialValues: { identifier }, onFinish: (v) => void request.run(v.identifier.trim()), children: [_jsx(Form.Item, { name: "identifier", label: t('signin.identifier'), rules: identifierRules(t), children: _jsx(Input, { "data-testid": "forgot-identifier", autoComplete: "username", maxLength: 254, autoFocus: true, placeholder: t('signin.identifierPlaceholder') }) }), _jsx(ErrorAlert, { error: request.alertError, identifier: identifier }), _jsx(Button, { type: "primary", htmlType: "submit", block: true, size: "large", loading: request.loading, disabled: wait > 0, "data-testid": "forgot-submit", children: t('forgot.sendCode') })] }) }));
    }
    return (_jsx(AuthLayout, { testId: "screen-reset", title: t('forgot.resetTitle'), subtitle: t('forgot.codeSent', { identifier }), footer: back, children: _jsxs(Form, { form: resetForm, layout: "vertical", requiredMark: false, onFinish: (v) => void reset.run(v), onValuesChange: (c) => 'newPassword' in c && revalidateConfirm(resetForm, 'confirm'), children: [_jsx(Form.Item, { name: "code", label: t('challenge.codeLabel'), rules: codeRules(t, 'recovery'), normalize: (v) => v.trim(), children: _jsx(Input, { "data-testid": "reset-code", autoComplete: "one-time-code", maxLength: 16, autoFocus: true }) }), _jsx(Form.Item, { name: "newPassword", label: t('common.newPassword'), rules: newPasswordRules(t, () => [identifier]), extra: _jsx(PasswordRules, { password: newPassword, personal: [identifier] }), children: _jsx(Input.Password, { "data-testid": "reset-password", autoComplete: "new-password", maxLength: 256 }) }), _jsx(Form.Item, { name: "confirm", label: t('common.confirmPassword'), dependencies: ['newPassword'], rules: confirmRules(t, 'newPassword'), children: _jsx(Input.Password, { "data-testid": "reset-confirm", autoComplete: "new-password", maxLength: 256 }) }), _jsx(ErrorAlert, { error: reset.alertError ?? resend.error, identifier: identifier }), _jsx(Button, { type: "primary", htmlType: "submit", block: true, size: "large", loading: reset.loading, "data-testid": "reset-submit", children: t('forgot.resetSubmit') }), _jsx(Button, { type: "link", block: true, loading: resend.loading, disabled: wait > 0, "data-testid": "forgot-resend", style: { marginTop: 8 }, onClick: () => void resend.run(), children: t('forgot.resend') })] }) }));
}
