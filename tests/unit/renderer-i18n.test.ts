import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/shared/errors';
import { SECURITY_EVENT_TYPES, TWO_FACTOR_METHODS } from '../../src/shared/http/auth';
import { LOCALES } from '../../src/shared/http/common';
import { PERMISSIONS, ROLES } from '../../src/shared/roles';
import { en } from '../../src/renderer/src/i18n/en';
import { ru } from '../../src/renderer/src/i18n/ru';
import { zhCN } from '../../src/renderer/src/i18n/zh-CN';

type Tree = { [k: string]: string | Tree };
const bundles: Record<(typeof LOCALES)[number], Tree> = { en, ru, 'zh-CN': zhCN };

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
    it(`${locale}: exactly the English keys, no empty strings`, () => {
      expect([...flat[locale].keys()].sort()).toEqual(enKeys);
      for (const [key, value] of flat[locale]) expect(value.trim(), `${locale}:${key}`).not.toBe('');
    });

    it(`${locale}: same interpolation placeholders as English, all well-formed`, () => {
      for (const [key, value] of flat[locale]) {
        expect(placeholders(value), `${locale}:${key}`).toEqual(placeholders(flat.en.get(key) ?? ''));
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
    const same = (l: 'ru' | 'zh-CN') => enKeys.filter((k) => flat[l].get(k) === flat.en.get(k) && !/^(app\.name|setup\.remoteUrlHint|owner\.phonePlaceholder|challenge\.recoveryPlaceholder|stores\.clientId)$/.test(k));
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
  const namespaces = new Set(Object.keys(en));
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
        if (!flat.en.has(key)) missing.push(`${file.slice(SRC.length)}: ${key}`);
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
