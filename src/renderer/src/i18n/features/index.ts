/**
 * Feature message modules: each feature owns one file exporting
 * `{ en, ru, zhCN }` for its own top-level namespaces (ru and zh-CN typed as
 * Messages<typeof en>, so a missing key is a type error). They are merged
 * beside the core catalogs (../en.ts, …); a namespace may live in one place only
 * (tests/unit/i18n-features.test.ts checks both). The list of
 * modules is ./registry.ts.
 */
import type { Messages } from '../types';

export interface FeatureMessages<T extends object> {
  en: T;
  ru: Messages<T>;
  zhCN: Messages<T>;
}

/** Identity with a type check, so each feature file reads `export default feature({...})`. */
export function feature<T extends object>(m: FeatureMessages<T>): FeatureMessages<T> {
  return m;
}

