import { jsx as _jsx, Fragment as _Fragment, jsxs as _jsxs } from "react/jsx-runtime";
import { Button, Flex, Result, Typography } from 'antd';
import { LanguageSwitcher } from './LanguageSwitcher';
import { useLocale } from '../hooks/useLocale';
import { isBrowserHost } from '../bridge';
/** Shown instead of a blank page when the app core (Electron main or the browser host) does not answer. */
export function CoreUnavailable({ error, onRetry }) {
    const { t } = useLocale();
    return (_jsxs(_Fragment, { children: [_jsx(Flex, { justify: "flex-end", style: { padding: '12px 24px' }, children: _jsx(LanguageSwitcher, {}) }), _jsx(Result, { status: "error", "data-testid": "core-unavailable", title: t('core.title'), subTitle: _jsxs(_Fragment, { children: [_jsx(Typography.Paragraph, { children: isBrowserHost() ? t('core.browserHint') : t('core.electronHint') }), error ? (_jsx(Typography.Text, { type: "secondary", "data-testid": "core-error-code", children: t('core.code', { code: error.code }) })) : null] }), extra: _jsx(Button, { type: "primary", "data-testid": "core-retry", onClick: onRetry, children: t('common.retry') }) })] }));
}
