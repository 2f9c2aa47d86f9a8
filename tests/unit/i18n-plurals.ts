/**
 * Plural-aware comparison of message catalogs. i18next picks `key_<category>` by
 * Intl.PluralRules when a call passes `count`, so languages legitimately differ in
 * which suffixed keys a plural family has (en: one/other, ru: one/few/many/other,
 * zh-CN: other). Key sets are compared with each family folded to one entry, and
 * each family is checked against the language's own categories.
 */
const SUFFIX = /_(zero|one|two|few|many|other)$/;

/** "orders.totalCount_one" → "orders.totalCount"; null for a key that is not a plural form. */
export function pluralBase(key: string): string | null {
  return SUFFIX.test(key) ? key.replace(SUFFIX, '') : null;
}

/** The keys with each plural family folded to `<base>_#plural`, sorted: equal across languages. */
export function foldPlurals(keys: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const k of keys) {
    const base = pluralBase(k);
    out.add(base === null ? k : `${base}_#plural`);
  }
  return [...out].sort();
}

/**
 * Each plural family must have exactly the categories the language's grammar
 * selects from (`zero` may be added: i18next uses it for count 0 in any language).
 */
export function pluralProblems(keys: Iterable<string>, locale: string): string[] {
  const want = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
  const families = new Map<string, Set<string>>();
  for (const k of keys) {
    const base = pluralBase(k);
    if (base === null) continue;
    const forms = families.get(base) ?? new Set<string>();
    forms.add(k.slice(base.length + 1));
    families.set(base, forms);
  }
  const problems: string[] = [];
  for (const [base, forms] of families) {
    const missing = want.filter((c) => !forms.has(c));
    const extra = [...forms].filter((c) => c !== 'zero' && !want.includes(c));
    if (missing.length || extra.length) problems.push(`${locale}:${base} missing [${missing.join(', ')}] extra [${extra.join(', ')}]`);
  }
  return problems;
}

/** The English text a key is checked against: the key itself, or its family's `_other`. */
export function englishReference(key: string, en: ReadonlyMap<string, string>): string | undefined {
  const base = pluralBase(key);
  return base === null ? en.get(key) : en.get(`${base}_other`);
}

/** A key a source file names resolves: it exists, or it is the base of a plural family (the call passes `count`). */
export function resolves(key: string, keys: ReadonlySet<string> | ReadonlyMap<string, unknown>): boolean {
  return keys.has(key) || keys.has(`${key}_other`);
}
