/**
 * Pull pages as bytes (src/server/sync/pull.ts), on SQLite and PostgreSQL:
 * stored documents are sent as their UTF-8 bytes with the sync fields spliced
 * in — empty objects, JSON whitespace around the closing brace, Cyrillic,
 * Chinese and 4-byte characters, composite keys, deleted rows — and the page
 * size bound counts the page's own bytes exactly: a page of k changes is cut
 * at the first byte past it, never skipping a seq.
 */
import { isUtf8 } from 'node:buffer';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PULL_MAX_BYTES } from '../../src/main/sync/transport';
import { TABLES } from '../../src/server/store-data/tables';
import { applyRows } from '../../src/server/store-data/upsert';
import { feedHead, PAGE_BYTES_MAX, readChangesPage } from '../../src/server/sync/pull';
import { DB_KINDS, type Harness } from './support/harness';
import { startSyncServer } from './support/actions-fixture';
import { productDoc, WAREHOUSE } from './sync-support';

interface Page {
  changes: { seq: number; entity: string; storeId: string | null; key: string; op: string; row: Record<string, unknown> | null }[];
  cursor: number;
  head: number;
  hasMore: boolean;
}

/** [start, end) of each element of the page's `changes` array, found by scanning the JSON (strings and nesting respected). */
function changeSpans(page: Buffer): [number, number][] {
  const open = Buffer.byteLength('{"changes":[');
  expect(page.subarray(0, open).toString()).toBe('{"changes":[');
  const spans: [number, number][] = [];
  if (page[open] === 0x5d) return spans;
  let depth = 0;
  let inString = false;
  let start = open;
  for (let i = open; i < page.length; i++) {
    const c = page[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (depth === 0) {
        spans.push([start, i]);
        return spans;
      }
      depth--;
    } else if (c === 0x2c && depth === 0) {
      spans.push([start, i]);
      start = i + 1;
    }
  }
  throw new Error('unterminated changes array');
}

const CHINESE = '中文商品描述，质量很好。'.repeat(40);
const EMOJI = '📦🚚𠜎😀'.repeat(60); // 4 UTF-8 bytes, 2 UTF-16 units each
const CYRILLIC = 'Описание товара с доставкой. '.repeat(20);

describe.each(DB_KINDS)('pull pages as bytes (%s)', (kind) => {
  let h: Harness;
  let ws: string;
  let store: string;
  let before: number;
  /** stored `data` by product key, as the test wrote it */
  const stored = new Map<string, string>();

  beforeAll(async () => {
    ({ h, ws, store } = await startSyncServer(kind, 3));
    before = await feedHead(h.built.db, ws);
    const scope = { workspaceId: ws, storeId: store };
    const docs: [string, Record<string, unknown>][] = [
      ['p-zh', productDoc('p-zh', 1, { name: '保温杯', description: CHINESE })],
      ['p-emoji', productDoc('p-emoji', 2, { name: 'Коробка 📦', description: EMOJI })],
      ['p-ru', productDoc('p-ru', 3, { name: 'Кружка', description: CYRILLIC })],
      ['p-empty', productDoc('p-empty', 4)],
      ['p-spaced-empty', productDoc('p-spaced-empty', 5)],
      ['p-trailing', productDoc('p-trailing', 6)],
      ['p-gone', productDoc('p-gone', 7)],
      ['p-mixed', productDoc('p-mixed', 8, { name: 'Ёлка 圣诞树 🎄', description: `${CYRILLIC}${CHINESE}${EMOJI}` })],
    ];
    for (const [key, doc] of docs) {
      await h.built.db.transaction().execute((trx) => applyRows(trx, TABLES.product, scope, [{ key: [key], data: doc, extra: { offer_id: `OFFER-${key}`, sku: key } }]));
    }
    await h.built.db.transaction().execute((trx) =>
      applyRows(trx, TABLES.stock, scope, [{ key: ['p-zh', WAREHOUSE], data: { productId: 'p-zh', warehouseId: WAREHOUSE, offerId: 'OFFER-p-zh', sku: 'p-zh', present: 5, reserved: 0 } }]),
    );
    // documents canonicalJson never writes, as a row could hold them: the page must still be exact JSON
    const raw: [table: string, column: string, key: string, data: string][] = [
      ['products', 'product_id', 'p-empty', '{}'],
      ['products', 'product_id', 'p-spaced-empty', '{ \n\t }  \n'],
      ['products', 'product_id', 'p-trailing', '{"name":"Хвост 尾巴 🐉","price":"1.00" }\r\n\t '],
    ];
    for (const [table, column, key, data] of raw) {
      await sql`update ${sql.table(table)} set data = ${data} where store_id = ${store} and ${sql.ref(column)} = ${key}`.execute(h.built.db);
    }
    await sql`update stocks set data = ${'{"present":5,"productId":"p-zh","warehouseId":"' + WAREHOUSE + '","note":"库存 🧊"}\n'} where store_id = ${store} and product_id = 'p-zh'`.execute(h.built.db);
    await sql`update products set deleted = 1 where store_id = ${store} and product_id = 'p-gone'`.execute(h.built.db);
    const rows = (await sql<{ k: string; data: string }>`select product_id as k, data from products where store_id = ${store}`.execute(h.built.db)).rows;
    for (const r of rows) stored.set(r.k, r.data);
  }, 120_000);
  afterAll(async () => h?.close());

  const read = async (after: number, maxBytes?: number) => {
    const p = await readChangesPage(h.built.db, { workspaceId: ws, after, limit: 1000, keyWarningDays: 14, dbKind: h.built.ctx.dbKind, ...(maxBytes === undefined ? {} : { maxBytes }) });
    // what the route announces in its headers is what the bytes say
    const { cursor, hasMore } = JSON.parse(p.bytes.toString('utf8')) as Page;
    expect({ cursor: p.cursor, hasMore: p.hasMore }).toEqual({ cursor, hasMore });
    return p.bytes;
  };

  it('sends each stored document as its bytes with the sync fields, exactly as the object spread would', async () => {
    const bytes = await read(before);
    expect(isUtf8(bytes)).toBe(true);
    const page = JSON.parse(bytes.toString('utf8')) as Page;
    expect(page).toMatchObject({ cursor: page.head, hasMore: false });
    const byKey = new Map(page.changes.map((c) => [`${c.entity}|${c.key}`, c]));
    expect(byKey.size).toBe(page.changes.length);
    const versions = (await sql<{ k: string; version: number | string; updated_at: string }>`select product_id as k, version, updated_at from products where store_id = ${store}`.execute(h.built.db)).rows;
    for (const key of ['p-zh', 'p-emoji', 'p-ru', 'p-empty', 'p-spaced-empty', 'p-trailing', 'p-mixed']) {
      const v = versions.find((r) => r.k === key)!;
      const expected = { ...(JSON.parse(stored.get(key)!) as object), storeId: store, version: Number(v.version), updatedAt: v.updated_at, deleted: false, ozonSync: null };
      expect(byKey.get(`product|${key}`), key).toMatchObject({ op: 'upsert', storeId: store });
      expect(byKey.get(`product|${key}`)!.row, key).toEqual(expected);
    }
    // the document's own bytes, up to its closing brace, are in the page untouched
    for (const key of ['p-zh', 'p-emoji', 'p-mixed', 'p-trailing']) {
      const doc = stored.get(key)!.trimEnd();
      expect(bytes.includes(Buffer.from(doc.slice(0, -1), 'utf8')), key).toBe(true);
    }
    // empty objects take the sync fields without a comma; whitespace after the closing brace is gone
    expect(bytes.includes(Buffer.from(`"row":{"storeId":${JSON.stringify(store)},"version":`))).toBe(true);
    expect(bytes.includes(Buffer.from('"price":"1.00" ,"storeId":'))).toBe(true);
    // composite key (stock: product and warehouse), with trailing whitespace after the document
    expect(byKey.get(`stock|p-zh:${WAREHOUSE}`)).toMatchObject({ op: 'upsert', row: { present: 5, note: '库存 🧊', storeId: store, deleted: false, ozonSync: null } });
    // a deleted row: covered, sent as a delete
    expect(byKey.get('product|p-gone')).toMatchObject({ op: 'delete', row: null });
  });

  it('counts the page in bytes: a page of k changes fits in exactly its size, one byte less cuts before the k-th', async () => {
    const full = await read(before);
    const spans = changeSpans(full);
    const all = (JSON.parse(full.toString('utf8')) as Page).changes;
    expect(spans).toHaveLength(all.length);
    expect(all.length).toBeGreaterThanOrEqual(8);
    // the bytes differ from the UTF-16 length for these rows: a bound counted in characters would cut elsewhere
    expect(spans.some(([s, e]) => full.toString('utf8', s, e).length !== e - s)).toBe(true);
    const head = (JSON.parse(full.toString('utf8')) as Page).head;
    const open = Buffer.byteLength('{"changes":[');
    const envelope = open + Buffer.byteLength(`],"cursor":${head},"head":${head},"hasMore":false}`);
    const sizeOf = (k: number) => envelope + spans.slice(0, k).reduce((n, [s, e]) => n + e - s, 0) + (k - 1);
    expect(full.length).toBe(sizeOf(all.length));

    for (let k = 1; k <= all.length; k++) {
      const fits = await read(before, sizeOf(k));
      const page = JSON.parse(fits.toString('utf8')) as Page;
      expect(fits.length).toBeLessThanOrEqual(sizeOf(k));
      expect(page.changes.map((c) => c.seq), `k=${k}`).toEqual(all.slice(0, k).map((c) => c.seq));
      // the changes are the same bytes as in the uncut page
      changeSpans(fits).forEach(([s, e], i) => expect(fits.subarray(s, e).equals(full.subarray(spans[i]![0], spans[i]![1]))).toBe(true));
      expect(page.cursor).toBe(k < all.length ? all[k]!.seq - 1 : head);
      expect(page.hasMore).toBe(k < all.length);
      if (k >= 2) {
        const cut = JSON.parse((await read(before, sizeOf(k) - 1)).toString('utf8')) as Page;
        expect(cut.changes.map((c) => c.seq), `k=${k} minus one byte`).toEqual(all.slice(0, k - 1).map((c) => c.seq));
        expect(cut.cursor).toBe(all[k - 1]!.seq - 1);
      }
    }
    // a bound below the first change still sends it (a page always carries one)
    const one = JSON.parse((await read(before, 1)).toString('utf8')) as Page;
    expect(one.changes.map((c) => c.seq)).toEqual([all[0]!.seq]);
    expect(one.cursor).toBe(all[1]!.seq - 1);
  });

  it('pages cut by size cover every change once, cursors contiguous', async () => {
    const all = (JSON.parse((await read(before)).toString('utf8')) as Page).changes;
    const seen: number[] = [];
    let after = before;
    let pages = 0;
    for (;;) {
      const page = JSON.parse((await read(after, 3000)).toString('utf8')) as Page;
      pages++;
      for (const c of page.changes) {
        expect(c.seq).toBeGreaterThan(after);
        expect(c.seq).toBeLessThanOrEqual(page.cursor);
        seen.push(c.seq);
      }
      after = page.cursor;
      if (!page.hasMore) break;
    }
    expect(pages).toBeGreaterThan(2);
    expect(seen).toEqual(all.map((c) => c.seq));
  });

  it('keeps the default bound well under what the desktop client takes', () => {
    expect(PAGE_BYTES_MAX).toBeLessThanOrEqual(PULL_MAX_BYTES / 2);
  });
});
