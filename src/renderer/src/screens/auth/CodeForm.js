import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Button, Form, Input } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { codeRules } from '../../lib/rules';
/** One code box and a verify button. Recovery codes are longer and not only digits. */
export function CodeForm({ method, verify, identifier }) {
    const { t } = useLocale();
    const [form] = Form.useForm();
    const recovery = method === 'recovery';
    const action = useFormAction(form, ['code'], async (code) => verify(method, code));
    return (_jsxs(Form, { form: form, layout: "vertical", requiredMark: false, onFinish: (v) => void action.run(v.code), children: [_jsx(Form.Item, { name: "code", label: recovery ? t('challenge.recoveryLabel') : t('challenge.codeLabel'), rules: codeRules(t, recovery ? 'recovery' : 'digits'), normalize: (v) => (recovery ? v : v.replace(/\D/g, '').slice(0, 6)), children: _jsx(Input, { "data-testid": "code-input", "data-method": method, autoFocus: true, autoComplete: "one-time-code", inputMode: recovery ? 'text' : 'numeric', maxLength: recovery ? 64 : 6, placeholder: recovery ? t('challenge.recoveryPlaceholder') : t('challenge.codePlaceholder'), style: { letterSpacing: recovery ? 1 : 6, fontSize: 18 } }) }), _jsx(ErrorAlert, { error: action.alertError, identifier: identifier }), _jsx(Button, { type: "primary", htmlType: "submit", block: true, size: "large", loading: action.loading, "data-testid": "verify-button", children: t('challenge.verify') })] }));
}
