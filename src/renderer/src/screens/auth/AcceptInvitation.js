import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Button, Form, Input } from 'antd';
import { call } from '../../api';
import { AuthLayout } from '../../components/AuthLayout';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordRules } from '../../components/PasswordRules';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { codeRules, confirmRules, emailRule, newPasswordRules, requiredRule, revalidateConfirm } from '../../lib/rules';
import { useAppStore } from '../../store/app';
const FIELDS = ['email', 'code', 'name', 'password', 'confirm'];
/** Joining a team: the code from the invitation email proves the address and this device. */
export function AcceptInvitation() {
    const { t } = useLocale();
    const { setAuthView, afterSignIn } = useAppStore.getState();
    const [form] = Form.useForm();
    const password = Form.useWatch('password', form) ?? '';
    const email = Form.useWatch('email', form) ?? '';
    const name = Form.useWatch('name', form) ?? '';
    const accept = useFormAction(form, FIELDS, async (v) => afterSignIn(await call('auth:acceptInvitation', { email: v.email.trim(), code: v.code.trim(), name: v.name.trim(), password: v.password })), { INVITATION_INVALID: 'code' });
    return (_jsx(AuthLayout, { testId: "screen-accept-invitation", title: t('invite.title'), subtitle: t('invite.subtitle'), footer: _jsx(Button, { type: "link", size: "small", "data-testid": "invite-back", onClick: () => setAuthView('signin'), children: t('common.backToSignIn') }), children: _jsxs(Form, { form: form, layout: "vertical", requiredMark: false, onFinish: (v) => void accept.run(v), onValuesChange: (c) => 'password' in c && revalidateConfirm(form, 'confirm'), children: [_jsx(Form.Item, { name: "email", label: t('invite.email'), rules: [requiredRule(t), emailRule(t)], children: _jsx(Input, { "data-testid": "invite-accept-email", autoComplete: "email", inputMode: "email", maxLength: 254, autoFocus: true }) }), _jsx(Form.Item, { name: "code", label: t('invite.code'), extra: t('invite.codeHint'), rules: codeRules(t, 'recovery'), children: _jsx(Input, { "data-testid": "invite-accept-code", autoComplete: "one-time-code", maxLength: 16 }) }), _jsx(Form.Item, { name: "name", label: t('invite.name'), rules: [requiredRule(t)], children: _jsx(Input, { "data-testid": "invite-accept-name", autoComplete: "name", maxLength: 100 }) }), _jsx(Form.Item, { name: "password", label: t('invite.password'), rules: newPasswordRules(t, () => [email, name]), extra: _jsx(PasswordRules, { password: password, personal: [email, name] }), children: _jsx(Input.Password, { "data-testid": "invite-accept-password", autoComplete: "new-password", maxLength: 256 }) }), _jsx(Form.Item, { name: "confirm", label: t('common.confirmPassword'), dependencies: ['password'], rules: confirmRules(t, 'password'), children: _jsx(Input.Password, { "data-testid": "invite-accept-confirm", autoComplete: "new-password", maxLength: 256 }) }), _jsx(ErrorAlert, { error: accept.alertError, identifier: email }), _jsx(Button, { type: "primary", htmlType: "submit", block: true, size: "large", loading: accept.loading, "data-testid": "invite-accept-submit", children: t('invite.submit') })] }) }));
}
