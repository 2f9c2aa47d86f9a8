import type { FormInstance } from 'antd';
import { fieldErrorsFor } from '../errors';
import { useAction } from './useAction';
import { useLocale } from './useLocale';

/**
 * useAction for a form: errors that concern a field also highlight that field
 * (what the person typed stays). `alertError` is always the error itself, so
 * every failure has one canonical place (`error-message`, with its code).
 */
export function useFormAction<A extends unknown[], R, const N extends string>(
  form: FormInstance,
  names: readonly N[],
  fn: (...args: A) => Promise<R>,
  alias: Readonly<Record<string, NoInfer<N>>> = {},
) {
  const { t } = useLocale();
  const action = useAction(fn, { onError: (e) => form.setFields(fieldErrorsFor(t, e.error, names, alias)) });
  return { ...action, alertError: action.error };
}
