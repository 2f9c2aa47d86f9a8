import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { GlobalOutlined } from '@ant-design/icons';
import { Segmented, Space } from 'antd';
import { LOCALES } from '../../../shared/http/common';
import { useLocale } from '../hooks/useLocale';
import { LANGUAGE_NAMES } from '../i18n';
import { useAppStore } from '../store/app';
/** Always visible: sign-in screens and the app header. Main persists the choice. */
export function LanguageSwitcher() {
    const { t, locale } = useLocale();
    const setLocale = useAppStore((s) => s.setLocale);
    return (_jsxs(Space, { size: 6, "data-testid": "language-switcher", "aria-label": t('common.language'), children: [_jsx(GlobalOutlined, { "aria-hidden": true }), _jsx(Segmented, { size: "small", value: locale, onChange: (v) => void setLocale(v), options: LOCALES.map((l) => ({
                    value: l,
                    label: (_jsx("span", { "data-testid": `lang-${l}`, lang: l, children: LANGUAGE_NAMES[l] })),
                })) })] }));
}
