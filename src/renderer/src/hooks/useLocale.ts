import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/http/common';
import { isLocale } from '../i18n';
import type { Translate } from '../errors';

/** The current language plus a loosely typed `t` for helpers. */
export function useLocale(): { locale: Locale; t: Translate } {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return { locale: isLocale(lng) ? lng : 'en', t: t as unknown as Translate };
}
