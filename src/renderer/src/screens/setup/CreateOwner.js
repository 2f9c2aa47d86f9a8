import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Button, Form, Input, Typography } from 'antd';
import { call } from '../../api';
import { AuthLayout } from '../../components/AuthLayout';
import { ChangeServerLink } from '../../components/ChangeServerLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordRules } from '../../components/PasswordRules';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { confirmRules, emailRule, newPasswordRules, phoneRule, requiredRule, revalidateConfirm } from '../../lib/rules';
import { useAppStore } from '../../store/app';
const FIELDS = ['workspaceName', 'name', 'email', 'phone', 'password', 'confirm'];
/** The very first account of a fresh workspace: its owner. */
export function CreateOwner() {
    const { t } = useLocale();
    const afterSignIn = useAppStore((s) => s.afterSignIn);
    const [form] = Form.useForm();
    const password = Form.useWatch('password', form) ?? '';
    const email = Form.useWatch('email', form) ?? '';
    const name = Form.useWatch('name', form) ?? '';
    const create = useFormAction(form, FIELDS, async (v) => afterSignIn(await call('setup:createOwner', {
        workspaceName: v.workspaceName.trim(),
        name: v.name.trim(),
        email: v.email?.trim() || undefined,
        phone: v.phone?.trim() || undefined,
        password: v.password,
    })));
    const contactRule = {
        validator: async () => {
            const { email: e, phone: p } = form.getFieldsValue(['email', 'phone']);
            if (!e?.trim() && !p?.trim())
                throw new Error(t('errors.CONTACT_REQUIRED'));
        },
    };
    return (_jsx(AuthLayout, { testId: "screen-create-owner", title: t('owner.title'), subtitle: t('owner.subtitle'), width: 480, footer: _jsx(ChangeServerLink, {}), children: _jsxs(Form, { form: form, layout: "vertical", requiredMark: false, onFinish: (v) => void create.run(v), onValuesChange: (changed) => {
                if ('password' in changed)
                    revalidateConfirm(form, 'confirm');
                if ('phone' in changed && form.getFieldError('email').length > 0)
                    void form.validateFields(['email']).catch(() => undefined);
            }, children: [_jsx(Form.Item, { name: "workspaceName", label: t('owner.workspaceName'), extra: t('owner.workspaceNameHint'), rules: [requiredRule(t)], children: _jsx(Input, { "data-testid": "owner-workspace", maxLength: 100, autoFocus: true }) }), _jsx(Form.Item, { name: "name", label: t('owner.name'), rules: [requiredRule(t)], children: _jsx(Input, { "data-testid": "owner-name", maxLength: 100, autoComplete: "name" }) }), _jsx(Typography.Paragraph, { type: "secondary", style: { marginBottom: 8 }, "data-testid": "owner-contact-hint", children: t('owner.contactHint') }), _jsx(Form.Item, { name: "email", label: t('common.email'), rules: [emailRule(t), contactRule], children: _jsx(Input, { "data-testid": "owner-email", maxLength: 254, autoComplete: "email", inputMode: "email", placeholder: t('owner.emailPlaceholder') }) }), _jsx(Form.Item, { name: "phone", label: t('common.phone'), rules: [phoneRule(t)], extra: t('owner.phoneHint'), children: _jsx(Input, { "data-testid": "owner-phone", maxLength: 32, autoComplete: "tel", inputMode: "tel", placeholder: t('owner.phonePlaceholder') }) }), _jsx(Form.Item, { name: "password", label: t('common.password'), rules: newPasswordRules(t, () => [email, name]), extra: _jsx(PasswordRules, { password: password, personal: [email, name] }), children: _jsx(Input.Password, { "data-testid": "owner-password", maxLength: 256, autoComplete: "new-password" }) }), _jsx(Form.Item, { name: "confirm", label: t('common.confirmPassword'), dependencies: ['password'], rules: confirmRules(t, 'password'), children: _jsx(Input.Password, { "data-testid": "owner-confirm", maxLength: 256, autoComplete: "new-password" }) }), _jsx(ErrorAlert, { error: create.alertError }), _jsx(Button, { type: "primary", htmlType: "submit", block: true, size: "large", loading: create.loading, "data-testid": "owner-submit", children: t('owner.submit') })] }) }));
}
