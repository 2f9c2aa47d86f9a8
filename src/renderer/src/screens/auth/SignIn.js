import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { EyeInvisibleOutlined, EyeOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Divider, Form, Input } from 'antd';
import { call } from '../../api';
import { AuthLayout } from '../../components/AuthLayout';
import { ChangeServerLink } from '../../components/ChangeServerLink';
import { ErrorAlert, useWaitSeconds } from '../../components/ErrorAlert';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { identifierRules } from '../../lib/rules';
import { useAppStore } from '../../store/app';
const NOTICE_KEYS = {
    session_expired: { key: 'signin.noticeSessionExpired', type: 'warning' },
    password_reset: { key: 'signin.noticePasswordReset', type: 'success' },
    signed_out: { key: 'signin.noticeSignedOut', type: 'info' },
    challenge_expired: { key: 'signin.noticeChallengeExpired', type: 'warning' },
};
export function SignIn() {
    const { t } = useLocale();
    const [form] = Form.useForm();
    const keychainAvailable = useAppStore((s) => s.state?.keychainAvailable ?? true);
    const notice = useAppStore((s) => s.notice);
    const lastIdentifier = useAppStore((s) => s.lastIdentifier);
    const { afterSignIn, setAuthView, setLastIdentifier, openSupport } = useAppStore.getState();
    const identifier = Form.useWatch('identifier', form) ?? lastIdentifier;
    const signIn = useFormAction(form, ['identifier', 'password'], async (v) => afterSignIn(await call('auth:signIn', { identifier: v.identifier.trim(), password: v.password })));
    const wait = useWaitSeconds(signIn.error?.code === 'RATE_LIMITED' ? signIn.error : null);
    const noticeInfo = notice ? NOTICE_KEYS[notice] : null;
    return (_jsxs(AuthLayout, { testId: "screen-signin", title: t('signin.title'), subtitle: t('signin.subtitle'), footer: _jsx(ChangeServerLink, {}), children: [noticeInfo ? (_jsx(Alert, { type: noticeInfo.type, showIcon: true, style: { marginBottom: 16 }, "data-testid": `notice-${notice}`, title: t(noticeInfo.key) })) : null, keychainAvailable ? null : (_jsx(Alert, { type: "warning", showIcon: true, style: { marginBottom: 16 }, "data-testid": "keychain-warning", title: t('signin.keychainTitle'), description: t('signin.keychainText') })), _jsxs(Form, { form: form, layout: "vertical", requiredMark: false, initialValues: { identifier: lastIdentifier }, onValuesChange: (c) => {
                    if (c.identifier !== undefined)
                        setLastIdentifier(c.identifier.trim());
                }, onFinish: (v) => void signIn.run(v), children: [_jsx(Form.Item, { name: "identifier", label: t('signin.identifier'), rules: identifierRules(t), children: _jsx(Input, { prefix: _jsx(UserOutlined, {}), "data-testid": "signin-identifier", placeholder: t('signin.identifierPlaceholder'), autoComplete: "username", maxLength: 254, autoFocus: true }) }), _jsx(Form.Item, { name: "password", label: t('common.password'), rules: [{ required: true, message: t('validation.passwordRequired') }], children: _jsx(Input.Password, { prefix: _jsx(LockOutlined, {}), "data-testid": "signin-password", autoComplete: "current-password", maxLength: 256, iconRender: (visible) => (_jsx("span", { "data-testid": "signin-password-toggle", role: "button", "aria-label": visible ? t('common.hidePassword') : t('common.showPassword'), children: visible ? _jsx(EyeOutlined, {}) : _jsx(EyeInvisibleOutlined, {}) })) }) }), _jsx(ErrorAlert, { error: signIn.alertError, identifier: identifier }), _jsx(Button, { type: "primary", htmlType: "submit", block: true, size: "large", loading: signIn.loading, disabled: wait > 0, "data-testid": "signin-submit", children: t('signin.submit') })] }), _jsx(Divider, { plain: true, style: { margin: '16px 0 8px' } }), _jsxs("div", { style: { display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 4 }, children: [_jsx(Button, { type: "link", size: "small", "data-testid": "signin-forgot", onClick: () => setAuthView('forgot'), children: t('signin.forgot') }), _jsx(Button, { type: "link", size: "small", "data-testid": "signin-invitation", onClick: () => setAuthView('invite'), children: t('signin.invitation') }), _jsx(Button, { type: "link", size: "small", "data-testid": "signin-support-link", onClick: () => openSupport(identifier), children: t('support.contactButton') })] })] }));
}
