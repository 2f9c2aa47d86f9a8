import { describe, expect, it } from 'vitest';
import { pickNames, RawRow, scanPage } from '../../src/shared/sync/page-bytes';
import { ChangePageBytes } from '../../src/main/sync/transport';
import type { Change } from '../../src/shared/sync/protocol';
import { tempCaches } from './cache-fixture';
import { change, posting, product, resetSeq } from './sync-fixtures';

const decode = (b: Uint8Array, s: number, e: number) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8', s, e);
const scan = (text: string) => scanPage(Buffer.from(text, 'utf8'), decode);
const rowOf = (page: Record<string, unknown> | null, i = 0) => (page!.changes as { row: unknown }[])[i]!.row as RawRow;
const { open } = tempCaches('page-bytes');

describe('pull page from bytes', () => {
  it('reads the envelope and headers as JSON.parse does, and each row exactly as JSON.parse of its text', () => {
    const rows = [
      { a: 1, name: 'Кружка "большая"\\ 😀', nested: { x: [1, 2, { y: null }] }, n: -1.5e-3, t: true, f: false, z: null, e: '' },
      { name: 'first', name2: 'x', ['na' + 'me']: 'last' },
      [1, 2],
      'text',
      7,
      null,
    ];
    const text = ` { "changes" : [ ${rows.map((r, i) => `{"seq":${i + 1},"entity":"product","storeId":"s","key":"k${i}","op":"upsert","row": ${JSON.stringify(r, null, i % 2 ? 2 : 0)} }`).join(' , ')} ],"cursor":6,"head":9,"hasMore":true} `;
    const page = scan(text)!;
    const ref = JSON.parse(text) as { changes: Change[] };
    expect({ ...page, changes: null }).toEqual({ ...ref, changes: null });
    (page.changes as Change[]).forEach((c, i) => {
      expect({ ...c, row: null }).toEqual({ ...ref.changes[i], row: null });
      expect(c.row).toBeInstanceOf(RawRow);
      expect((c.row as RawRow).value()).toEqual(ref.changes[i]!.row);
      expect(JSON.parse((c.row as RawRow).text())).toEqual(ref.changes[i]!.row);
    });
  });

  it('picks fields like JSON.parse: the last of repeated names, escapes decoded; gives up on escaped names and non-objects', () => {
    const names = pickNames(['name', 'price', 'missing', 'items']);
    const r = rowOf(scan('{"changes":[{"row":{"name":"a","price":"1.00","name":"b\\u0431\\n","items":[{"q":1}],"other":{"name":"no"}}}]}'));
    expect(r.pick(names)).toEqual({ name: 'bб\n', price: '1.00', items: [{ q: 1 }] });
    expect(rowOf(scan('{"changes":[{"row":{"n\\u0061me":"x"}}]}')).pick(names)).toBeNull();
    expect(rowOf(scan('{"changes":[{"row":[1]}]}')).pick(names)).toBeNull();
    expect(() => pickNames(['naïve'])).toThrow();
  });

  it('a repeated "row" keeps the last, as JSON.parse does', () => {
    const page = scan('{"changes":[{"row":{"a":1},"seq":1,"row":{"a":2}}]}')!;
    expect(rowOf(page).value()).toEqual({ a: 2 });
    expect((page.changes as Change[])[0]!.seq).toBe(1);
  });

  it('rejects bytes that are not JSON anywhere in the page, rows included', () => {
    const bad = [
      '{"changes":[{"row":{"a":tru}}]}',
      '{"changes":[{"row":{"a":"x\u0001"}}]}',
      '{"changes":[{"row":{"a":01}}]}',
      '{"changes":[{"row":{"a":1.}}]}',
      '{"changes":[{"row":{"a":"\\q"}}]}',
      '{"changes":[{"row":{"a":"\\u12g4"}}]}',
      '{"changes":[{"row":{"a":1,}}]}',
      '{"changes":[{"row":{"a":1}}]}x',
      '{"changes":[{"row":{"a":1}]}',
      '{"changes":[{"row":{"a":"open}}]}',
      '',
    ];
    for (const t of bad) expect(() => scan(t), t).toThrow(/not valid JSON/);
  });

  it('leaves unusual envelopes to an ordinary parse (null)', () => {
    expect(scan('{"changes":[{"r\\u006fw":1,"row":{"a":1}}]}')).toBeNull();
    expect(scan('{"changes":[],"changes":[]}')).toBeNull();
    expect(scan('{"changes":[1]}')).toBeNull();
    expect(scan('{"changes":{}}')).toBeNull();
    expect(scan('{"cursor":1}')).toBeNull();
  });

  it('the transport schema validates the envelope strictly and fails invalid bytes', () => {
    const ok = Buffer.from('{"changes":[{"seq":1,"entity":"product","storeId":"s","key":"k","op":"upsert","row":{"a":1}}],"cursor":1,"head":1,"hasMore":false}');
    const parsed = ChangePageBytes.safeParse(ok);
    expect(parsed.success).toBe(true);
    expect((parsed.data!.changes[0]!.row as RawRow).value()).toEqual({ a: 1 });
    expect(ChangePageBytes.safeParse(Buffer.from('{"changes":[{"seq":0,"entity":"product","storeId":"s","key":"k","op":"upsert","row":{}}],"cursor":1,"head":1,"hasMore":false}')).success).toBe(false);
    expect(ChangePageBytes.safeParse(Buffer.from('{"changes":[],"cursor":1,"head":1}')).success).toBe(false);
    expect(ChangePageBytes.safeParse(Buffer.from('{"changes":[{"seq":1,"entity":"product","storeId":"s","key":"k","op":"upsert","row":{"a":nul}}],"cursor":1,"head":1,"hasMore":false}')).success).toBe(false);
    // rows are kept as the bytes that came: a page that is not UTF-8 is refused, not stored or repaired
    const bad = Buffer.concat([Buffer.from('{"changes":[{"seq":1,"entity":"product","storeId":"s","key":"k","op":"upsert","row":{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}],"cursor":1,"head":1,"hasMore":false}')]);
    expect(ChangePageBytes.safeParse(bad).success).toBe(false);
    // an unusual envelope still goes through the ordinary parse
    expect(ChangePageBytes.safeParse(Buffer.from('{"changes":[],"cursor":1,"head":1,"hasMore":false,"hasMore":false}')).success).toBe(true);
  });

  it('a page applied from bytes leaves the cache exactly as the same page applied from objects', () => {
    resetSeq();
    const changes: Change[] = [];
    for (let i = 0; i < 30; i++) {
      const extra = i % 5 === 0 ? { name: `Имя \\ "${i}"\n`, price: i % 2 ? 12.5 : '99.90', visible: i % 3 === 0, barcodes: ['460', 7] } : {};
      changes.push(change('product', String(100000 + i), product(i, extra)));
      changes.push(change('posting', `${10000000 + i}-0001-1`, posting(i)));
    }
    changes.push(change('product', String(100000 + 3), product(3, { deleted: true, version: 5 })));
    const text = JSON.stringify({ changes, cursor: changes.length, head: changes.length, hasMore: false });
    const fromBytes = ChangePageBytes.parse(Buffer.from(text));
    expect(fromBytes.changes.every((c) => c.row instanceof RawRow)).toBe(true);
    const a = open();
    const b = open();
    for (const bulk of [true, false]) {
      a.applyPage(JSON.parse(text).changes as Change[], changes.length, '2026-01-01T00:00:00Z', { bulk });
      b.applyPage(fromBytes.changes, changes.length, '2026-01-01T00:00:00Z', { bulk });
      a.finishPull();
      b.finishPull();
      for (const table of ['products', 'postings', 'posting_items', 'products_fts', 'postings_fts']) {
        const all = (c: typeof a) =>
          (c.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[]).map((r) =>
            typeof r.server_json === 'string' ? { ...r, server_json: JSON.parse(r.server_json) as unknown } : r,
          );
        expect(all(b), table).toEqual(all(a));
      }
    }
    expect(b.db.prepare('SELECT COUNT(*) FROM products').pluck().get()).toBe(29);
    expect(b.db.prepare("SELECT typeof(server_json) FROM products LIMIT 1").pluck().get()).toBe('text');
  });
});
