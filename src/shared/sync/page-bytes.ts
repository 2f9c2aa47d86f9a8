/**
 * A pull page read from its UTF-8 bytes without decoding the rows.
 *
 * Decoding a megabyte page of mostly Cyrillic text, parsing every row and
 * stringifying it again for the cache cost the desktop core more than
 * writing the rows. Here the page is scanned once as bytes (json-bytes.ts):
 * the envelope and each change's header are read into plain objects as
 * JSON.parse would build them (and validated by ChangePage), while each
 * change's `row` stays a RawRow — a span of the page — from which the cache
 * takes only the fields it projects and stores the row's own text.
 *
 * Invariants:
 * - The WHOLE page is checked against the JSON grammar (strings, escapes,
 *   control characters, numbers, literals, nesting) before anything is
 *   returned: a malformed row fails the page like a malformed envelope does.
 * - The envelope and headers are what JSON.parse of the page gives (rows
 *   aside): same members in the same order, the last of a repeated name.
 * - A RawRow answers exactly as JSON.parse of its text would: pick() takes
 *   the LAST occurrence of a repeated name, and gives up (null, the caller
 *   parses the whole row) when a name is written with escapes.
 * - Anything unusual in the envelope (escaped names, a "__proto__" member, a
 *   repeated or non-array `changes`, a change that is not an object, a page
 *   that is not an object) makes scanPage() return null: the caller parses
 *   the page the ordinary way.
 */
import { BACKSLASH, type Decode, LBRACE, LBRACKET, Malformed, QUOTE, RBRACE, RBRACKET, readValue, Scanner, skipWs } from './json-bytes';

export type { Decode } from './json-bytes';

/** Whether the thrown error is the scanner's "not valid JSON". */
export const isMalformedPage = (e: unknown): boolean => e instanceof Malformed;

/**
 * One change's row as bytes of the page. `members` [from, to) holds, per
 * top-level member of the row object, where its value ends (bitwise NOT of
 * it when the value is a string without escapes; one array per page); pick()
 * finds each name again from the previous value's end. null when the row is
 * not an object or a member name holds escapes (pick() gives up on those).
 *
 * One number per member rather than every bound: the array lives as long as
 * the page's rows, and walking back to a name re-reads only a few bytes.
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
    // at the row's '{', then at each value's end: past the '{' or ',' (and whitespace) is the next name's '"'
    let at = this.start;
    for (let k = this.from; k < this.to; k++) {
      const ks = skipWs(b, skipWs(b, at) + 1) + 1;
      let ke = ks;
      while (b[ke] !== QUOTE) ke++;
      const e = m[k]!;
      at = e < 0 ? ~e : e;
      const n = findName(b, ks, ke, names);
      if (n) out[n.name] = readValue(b, skipWs(b, skipWs(b, ke + 1) + 1), at, e < 0, this.decode);
    }
    return out;
  }
}

interface PickName {
  name: string;
  bytes: Uint8Array;
  /** position in the list given to pickNames() */
  index: number;
}

/** Field names for RawRow.pick, by byte length. */
export interface PickNames {
  byLength: (PickName[] | undefined)[];
}

/** Field names for RawRow.pick (ASCII names only). */
export function pickNames(names: readonly string[]): PickNames {
  const byLength: (PickName[] | undefined)[] = [];
  names.forEach((name, index) => {
    // assigning "__proto__" on pick()'s result would set its prototype, not an own field as JSON.parse does
    if (name === '__proto__') throw new Error('pick name must not be __proto__');
    const bytes = new Uint8Array(name.length);
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (c > 0x7e || c === QUOTE || c === BACKSLASH) throw new Error(`pick name must be plain ASCII: ${name}`);
      bytes[i] = c;
    }
    (byLength[bytes.length] ??= []).push({ name, bytes, index });
  });
  // a dense array: findName() reads it by index
  for (let i = 0; i < byLength.length; i++) byLength[i] ??= undefined;
  return { byLength };
}

/** The name among `names` whose bytes are [ks, ke), if any. */
function findName(b: Uint8Array, ks: number, ke: number, names: PickNames): PickName | undefined {
  const len = ke - ks;
  const candidates = len < names.byLength.length ? names.byLength[len] : undefined;
  if (candidates === undefined) return undefined;
  for (let c = 0; c < candidates.length; c++) {
    const nb = candidates[c]!.bytes;
    let j = 0;
    while (j < len && b[ks + j] === nb[j]) j++;
    if (j === len) return candidates[c];
  }
  return undefined;
}

/** The names an envelope or change header has; their strings are reused instead of decoded per change. */
const HEADER = pickNames(['changes', 'cursor', 'head', 'hasMore', 'seq', 'entity', 'storeId', 'key', 'op', 'row']);
const CHANGES = 0;
const ROW = 9;

/**
 * The page as a plain object whose changes carry RawRow rows (the header
 * fields as JSON.parse reads them), ready for ChangePage validation; null
 * when the envelope is unusual (the caller parses the decoded page instead).
 * Throws when the bytes are not valid JSON.
 */
export function scanPage(bytes: Uint8Array, decode: Decode): Record<string, unknown> | null {
  // RawRow keeps value ends as int32, string ends negated
  if (bytes.length > 0x7fffffff) return null;
  const r = new PageReader(new Scanner(bytes), decode);
  const page = r.page();
  if (!page) return null;
  const mem = r.s.members();
  // in page order: a repeated "row" ends as the last one, as JSON.parse keeps it
  const spans = r.spans;
  for (let k = 0; k < spans.length; k += 4) {
    const to = spans[k + 3]!;
    r.owners[k >> 2]!.row = new RawRow(bytes, spans[k]!, spans[k + 1]!, decode, to < 0 ? null : mem, spans[k + 2]!, to);
  }
  return page;
}

/** what PageReader.object() is reading: the page, or one of its changes */
const PAGE = 0;
const CHANGE = 1;

/** Reads the envelope into objects while the scanner validates the whole page. */
class PageReader {
  unusual = false;
  /** per `row` member: its change, and in `spans` its start, end and members [from, to) in Scanner.mem (to -1: none to pick) */
  readonly owners: Record<string, unknown>[] = [];
  readonly spans: number[] = [];
  /** past the object object() read last */
  private end = 0;
  private seenChanges = false;
  /** per HEADER name, the last plain string read for it (storeId, entity, op repeat on every change) */
  private readonly lastStart = new Int32Array(ROW + 1).fill(-1);
  private readonly lastEnd = new Int32Array(ROW + 1);
  private readonly lastText: string[] = [];
  constructor(
    readonly s: Scanner,
    private readonly decode: Decode,
  ) {}

  page(): Record<string, unknown> | null {
    const { s } = this;
    const b = s.b;
    const i = s.ws(0);
    if (b[i] !== LBRACE) {
      // valid JSON perhaps, but not a page this reader knows
      if (s.ws(s.value(i)) !== b.length) throw new Malformed(i);
      return null;
    }
    const page = this.object(i + 1, PAGE);
    if (s.ws(this.end) !== b.length) throw new Malformed(this.end);
    return this.unusual || !this.seenChanges ? null : page;
  }

  /**
   * Just past an object's '{': its members read as JSON.parse would, but a
   * page's `changes` and a change's `row` (see changes() and row()). Sets
   * `end` past its '}'.
   */
  private object(i: number, what: typeof PAGE | typeof CHANGE): Record<string, unknown> {
    const { s, decode } = this;
    const b = s.b;
    const obj: Record<string, unknown> = {};
    i = s.ws(i);
    if (b[i] === RBRACE) {
      this.end = i + 1;
      return obj;
    }
    for (;;) {
      const ks = i + 1;
      const ke = s.key(i) - 1;
      const escapedName = s.escaped;
      const known = escapedName ? undefined : findName(b, ks, ke, HEADER);
      const vs = s.colon(ke + 1);
      if (known?.index === ROW && what === CHANGE) i = this.row(obj, vs);
      else if (known?.index === CHANGES && what === PAGE && !this.seenChanges && b[vs] === LBRACKET) {
        this.seenChanges = true;
        const list: Record<string, unknown>[] = [];
        obj.changes = list;
        i = this.changes(vs, list);
      } else {
        const end = s.item(vs);
        i = end < 0 ? ~end : end;
        const name = known ? known.name : decode(b, ks, ke);
        // escaped names may hide a repeated `changes` or `row`; "__proto__" would set the prototype, not a member
        if (escapedName || name === '__proto__' || (known?.index === CHANGES && what === PAGE)) this.unusual = true;
        else obj[name] = end < 0 && known ? this.text(known.index, vs + 1, i - 1) : readValue(b, vs, i, end < 0, decode);
      }
      i = s.next(i, RBRACE);
      if (i < 0) {
        this.end = ~i;
        return obj;
      }
    }
  }

  /** At the changes array's '[': past its ']', each change read into `list`. */
  private changes(i: number, list: Record<string, unknown>[]): number {
    const { s } = this;
    const b = s.b;
    i = s.ws(i + 1);
    if (b[i] === RBRACKET) return i + 1;
    for (;;) {
      if (b[i] !== LBRACE) {
        this.unusual = true;
        i = s.value(i);
      } else {
        list.push(this.object(i + 1, CHANGE));
        i = this.end;
      }
      i = s.next(i, RBRACKET);
      if (i < 0) return ~i;
    }
  }

  /** At a change's row: past it, its span noted for a RawRow; a null placeholder keeps JSON.parse's member order. */
  private row(change: Record<string, unknown>, vs: number): number {
    const { s } = this;
    const from = s.top;
    let end = s.b[vs] === LBRACE ? s.row(vs) : ~s.value(vs);
    const to = end < 0 ? -1 : s.top;
    if (end < 0) end = ~end;
    change.row = null;
    this.owners.push(change);
    this.spans.push(vs, end, from, to);
    return end;
  }

  /** The plain string [start, end) of a HEADER name's value: the previous one's text when the bytes are the same. */
  private text(slot: number, start: number, end: number): string {
    const b = this.s.b;
    const ps = this.lastStart[slot]!;
    if (ps >= 0 && this.lastEnd[slot]! - ps === end - start) {
      let j = 0;
      while (start + j < end && b[start + j] === b[ps + j]) j++;
      if (start + j === end) return this.lastText[slot]!;
    }
    const t = this.decode(b, start, end);
    this.lastStart[slot] = start;
    this.lastEnd[slot] = end;
    this.lastText[slot] = t;
    return t;
  }
}
