import { Form, type FormInstance } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { AppError } from '../app-error';
import { fieldErrorsFor } from '../errors';
import { useAction } from './useAction';
import { useLocale } from './useLocale';

/** A server error on the form's fields: what each field showed, about which value. */
interface Served<N extends string> {
  error: AppError;
  fields: Map<N, { value: unknown; messages: string[] }>;
}

const same = (a: unknown, b: unknown) => Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b);
const sameMessages = (a: readonly unknown[], b: readonly string[]) => a.length === b.length && a.every((m, i) => m === b[i]);

/**
 * useAction for a form: errors that concern a field also highlight that field
 * (what the person typed stays). `alertError` is the error itself, so every
 * failure has one canonical place (`error-message`, with its code) — until the
 * person has changed every field it was about.
 *
 * Every form with fields goes through here, so this is where messages follow
 * the language: on a switch, rule errors are re-validated (rules read `t` at
 * render) and server errors, kept by code, are translated again. A server
 * error leaves its field as soon as the field's value changes (a field
 * without rules would otherwise keep it until the next submit).
 */
export function useFormAction<A extends unknown[], R, const N extends string>(
  form: FormInstance,
  names: readonly N[],
  fn: (...args: A) => Promise<R>,
  alias: Readonly<Record<string, NoInfer<N>>> = {},
) {
  const { t, locale } = useLocale();
  const served = useRef<Served<N> | null>(null);
  // the alert's error was about fields, and every one of them has changed since
  const [stale, setStale] = useState<AppError | null>(null);
  const action = useAction(
    (...args: A) => {
      served.current = null;
      return fn(...args);
    },
    {
      onError: (e) => {
        const errors = fieldErrorsFor(t, e.error, names, alias);
        if (errors.length === 0) return;
        served.current = { error: e, fields: new Map(errors.map((f) => [f.name, { value: form.getFieldValue(f.name), messages: f.errors }])) };
        form.setFields(errors);
      },
    },
  );

  // the fields' values; watching also connects the form, so reading its errors never warns
  const values = Form.useWatch((all: Record<string, unknown> | undefined) => names.map((n) => all?.[n]), form);
  useEffect(() => {
    const s = served.current;
    if (!s || !values) return;
    const cleared: { name: N; errors: string[] }[] = [];
    for (const [name, f] of s.fields) {
      if (same(values[names.indexOf(name)], f.value)) continue;
      s.fields.delete(name);
      // rule validation may already have replaced it with the field's own error
      if (sameMessages(form.getFieldError(name), f.messages)) cleared.push({ name, errors: [] });
    }
    if (cleared.length > 0) form.setFields(cleared);
    if (s.fields.size === 0) {
      served.current = null;
      setStale(s.error);
    }
  }, [values, names, form]);

  // runs after the render in the new language, so the rules already carry its messages;
  // the other dependencies change with every render of most forms, the language rarely
  const shown = useRef(locale);
  useEffect(() => {
    if (shown.current === locale) return;
    shown.current = locale;
    const s = served.current;
    const onServer = new Set<string>(s ? s.fields.keys() : []);
    if (s) {
      const again = fieldErrorsFor(t, s.error.error, names, alias).filter((f) => onServer.has(f.name));
      for (const f of again) {
        const kept = s.fields.get(f.name);
        if (kept) kept.messages = f.errors;
      }
      form.setFields(again);
    }
    const ruled = form
      .getFieldsError()
      .filter((f) => f.errors.length > 0 && !(f.name.length === 1 && onServer.has(String(f.name[0]))))
      .map((f) => f.name);
    if (ruled.length > 0) void form.validateFields(ruled).catch(() => undefined);
  }, [locale, t, names, alias, form]);

  const alertError = action.error && action.error === stale ? null : action.error;
  return { ...action, alertError };
}
