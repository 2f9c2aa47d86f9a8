import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Space } from 'antd';
import { ChangePasswordCard } from './ChangePasswordCard';
import { TwoFactorCard } from './TwoFactorCard';
export function SecurityTab({ account }) {
    return (_jsxs(Space, { orientation: "vertical", size: 24, style: { width: '100%', maxWidth: 720 }, children: [_jsx(TwoFactorCard, { account: account }), _jsx(ChangePasswordCard, {})] }));
}
