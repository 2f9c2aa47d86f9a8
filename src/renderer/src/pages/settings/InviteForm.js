import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { App, Button, Card, Form, Input, Select, Space } from 'antd';
import { INVITABLE_ROLES, canAssignRole } from '../../../../shared/roles';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { emailRule, requiredRule } from '../../lib/rules';
export function InviteForm({ actor, onInvited }) {
    const { t } = useLocale();
    const { message } = App.useApp();
    const [form] = Form.useForm();
    const roles = INVITABLE_ROLES.filter((r) => canAssignRole(actor, r));
    const invite = useFormAction(form, ['email', 'role'], async (v) => {
        const inv = await call('staff:invite', { email: v.email.trim(), role: v.role });
        form.resetFields();
        void message.success(t('staff.invited', { email: inv.email }));
        onInvited();
    });
    if (roles.length === 0)
        return null;
    return (_jsxs(Card, { title: t('staff.inviteTitle'), "data-testid": "invite-card", children: [_jsxs(Form, { form: form, layout: "inline", requiredMark: false, initialValues: { role: roles.includes('manager') ? 'manager' : roles[0] }, onFinish: (v) => void invite.run(v), children: [_jsx(Form.Item, { name: "email", rules: [requiredRule(t), emailRule(t)], style: { minWidth: 280, marginBottom: 8 }, children: _jsx(Input, { "data-testid": "invite-email", placeholder: t('staff.inviteEmail'), inputMode: "email", maxLength: 254 }) }), _jsx(Form.Item, { name: "role", style: { minWidth: 180, marginBottom: 8 }, children: _jsx(Select, { "data-testid": "invite-role", options: roles.map((r) => ({ value: r, label: _jsx("span", { "data-testid": `invite-role-${r}`, children: t(`roles.${r}`) }) })) }) }), _jsx(Space, { style: { marginBottom: 8 }, children: _jsx(Button, { type: "primary", htmlType: "submit", loading: invite.loading, "data-testid": "invite-submit", children: t('staff.inviteSubmit') }) })] }), _jsx(ErrorAlert, { error: invite.alertError, style: { marginTop: 8, marginBottom: 0 } })] }));
}
