import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LOCALES } from '../../../shared/http/common';
import { en } from './en';
import { ru } from './ru';
import { zhCN } from './zh-CN';
export const resources = {
    en: { translation: en },
    ru: { translation: ru },
    'zh-CN': { translation: zhCN },
};
/** Each language names itself, so a person can find theirs whatever is shown now. */
export const LANGUAGE_NAMES = { en: 'English', ru: 'Русский', 'zh-CN': '简体中文' };
/** Before main tells us the saved language: the system's, if we speak it. */
export function guessLocale(languages) {
    for (const raw of languages) {
        const l = raw.toLowerCase();
        if (l.startsWith('zh'))
            return 'zh-CN';
        if (l.startsWith('ru') || l.startsWith('be') || l.startsWith('uk') || l.startsWith('kk'))
            return 'ru';
        if (l.startsWith('en'))
            return 'en';
    }
    return 'en';
}
export function isLocale(v) {
    return typeof v === 'string' && LOCALES.includes(v);
}
export async function initI18n(initial) {
    await i18next.use(initReactI18next).init({
        resources,
        lng: initial,
        fallbackLng: 'en',
        supportedLngs: [...LOCALES],
        load: 'currentOnly',
        interpolation: { escapeValue: false },
        returnNull: false,
        react: { useSuspense: false },
    });
    setDocumentLanguage(initial);
}
function setDocumentLanguage(locale) {
    if (typeof document !== 'undefined')
        document.documentElement.lang = locale;
}
export function applyLanguage(locale) {
    if (i18next.language !== locale)
        void i18next.changeLanguage(locale);
    setDocumentLanguage(locale);
}
export { i18next };
