/**
 * A pull page read from its UTF-8 bytes without decoding the rows.
 *
 * Decoding a megabyte page of mostly Cyrillic text, parsing every row and
 * stringifying it again for the cache cost the desktop core more than
 * writing the rows. Here the page is scanned once as bytes: the envelope and
 * each change's header are parsed as usual (and validated by ChangePage),
 * while each change's `row` stays a RawRow — a span of the page — from which
 * the cache takes only the fields it projects and stores the row's own text.
 *
 * Invariants:
 * - The WHOLE page is checked against the JSON grammar (strings, escapes,
 *   numbers, literals, nesting) before anything is returned: a malformed row
 *   fails the page like a malformed envelope does.
 * - A RawRow answers exactly as JSON.parse of its text would: pick() takes
 *   the LAST occurrence of a repeated name, and gives up (null, the caller
 *   parses the whole row) when a name is written with escapes.
 * - Anything unusual in the envelope (escaped or repeated names where the
 *   scanner looks, a `changes` that is not an array of objects) makes
 *   scanPage() return null: the caller parses the page the ordinary way.
 */

/** UTF-8 bytes [start, end) of `bytes` as a string (the caller's fast decoder). */
export type Decode = (bytes: Uint8Array, start: number, end: number) => string;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

class Malformed extends Error {
  constructor(at: number) {
    super(`sync page is not valid JSON (byte ${at})`);
  }
}

/** member flags */
const KEY_ESCAPED = 1;
const PLAIN_STRING = 2;

/**
 * One change's row as bytes of the page. `members` [from, to) holds, per
 * top-level member of the row object, [keyStart, keyEnd, valueStart,
 * valueEnd, flags] (key bounds without the quotes; one array per page);
 * null when the row is not an object.
 */
export class RawRow {
  private parsed: { v: unknown } | null = null;
  constructor(
    readonly bytes: Uint8Array,
    readonly start: number,
    readonly end: number,
    private readonly decode: Decode,
    private readonly members: Int32Array | null,
    private readonly from = 0,
    private readonly to = members?.length ?? 0,
  ) {}

  /** the row's JSON text as the server sent it */
  text(): string {
    return this.decode(this.bytes, this.start, this.end);
  }

  /** the row's own bytes (a view into the page) */
  view(): Uint8Array {
    return this.bytes.subarray(this.start, this.end);
  }

  /** JSON.parse of the row */
  value(): unknown {
    if (!this.parsed) this.parsed = { v: JSON.parse(this.text()) as unknown };
    return this.parsed.v;
  }

  /**
   * The named top-level fields of the row object (absent names are left
   * out), decoding only their values; null when the row is not an object or
   * names a member with escapes (then only value() is exact).
   */
  pick(names: PickNames): Record<string, unknown> | null {
    const m = this.members;
    if (!m) return null;
    const out: Record<string, unknown> = {};
    const b = this.bytes;
    for (let i = this.from; i < this.to; i += 5) {
      if (m[i + 4]! & KEY_ESCAPED) return null;
      const ks = m[i]!;
      const len = m[i + 1]! - ks;
      const candidates = names.byLength[len];
      if (!candidates) continue;
      for (const n of candidates) {
        let same = true;
        for (let j = 0; j < len; j++)
          if (b[ks + j] !== n.bytes[j]) {
            same = false;
            break;
          }
        if (!same) continue;
        const vs = m[i + 2]!;
        const ve = m[i + 3]!;
        // a string without escapes is its bytes between the quotes; anything else goes through JSON.parse
        out[n.name] = m[i + 4]! & PLAIN_STRING ? this.decode(b, vs + 1, ve - 1) : JSON.parse(this.decode(b, vs, ve));
        break;
      }
    }
    return out;
  }
}

interface PickName {
  name: string;
  bytes: Uint8Array;
}

/** Field names for RawRow.pick, by byte length. */
export interface PickNames {
  byLength: (PickName[] | undefined)[];
}

/** Field names for RawRow.pick (ASCII names only). */
export function pickNames(names: readonly string[]): PickNames {
  const byLength: (PickName[] | undefined)[] = [];
  for (const n of asciiNames(names)) (byLength[n.bytes.length] ??= []).push(n);
  return { byLength };
}

function asciiNames(names: readonly string[]): PickName[] {
  return names.map((name) => {
    const bytes = new Uint8Array(name.length);
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (c > 0x7e || c === QUOTE || c === BACKSLASH) throw new Error(`pick name must be plain ASCII: ${name}`);
      bytes[i] = c;
    }
    return { name, bytes };
  });
}

const ascii = (s: string) => asciiNames([s])[0]!.bytes;
const CHANGES = ascii('changes');
const ROW = ascii('row');

/** Validating JSON scanner over bytes. */
class Scanner {
  i = 0;
  constructor(readonly b: Uint8Array) {}

  ws(): void {
    const b = this.b;
    let i = this.i;
    for (;;) {
      const c = b[i];
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  expect(c: number): void {
    if (this.b[this.i] !== c) throw new Malformed(this.i);
    this.i++;
  }

  /** At a '"': past the closing quote; true when the string holds escapes. */
  string(): boolean {
    const b = this.b;
    let i = this.i + 1;
    let escaped = false;
    for (;;) {
      const c = b[i];
      if (c === undefined || c < 0x20) throw new Malformed(i);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        const e = b[i + 1];
        if (e === 0x75) {
          for (let k = 2; k < 6; k++) if (!isHex(b[i + k])) throw new Malformed(i + k);
          i += 6;
        } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) i += 2;
        else throw new Malformed(i + 1);
      } else i++;
    }
    this.i = i + 1;
    return escaped;
  }

  /** Any value (whitespace before it already skipped). */
  value(): void {
    const c = this.b[this.i];
    if (c === QUOTE) this.string();
    else if (c === 0x7b) this.object(null);
    else if (c === 0x5b) this.array(null);
    else if (c === 0x74) this.literal(TRUE);
    else if (c === 0x66) this.literal(FALSE);
    else if (c === 0x6e) this.literal(NULL);
    else this.number();
  }

  literal(word: Uint8Array): void {
    for (let k = 0; k < word.length; k++) if (this.b[this.i + k] !== word[k]) throw new Malformed(this.i + k);
    this.i += word.length;
  }

  number(): void {
    const b = this.b;
    let i = this.i;
    if (b[i] === 0x2d) i++;
    if (b[i] === 0x30) i++;
    else if (isDigit(b[i]) && b[i] !== 0x30) while (isDigit(b[i])) i++;
    else throw new Malformed(i);
    if (b[i] === 0x2e) {
      i++;
      if (!isDigit(b[i])) throw new Malformed(i);
      while (isDigit(b[i])) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === 0x2d) i++;
      if (!isDigit(b[i])) throw new Malformed(i);
      while (isDigit(b[i])) i++;
    }
    this.i = i;
  }

  /**
   * At a '{': past the closing '}'. `member` is called with each member's
   * key bounds (without quotes), whether the key has escapes and the
   * value's start (whitespace skipped); it must consume the value and
   * return true, or return false to have it skipped.
   */
  object(member: ((ks: number, ke: number, escaped: boolean) => boolean) | null): void {
    this.i++;
    this.ws();
    if (this.b[this.i] === 0x7d) {
      this.i++;
      return;
    }
    for (;;) {
      if (this.b[this.i] !== QUOTE) throw new Malformed(this.i);
      const ks = this.i + 1;
      const escaped = this.string();
      const ke = this.i - 1;
      this.ws();
      this.expect(0x3a);
      this.ws();
      if (!member || !member(ks, ke, escaped)) this.value();
      if (!this.more(0x7d)) return;
    }
  }

  /** At a '[': past the closing ']'; `element` as for object() members. */
  array(element: ((index: number) => boolean) | null): void {
    this.i++;
    this.ws();
    if (this.b[this.i] === 0x5d) {
      this.i++;
      return;
    }
    for (let n = 0; ; n++) {
      if (!element || !element(n)) this.value();
      if (!this.more(0x5d)) return;
    }
  }

  /** After a member or element: past a ',' (true, another follows) or past `close` (false, the container ended). */
  private more(close: number): boolean {
    this.ws();
    const c = this.b[this.i];
    this.i++;
    if (c === 0x2c) {
      this.ws();
      return true;
    }
    if (c === close) return false;
    throw new Malformed(this.i - 1);
  }

  is(ks: number, ke: number, name: Uint8Array): boolean {
    if (ke - ks !== name.length) return false;
    for (let j = 0; j < name.length; j++) if (this.b[ks + j] !== name[j]) return false;
    return true;
  }
}

const TRUE = ascii('true');
const FALSE = ascii('false');
const NULL = ascii('null');
const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isHex = (c: number | undefined) => c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));

/** Whether the thrown error is the scanner's "not valid JSON". */
export const isMalformedPage = (e: unknown): boolean => e instanceof Malformed;

/**
 * The page as a plain object whose changes carry RawRow rows (the header
 * fields parsed as usual), ready for ChangePage validation; null when the
 * envelope is unusual (the caller parses the decoded page instead). Throws
 * when the bytes are not valid JSON.
 */
export function scanPage(bytes: Uint8Array, decode: Decode): Record<string, unknown> | null {
  const s = new Scanner(bytes);
  // the row spans, in page order, per change index
  const rows = new Map<number, { start: number; end: number; from: number; to: number }>();
  // the members of every row object in the page, five numbers each (RawRow); grown by doubling
  let mem = new Int32Array(1 << 14);
  let top = 0;
  let unusual = false;
  let seenChanges = false;
  s.ws();
  if (bytes[s.i] !== 0x7b) throw new Malformed(s.i);
  s.object((ks, ke, escaped) => {
    if (escaped) unusual = true;
    if (!s.is(ks, ke, CHANGES)) return false;
    if (seenChanges || bytes[s.i] !== 0x5b) {
      unusual = true;
      return false;
    }
    seenChanges = true;
    s.array((index) => {
      if (bytes[s.i] !== 0x7b) {
        unusual = true;
        return false;
      }
      s.object((cks, cke, cEscaped) => {
        if (cEscaped) unusual = true;
        if (!s.is(cks, cke, ROW)) return false;
        const start = s.i;
        const from = top;
        let to = -1;
        if (bytes[start] === 0x7b) {
          s.object((rks, rke, rEscaped) => {
            const vs = s.i;
            const plain = bytes[vs] === QUOTE ? !s.string() : (s.value(), false);
            if (top + 5 > mem.length) {
              const grown = new Int32Array(mem.length * 2);
              grown.set(mem);
              mem = grown;
            }
            mem[top++] = rks;
            mem[top++] = rke;
            mem[top++] = vs;
            mem[top++] = s.i;
            mem[top++] = (rEscaped ? KEY_ESCAPED : 0) | (plain ? PLAIN_STRING : 0);
            return true;
          });
          to = top;
        } else s.value();
        // a repeated "row": JSON.parse keeps the last, so does this
        rows.set(index, { start, end: s.i, from, to });
        return true;
      });
      return true;
    });
    return true;
  });
  s.ws();
  if (s.i !== bytes.length) throw new Malformed(s.i);
  if (unusual || !seenChanges) return null;

  // the envelope without the rows: every row span becomes `null`, parsed as ordinary JSON
  const spans = [...rows.values()].sort((x, y) => x.start - y.start);
  const parts: string[] = [];
  let at = 0;
  for (const r of spans) {
    parts.push(decode(bytes, at, r.start), 'null');
    at = r.end;
  }
  parts.push(decode(bytes, at, bytes.length));
  const page = JSON.parse(parts.join('')) as { changes: Record<string, unknown>[] };
  for (const [index, r] of rows) page.changes[index]!.row = new RawRow(bytes, r.start, r.end, decode, r.to < 0 ? null : mem, r.from, r.to);
  return page;
}
