import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Button, Form, Input, Modal, Space, Typography } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
/** Re-enter the password before something sensitive. */
export function PasswordConfirmModal(props) {
    return (_jsx(Modal, { open: props.open, title: props.title, onCancel: props.onClose, footer: null, destroyOnHidden: true, children: props.open ? _jsx(Content, { ...props }) : null }));
}
function Content({ testId, text, okText, danger, onClose, onConfirm }) {
    const { t } = useLocale();
    const [form] = Form.useForm();
    const action = useFormAction(form, ['password'], onConfirm, { currentPassword: 'password' });
    return (_jsxs(Form, { form: form, layout: "vertical", requiredMark: false, onFinish: (v) => void action.run(v.password), children: [_jsx(Typography.Paragraph, { children: text }), _jsx(Form.Item, { name: "password", label: t('common.currentPassword'), rules: [{ required: true, message: t('validation.passwordRequired') }], children: _jsx(Input.Password, { "data-testid": `${testId}-password`, autoComplete: "current-password", maxLength: 256, autoFocus: true }) }), _jsx(ErrorAlert, { error: action.alertError }), _jsxs(Space, { style: { width: '100%', justifyContent: 'flex-end' }, children: [_jsx(Button, { onClick: onClose, "data-testid": `${testId}-cancel`, children: t('common.cancel') }), _jsx(Button, { type: "primary", danger: danger, htmlType: "submit", loading: action.loading, "data-testid": `${testId}-submit`, children: okText })] })] }));
}
