import { describe, expect, it } from 'vitest';
import { pickNames, RawRow, scanPage } from '../../src/shared/sync/page-bytes';
import { ChangePageBytes } from '../../src/main/sync/transport';

/** The scanner's fast paths at their edges, each against JSON.parse of the same text. */
const decode = (b: Uint8Array, s: number, e: number) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8', s, e);
const scan = (text: string) => scanPage(Buffer.from(text, 'utf8'), decode);
const page = (row: string) => `{"changes":[{"seq":1,"entity":"product","storeId":"s","key":"k","op":"upsert","row":${row}}],"cursor":1,"head":1,"hasMore":false}`;
const rowOf = (text: string) => (scan(text)!.changes as { row: RawRow }[])[0]!.row;
const NAMES = pickNames(['a', 'name', 'n']);

/** the row read by the scanner equals JSON.parse's, whole and picked */
function sameRow(row: string) {
  const want = JSON.parse(row) as Record<string, unknown>;
  const raw = rowOf(page(row));
  expect(raw.value()).toEqual(want);
  expect(raw.pick(NAMES)).toEqual(Object.fromEntries(['a', 'name', 'n'].filter((k) => Object.hasOwn(want, k)).map((k) => [k, want[k]])));
}

describe('pull page from bytes: edge cases', () => {
  it('refuses every raw control byte inside a string, name or row, and accepts them escaped', () => {
    for (let c = 0; c < 0x20; c++) {
      const raw = String.fromCharCode(c);
      expect(() => scan(page(`{"a":"x${raw}y"}`)), `value 0x${c.toString(16)}`).toThrow(/not valid JSON/);
      expect(() => scan(page(`{"x${raw}":1}`)), `name 0x${c.toString(16)}`).toThrow(/not valid JSON/);
      expect(() => scan(`{"cursor":"${raw}",` + page('{}').slice(1)), `envelope 0x${c.toString(16)}`).toThrow(/not valid JSON/);
      sameRow(`{"a":${JSON.stringify(`x${raw}y`)}}`);
    }
    // 0x7f and everything from 0x20 up are string content
    sameRow('{"a":"\u007f \u0020~"}');
  });

  it('reads a backslash right before the closing quote, and escaped quotes at every offset', () => {
    sameRow('{"a":"\\\\"}');
    sameRow('{"a":"x\\\\","n":"\\\\\\\\"}');
    expect(() => scan(page('{"a":"x\\"}'))).toThrow(/not valid JSON/);
    for (let k = 0; k < 24; k++) {
      sameRow(`{"a":"${'я'.repeat(k)}\\"${'z'.repeat(k % 5)}","name":"${'w'.repeat(k)}\\""}`);
      sameRow(`{"name":"${'x'.repeat(k)}\\u0022\\/\\b\\f\\n\\r\\t\\uD83D\\uDE00"}`);
    }
  });

  it('reads multibyte characters next to quotes, in names and values', () => {
    sameRow('{"a":"б","name":"😀","n":"é😀б","б":"a","😀":{"я":"😀"}}');
    sameRow('{"a":"\u2028\u2029","name":"\uFEFFx"}');
  });

  it('accepts nesting as deep as JSON.parse does, rows and envelope alike', () => {
    const depth = 100_000;
    // walked by a loop: vitest's deep equality would overflow the call stack itself
    const deepest = (v: unknown, step: (v: unknown) => unknown) => {
      let d = 0;
      for (let next = step(v); next !== undefined; next = step(next)) [v, d] = [next, d + 1];
      return { d, v };
    };
    const inArray = (v: unknown) => (Array.isArray(v) ? (v[0] as unknown) : undefined);
    const inA = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as { a?: unknown }).a : undefined);
    expect(deepest(rowOf(page('['.repeat(depth) + ']'.repeat(depth))).value(), inArray)).toEqual({ d: depth - 1, v: [] });
    expect(deepest(rowOf(page('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))).value(), inA)).toEqual({ d: depth, v: 1 });
    const mixed = rowOf(page(`{"n":${'[{"a":'.repeat(depth)}null${'}]'.repeat(depth)}}`));
    expect(mixed.text()).toBe(`{"n":${'[{"a":'.repeat(depth)}null${'}]'.repeat(depth)}}`);
    expect(mixed.pick(NAMES)!.n).toBeInstanceOf(Array);
    expect(scan(`{"extra":${'['.repeat(depth)}${']'.repeat(depth)},` + page('{}').slice(1))).not.toBeNull();
    expect(() => scan(page('['.repeat(depth) + ']'.repeat(depth - 1)))).toThrow(/not valid JSON/);
    expect(() => scan(page('['.repeat(depth) + '}' + ']'.repeat(depth - 1)))).toThrow(/not valid JSON/);
  });

  it('reads numbers as JSON.parse does: huge, tiny, long, negative zero', () => {
    for (const n of ['1e400', '-1e400', '1e-400', '123456789012345678901234567890', '96554743992963241', '9007199254740993', '999999999999999', '-999999999999999', '-0', '0', '-0.0', '0e0', '1E+2', '2.5e-3', '100000000000000000000000']) {
      sameRow(`{"a":${n},"name":[${n}],"n":{"x":${n}}}`);
      expect(Object.is(rowOf(page(`{"a":${n}}`)).pick(NAMES)!.a, JSON.parse(n))).toBe(true);
    }
    for (const bad of ['01', '-', '1.', '.5', '1e', '1e+', '+1', '--1', '0x1', 'Infinity', 'NaN', '1.e3']) expect(() => scan(page(`{"a":${bad}}`)), bad).toThrow(/not valid JSON/);
  });

  it('reads literals only when whole', () => {
    sameRow('{"a":true,"name":false,"n":null}');
    for (const bad of ['tru', 'ture', 'nul', 'nulll', 'fals', 'flase', 'True', 'NULL']) expect(() => scan(page(`{"a":${bad}}`)), bad).toThrow(/not valid JSON/);
  });

  it('takes the last of repeated names, in rows and headers, keeping the first position as JSON.parse does', () => {
    sameRow('{"a":1,"name":"x","a":{"b":2},"n":3,"name":"y"}');
    const text = '{"changes":[{"key":"a","seq":1,"key":"b","row":{}}],"cursor":1,"cursor":2}';
    const got = scan(text)!;
    const want = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(got)).toEqual(Object.keys(want));
    expect(got.cursor).toBe(2);
    const change = (got.changes as Record<string, unknown>[])[0]!;
    expect(Object.keys(change)).toEqual(['key', 'seq', 'row']);
    expect(change.key).toBe('b');
  });

  it('leaves "__proto__" members and pages that are not objects to an ordinary parse', () => {
    expect(scan('{"changes":[{"__proto__":{"seq":1},"row":{}}]}')).toBeNull();
    expect(scan('{"__proto__":{"cursor":1},"changes":[]}')).toBeNull();
    expect(scan('[{"changes":[]}]')).toBeNull();
    expect(scan(' "text" ')).toBeNull();
    expect(() => scan('[1,]')).toThrow(/not valid JSON/);
    // in a row, "__proto__" is an ordinary member for value(); pick() cannot be asked for it
    expect(rowOf(page('{"__proto__":{"x":1},"a":2}')).pick(NAMES)).toEqual({ a: 2 });
    expect(() => pickNames(['__proto__'])).toThrow();
  });

  it('reads header strings as JSON.parse does when consecutive changes repeat, escape or nearly repeat them', () => {
    const changes = ['s1', 's1', 's2', 's1\\u0031', 's11', 's1', 'б', 'б', 'в'].map((s, i) => `{"seq":${i + 1},"entity":"product","storeId":"${s}","key":"${s}","op":"upsert","row":{}}`);
    const text = `{"changes":[${changes.join(',')}],"cursor":9,"head":9,"hasMore":false}`;
    const got = (scan(text)!.changes as Record<string, unknown>[]).map((c) => ({ ...c, row: null }));
    expect(got).toEqual((JSON.parse(text) as { changes: Record<string, unknown>[] }).changes.map((c) => ({ ...c, row: null })));
  });

  it('keeps every row right on a page with more members than the reused scratch holds, and on the pages after it', () => {
    const row = (i: number) => `{${Array.from({ length: 1000 }, (_, k) => `"m${k}":${k}`).join(',')},"name":"r${i}","n":${i}}`;
    const rows = Array.from({ length: 1100 }, (_, i) => row(i));
    const big = scan(`{"changes":[${rows.map((r, i) => `{"seq":${i + 1},"row":${r}}`).join(',')}]}`)!;
    const got = (big.changes as { row: RawRow }[]).map((c) => c.row);
    for (const i of [0, 1, 65, 550, 1099]) {
      expect(got[i]!.pick(NAMES)).toEqual({ name: `r${i}`, n: i });
      expect(got[i]!.text()).toBe(rows[i]);
    }
    const first = rowOf(page('{"name":"small","a":1}'));
    expect(rowOf(page('{"x":[1,2,3],"y":"z","n":"other"}')).pick(NAMES)).toEqual({ n: 'other' });
    // rows keep their members while later pages are scanned
    expect(first.pick(NAMES)).toEqual({ name: 'small', a: 1 });
    expect(got[1099]!.pick(NAMES)).toEqual({ name: 'r1099', n: 1099 });
  });

  it('the transport reads a plain Uint8Array and a Buffer at an offset alike', () => {
    const text = page('{"name":"Кружка","n":1.5,"a":[1]}');
    const pooled = Buffer.concat([Buffer.from('xxxx'), Buffer.from(text)]).subarray(4);
    for (const bytes of [new Uint8Array(Buffer.from(text)), pooled]) {
      const row = ChangePageBytes.parse(bytes).changes[0]!.row as RawRow;
      expect(row.pick(NAMES)).toEqual({ name: 'Кружка', n: 1.5, a: [1] });
      expect(row.text()).toBe('{"name":"Кружка","n":1.5,"a":[1]}');
    }
  });

  it('the transport refuses invalid UTF-8 anywhere: truncated, overlong, surrogate, stray continuation', () => {
    const [before, after] = page('{"a":"x|"}').split('|') as [string, string];
    expect(ChangePageBytes.safeParse(Buffer.from(before + after)).success).toBe(true);
    for (const bad of [[0xd0], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xff]]) {
      expect(ChangePageBytes.safeParse(Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)])).success, bad.join(' ')).toBe(false);
      expect(ChangePageBytes.safeParse(Buffer.concat([Buffer.from(before + after), Buffer.from(bad)])).success, `${bad.join(' ')} at the end`).toBe(false);
    }
  });
});
