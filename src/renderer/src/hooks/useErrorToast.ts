import { App } from 'antd';
import { toAppError } from '../app-error';
import { errorMessage } from '../errors';
import { useLocale } from './useLocale';

/** A toast with the localized text of a failure (an AppError, or anything thrown: INTERNAL). */
export function useErrorToast(): (e: unknown) => void {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  return (e) => void message.error(errorMessage(t, toAppError(e).error, { locale }));
}
