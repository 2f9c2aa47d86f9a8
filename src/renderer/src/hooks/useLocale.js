import { useTranslation } from 'react-i18next';
import { isLocale } from '../i18n';
/** The current language plus a loosely typed `t` for helpers. */
export function useLocale() {
    const { t, i18n } = useTranslation();
    const lng = i18n.resolvedLanguage ?? i18n.language;
    return { locale: isLocale(lng) ? lng : 'en', t: t };
}
