import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/shared/errors';
import { SECURITY_EVENT_TYPES, TWO_FACTOR_METHODS } from '../../src/shared/http/auth';
import { LOCALES } from '../../src/shared/http/common';
import { PERMISSIONS, ROLES } from '../../src/shared/roles';
import { en } from '../../src/renderer/src/i18n/en';
import { resources } from '../../src/renderer/src/i18n';
import { englishReference, foldPlurals, pluralBase, pluralProblems, resolves } from './i18n-plurals';

type Tree = { [k: string]: string | Tree };
// the catalogues as the app loads them: the core files with every feature's sections merged in
const bundles = Object.fromEntries(LOCALES.map((l) => [l, resources[l].translation])) as unknown as Record<(typeof LOCALES)[number], Tree>;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}
const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(bundles[l])])) as Record<(typeof LOCALES)[number], Map<string, string>>;
const enKeys = [...flat.en.keys()].sort();
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('renderer i18n resources', () => {
  it('has a bundle for every supported locale', () => {
    expect(Object.keys(bundles).sort()).toEqual([...LOCALES].sort());
  });

  for (const locale of LOCALES) {
    it(`${locale}: exactly the English keys (a plural family counting as one), no empty strings`, () => {
      expect(foldPlurals(flat[locale].keys())).toEqual(foldPlurals(enKeys));
      expect(pluralProblems(flat[locale].keys(), locale)).toEqual([]);
      for (const [key, value] of flat[locale]) expect(value.trim(), `${locale}:${key}`).not.toBe('');
    });

    it(`${locale}: same interpolation placeholders as English, all well-formed`, () => {
      for (const [key, value] of flat[locale]) {
        expect(placeholders(value), `${locale}:${key}`).toEqual(placeholders(englishReference(key, flat.en) ?? ''));
        const opens = (value.match(/\{\{/g) ?? []).length;
        const closes = (value.match(/\}\}/g) ?? []).length;
        expect(opens, `${locale}:${key} braces`).toBe(closes);
      }
    });

    it(`${locale}: every ErrorCode, role, security event and 2FA method has a text`, () => {
      for (const code of ERROR_CODES) expect(flat[locale].get(`errors.${code}`), code).toBeTruthy();
      for (const role of ROLES) expect(flat[locale].get(`roles.${role}`), role).toBeTruthy();
      for (const type of SECURITY_EVENT_TYPES) expect(flat[locale].get(`securityEvents.${type}`), type).toBeTruthy();
      for (const m of TWO_FACTOR_METHODS) expect(flat[locale].get(`twoFactorMethods.${m}`), m).toBeTruthy();
    });
  }

  it('has no error text for codes that do not exist', () => {
    expect(Object.keys(en.errors).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('keeps the product name untranslated', () => {
    for (const locale of LOCALES) expect(flat[locale].get('app.name')).toBe('Sellerdesk');
  });

  it('translates rather than copies English (beyond names, codes and examples)', () => {
    const same = (l: 'ru' | 'zh-CN') => enKeys.filter((k) => flat[l].get(k) === flat.en.get(k) && !/^(app\.name|setup\.remoteUrlHint|owner\.phonePlaceholder|challenge\.recoveryPlaceholder|stores\.clientId|products\.sku|servicePage\.author\.ozon|servicePage\.userTypes\.Crm)$/.test(k));
    expect(same('ru')).toEqual([]);
    expect(same('zh-CN')).toEqual([]);
  });
});

// ---- every key the UI asks for exists ----

const SRC = join(import.meta.dirname, '../../src/renderer/src');
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'i18n' ? [] : sources(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

describe('renderer source uses only existing keys', () => {
  // core and feature catalogs together: what the app's i18next instance holds
  const merged = flatten(resources.en.translation as Tree);
  const namespaces = new Set(Object.keys(resources.en.translation));
  const files = sources(SRC);

  it('finds the renderer sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('every literal translation key resolves in English', () => {
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/['`]([a-z][A-Za-z]*)\.([A-Za-z_]+)['`]/g)) {
        const [, ns, rest] = m;
        if (!ns || !namespaces.has(ns)) continue;
        const key = `${ns}.${rest}`;
        if ((PERMISSIONS as readonly string[]).includes(key)) continue;
        if (!resolves(key, merged)) missing.push(`${file.slice(SRC.length)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every navigation page and empty state has a text', () => {
    for (const page of ['dashboard', 'products', 'orders', 'returns', 'analytics', 'marketing', 'service', 'settings']) {
      expect(flat.en.get(`nav.${page}`)).toBeTruthy();
    }
    for (const page of ['products', 'orders', 'returns', 'analytics', 'marketing', 'service']) expect(flat.en.get(`pages.${page}`)).toBeTruthy();
  });
});

// ---- plurals: what people read for 1, 2, 5, 21 … in each language ----

describe('plural texts', () => {
  const i18n = i18next.createInstance();
  const ready = i18n.init({ resources, lng: 'en', fallbackLng: false, interpolation: { escapeValue: false } });
  const catalogs = Object.fromEntries(LOCALES.map((l) => [l, flatten(resources[l].translation as Tree)])) as Record<(typeof LOCALES)[number], Map<string, string>>;

  it('every plural family reads as a sentence at any count, in every language', async () => {
    await ready;
    const bases = new Set([...catalogs.en.keys()].map(pluralBase).filter((b): b is string => b !== null));
    expect(bases.size).toBeGreaterThan(5);
    for (const locale of LOCALES) {
      expect(pluralProblems(catalogs[locale].keys(), locale)).toEqual([]);
      const t = i18n.getFixedT(locale);
      for (const base of bases) {
        const vars = Object.fromEntries(placeholders(catalogs.en.get(`${base}_other`) ?? '').map((p) => [p, 'X']));
        for (const count of [0, 1, 2, 5, 11, 21, 1.5]) {
          const text = t(base, { ...vars, count, formatted: String(count) });
          expect(text, `${locale}:${base} ${count}`).not.toBe(base);
          expect(text, `${locale}:${base} ${count}`).not.toContain('{{');
        }
      }
    }
  });

  it('agrees in number: "1 posting", "2 отправления", "5 отправлений", "21 отправление"', async () => {
    await ready;
    const say = (locale: string, key: string, count: number) => i18n.getFixedT(locale)(key, { count, formatted: String(count) });
    expect(say('en', 'orders.totalCount', 1)).toBe('1 posting');
    expect(say('en', 'orders.totalCount', 2)).toBe('2 postings');
    expect(say('en', 'orders.moreProducts', 1)).toBe('+1 more product');
    expect(say('en', 'orders.units', 1)).toBe('1 unit');
    expect(say('en', 'products.total', 1)).toBe('1 product');
    expect(say('en', 'servicePage.chatsTotal', 1)).toBe('1 chat');
    expect(say('en', 'returnsPage.total', 1)).toBe('1 return');
    expect(say('en', 'marketingPage.promotionsTotal', 1)).toBe('1 promotion');
    expect([1, 2, 5, 21].map((n) => say('ru', 'orders.totalCount', n))).toEqual(['1 отправление', '2 отправления', '5 отправлений', '21 отправление']);
    expect(say('ru', 'orders.moreProducts', 3)).toBe('+ ещё 3 товара');
    expect(say('ru', 'servicePage.reviewsTotal', 11)).toBe('11 отзывов');
    expect(say('zh-CN', 'orders.totalCount', 1)).toBe('共 1 个货件');
    expect(say('en', 'products.total', 1)).toBe('1 product');
    expect(say('en', 'servicePage.questionsTotal', 1)).toBe('1 question');
  });
});
