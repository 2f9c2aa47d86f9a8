/** Walking every page returns every row exactly once, for each pagination style. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { boot, call, since, until } from './helpers';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await boot({ products: 150, historyDays: 5, rateLimits: false, seed: 21 });
}, 60_000);
afterAll(async () => sb?.close());

async function walk<T>(fetchPage: (token: string) => Promise<{ items: T[]; next: string; more?: boolean }>): Promise<T[]> {
  const all: T[] = [];
  let token = '';
  for (let guard = 0; guard < 500; guard++) {
    const page = await fetchPage(token);
    all.push(...page.items);
    if (page.more === false || !page.next || page.items.length === 0) return all;
    token = page.next;
  }
  throw new Error('pagination did not terminate');
}

const unique = <T>(xs: T[]): boolean => new Set(xs).size === xs.length;

describe('pagination completeness', () => {
  it('/v3/product/list last_id', async () => {
    const full = (await call(sb, '/v3/product/list', { limit: 1000 })).json.result;
    const items = await walk(async (t) => {
      const r = (await call(sb, '/v3/product/list', { limit: 7, last_id: t })).json.result;
      return { items: r.items.map((i: { product_id: number }) => i.product_id), next: r.last_id };
    });
    expect(unique(items)).toBe(true);
    expect(items).toEqual(full.items.map((i: { product_id: number }) => i.product_id));
    expect(items.length).toBe(full.total);
  });

  it('/v5/product/info/prices and /v4/product/info/stocks cursor', async () => {
    for (const path of ['/v5/product/info/prices', '/v4/product/info/stocks']) {
      const items = await walk(async (t) => {
        const r = (await call(sb, path, { filter: { visibility: 'ALL' }, limit: 11, cursor: t })).json;
        return { items: r.items.map((i: { product_id: number }) => i.product_id), next: r.cursor };
      });
      const total = (await call(sb, path, { filter: { visibility: 'ALL' }, limit: 1 })).json.total;
      expect(unique(items)).toBe(true);
      expect(items.length).toBe(total);
    }
  });

  it('/v4/product/info/attributes last_id, /v2/product/info/stocks-by-warehouse/fbs cursor', async () => {
    const attrs = await walk(async (t) => {
      const r = (await call(sb, '/v4/product/info/attributes', { filter: { visibility: 'ALL' }, limit: 13, last_id: t })).json;
      return { items: r.result.map((i: { id: number }) => i.id), next: r.last_id };
    });
    expect(unique(attrs)).toBe(true);
    expect(attrs.length).toBe(Number((await call(sb, '/v4/product/info/attributes', { filter: {}, limit: 1 })).json.total));
    const pairs = await walk(async (t) => {
      const r = (await call(sb, '/v2/product/info/stocks-by-warehouse/fbs', { limit: 17, cursor: t })).json;
      return { items: r.products.map((p: { product_id: number; warehouse_id: number }) => `${p.product_id}/${p.warehouse_id}`), next: r.cursor, more: r.has_next };
    });
    const big = (await call(sb, '/v2/product/info/stocks-by-warehouse/fbs', { limit: 1000 })).json.products;
    expect(unique(pairs)).toBe(true);
    expect(pairs.length).toBe(big.length);
  });

  it('/v4/posting/fbs/list and /v3/posting/fbo/list cursor (ASC and DESC), stable while the market adds postings', async () => {
    for (const [path, dir] of [
      ['/v4/posting/fbs/list', 'ASC'],
      ['/v4/posting/fbs/list', 'DESC'],
      ['/v3/posting/fbo/list', 'ASC'],
    ] as const) {
      const before = await walk(async (t) => {
        const r = (await call(sb, path, { filter: { since, to: until }, limit: 5, cursor: t, sort_dir: dir })).json;
        return { items: r.postings.map((p: { posting_number: string }) => p.posting_number), next: r.cursor, more: r.has_next };
      });
      expect(before.length).toBeGreaterThan(10);
      expect(unique(before)).toBe(true);
      const inOnePage: string[] = [];
      let t = '';
      do {
        const r = (await call(sb, path, { filter: { since, to: until }, limit: 100, cursor: t, sort_dir: dir })).json;
        inOnePage.push(...r.postings.map((p: { posting_number: string }) => p.posting_number));
        t = r.has_next ? r.cursor : '';
      } while (t);
      expect(before).toEqual(inOnePage);
    }
  });

  it('dictionary values: last_value_id + has_next over a dictionary larger than one page (2000)', async () => {
    const tree = (await call(sb, '/v1/description-category/tree', {})).json.result;
    const cat = tree[0].children[0];
    const values: number[] = [];
    let last = 0;
    for (;;) {
      const r = (await call(sb, '/v1/description-category/attribute/values', { attribute_id: 85, description_category_id: cat.description_category_id, type_id: cat.children[0].type_id, limit: 2000, last_value_id: last })).json;
      values.push(...r.result.map((v: { id: number }) => v.id));
      if (!r.has_next) break;
      last = r.result[r.result.length - 1].id;
    }
    expect(values.length).toBeGreaterThan(2000);
    expect(unique(values)).toBe(true);
  });

  it('/v2/review/list last_id and /v1/question/list (≤10 a page per the spec)', async () => {
    await sb.advance(2 * 86_400);
    const reviews = await walk(async (t) => {
      const r = (await call(sb, '/v2/review/list', { limit: 20, last_id: t })).json;
      return { items: r.reviews.map((x: { id: string }) => x.id), next: r.last_id, more: r.has_next };
    });
    expect(reviews.length).toBeGreaterThan(0);
    expect(unique(reviews)).toBe(true);
    const questions = await walk(async (t) => {
      const r = (await call(sb, '/v1/question/list', { limit: 100, last_id: t })).json;
      expect(r.questions.length).toBeLessThanOrEqual(10);
      return { items: r.questions.map((x: { id: string }) => x.id), next: r.last_id, more: r.has_next };
    });
    expect(unique(questions)).toBe(true);
  });
});
