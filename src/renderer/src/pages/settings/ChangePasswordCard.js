import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordRules } from '../../components/PasswordRules';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { confirmRules, newPasswordRules, revalidateConfirm } from '../../lib/rules';
import { useAppStore } from '../../store/app';
/** Change password; the server signs out every other session. */
export function ChangePasswordCard() {
    const { t } = useLocale();
    const { message } = App.useApp();
    const account = useAppStore((s) => s.state?.account ?? null);
    const [form] = Form.useForm();
    const newPassword = Form.useWatch('newPassword', form) ?? '';
    const personal = [account?.email ?? '', account?.name ?? ''];
    const change = useFormAction(form, ['currentPassword', 'newPassword', 'confirm'], async (v) => {
        await call('account:changePassword', { currentPassword: v.currentPassword, newPassword: v.newPassword });
        form.resetFields();
        void message.success(t('security.passwordChanged'));
    }, { password: 'newPassword' });
    return (_jsxs(Card, { title: t('security.changePasswordTitle'), "data-testid": "change-password-card", children: [_jsx(Alert, { type: "info", showIcon: true, style: { marginBottom: 16 }, title: t('security.changePasswordNotice') }), _jsxs(Form, { form: form, layout: "vertical", requiredMark: false, onFinish: (v) => void change.run(v), onValuesChange: (c) => 'newPassword' in c && revalidateConfirm(form, 'confirm'), children: [_jsx(Form.Item, { name: "currentPassword", label: t('common.currentPassword'), rules: [{ required: true, message: t('validation.passwordRequired') }], children: _jsx(Input.Password, { "data-testid": "password-current", autoComplete: "current-password", maxLength: 256 }) }), _jsx(Form.Item, { name: "newPassword", label: t('common.newPassword'), rules: newPasswordRules(t, () => personal), extra: _jsx(PasswordRules, { password: newPassword, personal: personal }), children: _jsx(Input.Password, { "data-testid": "password-new", autoComplete: "new-password", maxLength: 256 }) }), _jsx(Form.Item, { name: "confirm", label: t('common.confirmPassword'), dependencies: ['newPassword'], rules: confirmRules(t, 'newPassword'), children: _jsx(Input.Password, { "data-testid": "password-confirm", autoComplete: "new-password", maxLength: 256 }) }), _jsx(ErrorAlert, { error: change.alertError }), _jsx(Button, { type: "primary", htmlType: "submit", loading: change.loading, "data-testid": "password-change-submit", children: t('security.changePasswordSubmit') })] })] }));
}
