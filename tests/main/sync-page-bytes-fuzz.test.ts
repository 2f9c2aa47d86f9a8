import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMalformedPage, pickNames, RawRow, scanPage } from '../../src/shared/sync/page-bytes';
import { ChangePage } from '../../src/shared/sync/protocol';
import { ChangePageBytes } from '../../src/main/sync/transport';

/**
 * The byte scanner against JSON.parse on generated pages: random members,
 * whitespace, escapes (short, \u, surrogate pairs), number spellings,
 * repeated names and multibyte text, then random byte edits. Whatever
 * JSON.parse makes of the decoded bytes, scanPage() must agree with: the
 * same envelope and headers, each row's value and pick(), and a throw
 * exactly when JSON.parse throws.
 */
const decode = (b: Uint8Array, s: number, e: number) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8', s, e);
const NAMES = ['name', 'price', 'version', 'deleted', 'items', 'statuses', 'offerId', 'a'];
const PICK = pickNames(NAMES);

type Rng = () => number;
function rngOf(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const one = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const ws = (r: Rng) => (r() < 0.8 ? '' : Array.from({ length: 1 + Math.floor(r() * 3) }, () => one(r, [' ', '\n', '\t', '\r'])).join(''));
const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const hex4 = (r: Rng, u: number) => {
  const h = u.toString(16).padStart(4, '0');
  return '\\u' + (r() < 0.5 ? h : h.toUpperCase());
};

/** a JSON string for `s`, escaping what must be and, at rate `rate`, anything else; `escaped` tells whether it holds a '\' */
function str(s: string, r: Rng, rate: number): { text: string; escaped: boolean } {
  let text = '"';
  let escaped = false;
  for (const ch of s) {
    const must = ch.charCodeAt(0) < 0x20 || ch === '"' || ch === '\\';
    if (!must && r() >= rate) {
      text += ch;
      continue;
    }
    escaped = true;
    if (SHORT[ch] !== undefined && r() < 0.6) text += SHORT[ch];
    else for (let k = 0; k < ch.length; k++) text += hex4(r, ch.charCodeAt(k));
  }
  return { text: text + '"', escaped };
}

function num(n: number, r: Rng): string {
  const base = JSON.stringify(n);
  if (!Number.isInteger(n) || Math.abs(n) > 1e15) return base;
  return one(r, [base, base, `${base}.0`, `${base}e0`, `${base}E+00`, n === 0 ? '-0' : `${base}0e-1`]);
}

/** JSON text for `v`; object members are sometimes repeated (JSON.parse keeps the last) */
function ser(v: unknown, r: Rng): string {
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return num(v, r);
  if (typeof v === 'string') return str(v, r, 0.1).text;
  const w = () => ws(r);
  if (Array.isArray(v)) return `[${w()}${v.map((x) => ser(x, r)).join(`${w()},${w()}`)}${w()}]`;
  return `{${w()}${members(v as Record<string, unknown>, r).join(`${w()},${w()}`)}${w()}}`;
}

function members(o: Record<string, unknown>, r: Rng, onKey?: (escaped: boolean) => void): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (r() < 0.1) out.push(member(k, r() < 0.5 ? 'first' : { x: [1, 'б'] }, r, onKey));
    out.push(member(k, v, r, onKey));
  }
  return out;
}

function member(k: string, v: unknown, r: Rng, onKey?: (escaped: boolean) => void): string {
  const key = str(k, r, onKey ? 0.05 : 0.1);
  onKey?.(key.escaped);
  return `${key.text}${ws(r)}:${ws(r)}${ser(v, r)}`;
}

const text = fc.string({ unit: fc.constantFrom('a', 'б', '😀', '"', '\\', '/', '\n', '\u0001', '\u001f', ' ', 'é', '\u2028', 'z') });
const leaf = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(999999999999999, -0, 1e300, ...['9007199254740993', '96554743992963241', '12345678901234567890'].map(Number)), text);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.oneof(fc.constantFrom(...NAMES), text), tie('v'), { maxKeys: 4 })),
})).v;
const rowValue = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...NAMES), text), value, { maxKeys: 8 }) },
  { weight: 1, arbitrary: value },
);
const page = fc.record({
  rows: fc.array(rowValue, { maxLength: 5 }),
  seed: fc.integer(),
  odd: fc.boolean(),
});

/** A page's JSON text; `unusual` when an envelope or header name was written with an escape (scanPage then gives null). */
function pageText(rows: unknown[], seed: number, odd: boolean): { text: string; unusual: boolean; rowEscapes: boolean[] } {
  const r = rngOf(seed);
  let unusual = false;
  const rowEscapes: boolean[] = [];
  const name = (k: string) => {
    const s = str(k, r, odd ? 0.05 : 0);
    if (s.escaped) unusual = true;
    return s.text + ws(r) + ':' + ws(r);
  };
  const changes = rows.map((row, i) => {
    let escapes = false;
    const rowText = row && typeof row === 'object' && !Array.isArray(row) ? `{${ws(r)}${members(row as Record<string, unknown>, r, (e) => (escapes ||= e)).join(`${ws(r)},${ws(r)}`)}${ws(r)}}` : ser(row, r);
    rowEscapes.push(escapes);
    const head = [
      name('seq') + num(i + 1, r),
      name('entity') + str(one(r, ['product', 'posting']), r, 0.2).text,
      name('storeId') + (r() < 0.2 ? 'null' : str('01M8H2JJ', r, 0.1).text),
      name('key') + str(`k${i}б`, r, 0.2).text,
      name('op') + str('upsert', r, 0).text,
      ...(r() < 0.2 ? [name('extra') + ser({ n: [1, 'x'] }, r)] : []),
    ];
    const at = Math.floor(r() * (head.length + 1));
    head.splice(at, 0, name('row') + rowText);
    // a repeated "row" before it: JSON.parse keeps the last
    if (r() < 0.15) head.splice(Math.floor(r() * (at + 1)), 0, name('row') + '{"stale":true,"name":"old"}');
    return `{${ws(r)}${head.join(`${ws(r)},${ws(r)}`)}${ws(r)}}`;
  });
  const top = [name('changes') + `[${ws(r)}${changes.join(`${ws(r)},${ws(r)}`)}${ws(r)}]`, name('cursor') + num(rows.length, r), name('head') + num(9, r), name('hasMore') + String(odd)];
  if (r() < 0.3) top.reverse();
  return { text: ws(r) + `{${ws(r)}${top.join(`${ws(r)},${ws(r)}`)}${ws(r)}}` + ws(r), unusual, rowEscapes };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const expectedPick = (row: unknown) => (isObject(row) ? Object.fromEntries(NAMES.filter((n) => Object.hasOwn(row, n)).map((n) => [n, row[n]])) : null);

/** scanPage's answer checked against JSON.parse of the same bytes; `rowEscapes[i]` when known, else inferred loosely */
function agree(bytes: Buffer, got: Record<string, unknown>, ref: { changes: Record<string, unknown>[] }, rowEscapes?: boolean[]) {
  expect(Object.keys(got)).toEqual(Object.keys(ref));
  expect({ ...got, changes: null }).toEqual({ ...ref, changes: null });
  const changes = got.changes as Record<string, unknown>[];
  expect(changes).toHaveLength(ref.changes.length);
  changes.forEach((c, i) => {
    const want = ref.changes[i]!;
    expect(Object.keys(c)).toEqual(Object.keys(want));
    expect({ ...c, row: null }).toEqual({ ...want, row: null });
    if (!Object.hasOwn(want, 'row')) return expect(c.row).toBeUndefined();
    const raw = c.row as RawRow;
    expect(raw).toBeInstanceOf(RawRow);
    expect(raw.value()).toEqual(want.row);
    expect(JSON.parse(raw.text())).toEqual(want.row);
    expect(Buffer.from(raw.view()).equals(bytes.subarray(raw.start, raw.end))).toBe(true);
    const picked = raw.pick(PICK);
    if (rowEscapes) expect(picked).toEqual(rowEscapes[i] ? null : expectedPick(want.row));
    else if (picked) expect(picked).toEqual(expectedPick(want.row));
    else expect(!isObject(want.row) || raw.text().includes('\\')).toBe(true);
  });
}

const EDIT_BYTES = Array.from('"\\{}[],:-+.0123456789eEtrufalsn \n\t\u0001\u001f\u007fxб😀');

/** scanPage throws exactly when JSON.parse of the decoded bytes throws, agrees with it otherwise, and so does the transport */
function sameVerdict(b: Buffer) {
  let ref: { changes: Record<string, unknown>[] } | undefined;
  try {
    ref = JSON.parse(b.toString('utf8')) as typeof ref;
  } catch {
    ref = undefined;
  }
  let got: Record<string, unknown> | null = null;
  let threw = false;
  try {
    got = scanPage(b, decode);
  } catch (e) {
    expect(isMalformedPage(e), String(e)).toBe(true);
    threw = true;
  }
  expect(threw, b.toString('utf8')).toBe(ref === undefined);
  if (got && ref) agree(b, got, ref);
  expect(ChangePageBytes.safeParse(b).success).toBe(ref !== undefined && ChangePage.safeParse(ref).success);
}

describe('pull page from bytes: generated pages against JSON.parse', () => {
  it('reads every generated page as JSON.parse does: envelope, headers, rows, pick()', () => {
    fc.assert(
      fc.property(page, ({ rows, seed, odd }) => {
        const { text, unusual, rowEscapes } = pageText(rows, seed, odd);
        const bytes = Buffer.from(text, 'utf8');
        const ref = JSON.parse(bytes.toString('utf8')) as { changes: Record<string, unknown>[] };
        const got = scanPage(bytes, decode);
        if (unusual) expect(got).toBeNull();
        else agree(bytes, got!, ref, rowEscapes);
        // the transport: isUtf8 + scan + ChangePage, the same verdict as ChangePage on JSON.parse
        expect(ChangePageBytes.safeParse(bytes).success).toBe(ChangePage.safeParse(ref).success);
      }),
      { numRuns: 400 },
    );
  });

  it('throws exactly when JSON.parse throws, after every single-byte edit of a small page', () => {
    const text = '{"changes":[{"seq":1,"row":{"a":[1,{"b":"x\\"y"}],"name":"б😀","n":-0.5e+1,"t":true,"f":false,"z":null},"key":"k"}],"cursor":0}';
    const base = Buffer.from(text, 'utf8');
    for (let at = 0; at <= base.length; at++)
      for (const op of ['insert', 'replace', 'delete'] as const)
        for (const w of op === 'delete' ? [''] : EDIT_BYTES) {
          const b = Buffer.concat([base.subarray(0, at), Buffer.from(w, 'utf8'), base.subarray(op === 'insert' ? at : at + 1)]);
          if (isUtf8(b)) sameVerdict(b);
        }
  });

  it('throws exactly when JSON.parse throws, after random byte edits', () => {
    const edit = fc.record({ at: fc.nat(), op: fc.constantFrom('insert', 'replace', 'delete'), with: fc.constantFrom(...EDIT_BYTES) });
    fc.assert(
      fc.property(page, fc.array(edit, { minLength: 1, maxLength: 3 }), ({ rows, seed }, edits) => {
        const { text } = pageText(rows, seed, false);
        let b = Buffer.from(text, 'utf8');
        for (const e of edits) {
          const at = e.at % (b.length + 1);
          const w = Buffer.from(e.with, 'utf8');
          b = Buffer.concat([b.subarray(0, at), e.op === 'delete' ? Buffer.alloc(0) : w, b.subarray(e.op === 'insert' ? at : at + 1)]);
        }
        // invalid UTF-8 is the transport's to refuse (below); the scanner is given valid UTF-8 only
        if (!isUtf8(b)) {
          expect(ChangePageBytes.safeParse(b).success).toBe(false);
          return;
        }
        sameVerdict(b);
      }),
      { numRuns: 1500 },
    );
  });
});
