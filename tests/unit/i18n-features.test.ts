import { describe, expect, it } from 'vitest';
import { en } from '../../src/renderer/src/i18n/en';
import { FEATURES } from '../../src/renderer/src/i18n/features/registry';
import { foldPlurals, pluralProblems } from './i18n-plurals';

/** Every leaf key path of a catalog, e.g. "returns.title". */
function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('feature message modules', () => {
  it('never redefine a namespace of the core catalog or of another feature', () => {
    const seen = new Set(Object.keys(en));
    for (const f of FEATURES) {
      for (const ns of Object.keys(f.en)) {
        expect(seen.has(ns), `namespace ${ns} defined twice`).toBe(false);
        seen.add(ns);
      }
    }
  });

  it('are complete in ru and zh-CN (each plural family in the forms of its language), with no empty strings', () => {
    for (const f of FEATURES) {
      const want = foldPlurals(keys(f.en));
      expect(foldPlurals(keys(f.ru))).toEqual(want);
      expect(foldPlurals(keys(f.zhCN))).toEqual(want);
      expect([...pluralProblems(keys(f.en), 'en'), ...pluralProblems(keys(f.ru), 'ru'), ...pluralProblems(keys(f.zhCN), 'zh-CN')]).toEqual([]);
      for (const cat of [f.en, f.ru, f.zhCN]) {
        for (const k of keys(cat)) {
          const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], cat);
          expect(typeof v === 'string' && v.trim().length > 0, `${k} is empty`).toBe(true);
        }
      }
    }
  });
});

describe('refusal reasons', () => {
  it('every code the server may send in a rejection has a message in every language', async () => {
    const { REJECT_CODES } = await import('../../src/shared/sync/protocol');
    const { default: actions } = await import('../../src/renderer/src/i18n/features/actions.messages');
    for (const cat of [actions.en, actions.ru, actions.zhCN] as { syncReject: Record<string, string> }[]) {
      expect(Object.keys(cat.syncReject).sort()).toEqual([...REJECT_CODES].sort());
    }
  });
});
