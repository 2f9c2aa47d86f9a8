import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { ShopOutlined } from '@ant-design/icons';
import { Card, Flex, Layout, Typography } from 'antd';
import { useLocale } from '../hooks/useLocale';
import { LanguageSwitcher } from './LanguageSwitcher';
import { ServerBanner } from './ServerBanner';
/** The frame of every signed-out screen: brand, language switcher, server status, one card. */
export function AuthLayout({ title, subtitle, children, footer, width = 440, testId }) {
    const { t } = useLocale();
    return (_jsxs(Layout, { style: { minHeight: '100vh' }, children: [_jsxs(Flex, { justify: "space-between", align: "center", style: { padding: '12px 24px' }, children: [_jsxs(Typography.Title, { level: 4, style: { margin: 0 }, children: [_jsx(ShopOutlined, {}), " ", t('app.name')] }), _jsx(LanguageSwitcher, {})] }), _jsx(Flex, { vertical: true, align: "center", style: { padding: '24px 16px 48px' }, children: _jsxs("div", { style: { width: '100%', maxWidth: width }, children: [_jsx(ServerBanner, {}), _jsxs(Card, { "data-testid": testId, children: [_jsx(Typography.Title, { level: 3, style: { marginTop: 0 }, "data-testid": "screen-title", children: title }), subtitle ? _jsx(Typography.Paragraph, { type: "secondary", children: subtitle }) : null, children] }), footer ? (_jsx(Flex, { justify: "center", wrap: true, gap: 8, style: { marginTop: 16 }, children: footer })) : null] }) })] }));
}
