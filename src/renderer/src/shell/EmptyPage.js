import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { ApiOutlined } from '@ant-design/icons';
import { Card, Empty, Typography } from 'antd';
import { useLocale } from '../hooks/useLocale';
/** Products…Customer service before a store is connected: say so plainly, never show made-up data. */
export function EmptyPage({ page }) {
    const { t } = useLocale();
    return (_jsxs(_Fragment, { children: [_jsx(Typography.Title, { level: 3, style: { marginTop: 0 }, "data-testid": "page-title", children: t(`nav.${page}`) }), _jsx(Card, { children: _jsx(Empty, { "data-testid": `empty-state-${page}`, image: _jsx(ApiOutlined, { style: { fontSize: 56, color: '#bfbfbf' } }), description: _jsxs(_Fragment, { children: [_jsx(Typography.Title, { level: 5, children: t(`pages.${page}`) }), _jsx(Typography.Paragraph, { type: "secondary", style: { maxWidth: 520, margin: '0 auto' }, children: t('pages.storeNext') })] }) }) })] }));
}
