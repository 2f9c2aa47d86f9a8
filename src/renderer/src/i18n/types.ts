/** The plural categories of Intl.PluralRules: i18next picks `key_<category>` when a call passes `count`. */
export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

type PluralKey = `${string}_${PluralCategory}`;
type PluralBase<K> = K extends `${infer B}_${PluralCategory}` ? B : never;

/**
 * Same keys as English, any string values: a missing or extra key in ru / zh-CN is a type error.
 * A plural family (`total_one`, `total_other` in English) is one key: every language must have its
 * `_other` and may have any other category, since which ones a language needs (ru: one/few/many,
 * zh-CN: none) is its own grammar — the i18n tests check each against Intl.PluralRules.
 */
export type Messages<T> = {
  [K in keyof T as K extends PluralKey ? never : K]: T[K] extends string ? string : Messages<T[K]>;
} & { [K in keyof T as `${PluralBase<K>}_other`]: string } & {
  [K in keyof T as `${PluralBase<K>}_${Exclude<PluralCategory, 'other'>}`]?: string;
};
