import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { Progress, Space, Typography } from 'antd';
import { checkPassword, MIN_PASSWORD_LENGTH } from '../lib/password';
import { useLocale } from '../hooks/useLocale';
const COLORS = ['#ff4d4f', '#faad14', '#52c41a', '#389e0d'];
function Rule({ ok, text, testId }) {
    return (_jsxs(Typography.Text, { type: ok ? 'success' : 'secondary', "data-testid": testId, "data-ok": ok ? 'true' : 'false', children: [ok ? _jsx(CheckCircleFilled, {}) : _jsx(CloseCircleOutlined, {}), " ", text] }));
}
/** Live hint under a new-password field. The server has the final word. */
export function PasswordRules({ password, personal = [] }) {
    const { t } = useLocale();
    const check = checkPassword(password ?? '', personal);
    const labels = [t('password.strengthWeak'), t('password.strengthFair'), t('password.strengthGood'), t('password.strengthStrong')];
    return (_jsxs(Space, { orientation: "vertical", size: 0, "data-testid": "password-rules", style: { marginTop: 4 }, children: [_jsx(Rule, { ok: check.longEnough, text: t('password.ruleLength', { min: MIN_PASSWORD_LENGTH }), testId: "rule-length" }), _jsx(Rule, { ok: check.notCommon, text: t('password.ruleCommon'), testId: "rule-common" }), password ? (_jsxs(Space, { size: 8, children: [_jsx(Progress, { percent: ((check.strength + 1) / 4) * 100, steps: 4, size: "small", showInfo: false, strokeColor: COLORS[check.strength] }), _jsx(Typography.Text, { type: "secondary", "data-testid": "password-strength", "data-strength": check.strength, children: labels[check.strength] })] })) : null] }));
}
