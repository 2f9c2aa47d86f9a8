/**
 * A validating JSON scanner over UTF-8 bytes, for page-bytes.ts.
 *
 * Invariants:
 * - Exactly JSON's grammar (RFC 8259, as JSON.parse accepts it): strings with
 *   their escapes and no raw control characters, numbers, the three
 *   literals, objects and arrays. Nesting is tracked on an explicit stack,
 *   so any depth JSON.parse accepts is accepted here (no call-stack overflow).
 * - The bytes are valid UTF-8 (the caller checks): every byte of a multibyte
 *   character is >= 0x80, so the scanner meets only ASCII structure, and a
 *   string body is any run of bytes but '"', '\' and the controls < 0x20.
 * - Methods take the index where they start and return the index past what
 *   they read. Reading past the end yields undefined, which no test here
 *   accepts: the end of the bytes fails like any other wrong byte.
 */

/** UTF-8 bytes [start, end) of `bytes` as a string (the caller's fast decoder). */
export type Decode = (bytes: Uint8Array, start: number, end: number) => string;

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
/** an opening bracket plus 2 is its closing one: '[' 0x5b → ']' 0x5d, '{' 0x7b → '}' 0x7d */
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
/** an integer of at most this many digits is exact as a double, so readValue() reads it without JSON.parse */
const SAFE_DIGITS = 15;

export class Malformed extends Error {
  constructor(at: number) {
    super(`sync page is not valid JSON (byte ${at})`);
  }
}

export function skipWs(b: Uint8Array, i: number): number {
  for (;;) {
    const c = b[i]!;
    // outside strings every byte but whitespace is > 0x20: one comparison for the common case
    if (c > 0x20 || (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)) return i;
    i++;
  }
}

/**
 * The value at [vs, ve), which the scanner found to be valid JSON, as
 * JSON.parse reads it: `plain` (a string without escapes) is its bytes
 * between the quotes; literals and short integers are read here; anything
 * else goes through JSON.parse.
 */
export function readValue(b: Uint8Array, vs: number, ve: number, plain: boolean, decode: Decode): unknown {
  if (plain) return decode(b, vs + 1, ve - 1);
  const c = b[vs]!;
  if (c === 0x74) return true;
  if (c === 0x66) return false;
  if (c === 0x6e) return null;
  const neg = c === MINUS;
  let i = neg ? vs + 1 : vs;
  if (ve - i <= SAFE_DIGITS) {
    let n = 0;
    while (i < ve) {
      const d = b[i]!;
      if (d < ZERO || d > NINE) break;
      n = n * 10 + (d - ZERO);
      i++;
    }
    // -0 stays -0, as in JSON.parse
    if (i === ve) return neg ? -n : n;
  }
  return JSON.parse(decode(b, vs, ve)) as unknown;
}

/** reused by every scan; a page keeps an exact copy of its part (many pages' rows are alive at once) */
let scratch = new Int32Array(1 << 16);
/** a scratch grown past this for an unusually big page is let go rather than kept for the life of the process */
const SCRATCH_KEEP = 1 << 20;

export class Scanner {
  /** set by str() when the string held an escape (the caller clears it before) */
  escaped = false;
  /** value ends of the members of the objects row() read (RawRow), in `scratch` until the page is done */
  mem = scratch;
  top = 0;
  /** the open containers of value(), by their opening byte */
  private stack = new Uint8Array(64);
  constructor(readonly b: Uint8Array) {}

  ws(i: number): number {
    return skipWs(this.b, i);
  }

  /** Just after an opening '"': past the closing quote. */
  str(i: number): number {
    const b = this.b;
    // most bytes of a page are string bodies: one comparison for the common case (> '"', not '\')
    for (;;) {
      const c = b[i]!;
      if (c > QUOTE) {
        if (c !== BACKSLASH) i++;
        else i = this.escape(i);
      } else if (c === QUOTE) return i + 1;
      else if (c >= 0x20) i++;
      else throw new Malformed(i);
    }
  }

  /** At a '\': past the escape. */
  private escape(i: number): number {
    const b = this.b;
    this.escaped = true;
    const e = b[i + 1];
    if (e === 0x75) {
      for (let k = 2; k < 6; k++) if (!isHex(b[i + k])) throw new Malformed(i + k);
      return i + 6;
    }
    if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) return i + 2;
    throw new Malformed(i + 1);
  }

  /** At a member name's '"': past its closing quote (this.escaped tells whether it held escapes). */
  key(i: number): number {
    if (this.b[i] !== QUOTE) throw new Malformed(i);
    this.escaped = false;
    return this.str(i + 1);
  }

  // colon() and next() run for every member: they look for whitespace only where a byte <= ' ' says there is some

  /** After a member name: past the ':' and the whitespace around it. */
  colon(i: number): number {
    const b = this.b;
    if (b[i]! <= 0x20) i = this.ws(i);
    if (b[i] !== COLON) throw new Malformed(i);
    return b[++i]! > 0x20 ? i : this.ws(i);
  }

  /** After a member or element: past the ',' and the whitespace after it, or ~(past `close`) when the container ended. */
  next(i: number, close: number): number {
    const b = this.b;
    if (b[i]! <= 0x20) i = this.ws(i);
    const c = b[i];
    if (c === COMMA) return b[++i]! > 0x20 ? i : this.ws(i);
    if (c === close) return ~(i + 1);
    throw new Malformed(i);
  }

  /** At a value: past it; ~that when it is a string without escapes (readValue's `plain`). */
  item(i: number): number {
    if (this.b[i] !== QUOTE) return this.value(i);
    this.escaped = false;
    i = this.str(i + 1);
    return this.escaped ? i : ~i;
  }

  /** At a value (whitespace before it skipped): past it. Containers nest on `stack`, not on the call stack. */
  value(i: number): number {
    const b = this.b;
    let depth = 0;
    for (;;) {
      const c = b[i]!;
      if (c === QUOTE) i = this.str(i + 1);
      else if (c === LBRACE || c === LBRACKET) {
        i = this.ws(i + 1);
        if (b[i] === c + 2) i++;
        else {
          if (depth === this.stack.length) {
            const grown = new Uint8Array(depth * 2);
            grown.set(this.stack);
            this.stack = grown;
          }
          this.stack[depth++] = c;
          if (c === LBRACE) i = this.colon(this.key(i));
          continue;
        }
      } else if (c === 0x74) i = this.word(i, 0x72, 0x75, 0x65);
      else if (c === 0x6e) i = this.word(i, 0x75, 0x6c, 0x6c);
      else if (c === 0x66) {
        if (b[i + 1] !== 0x61) throw new Malformed(i + 1);
        i = this.word(i + 1, 0x6c, 0x73, 0x65);
      } else i = this.number(i);
      // a value ended: close what it ends, or step to the next element or member
      while (depth > 0) {
        const open = this.stack[depth - 1]!;
        i = this.next(i, open + 2);
        if (i >= 0) {
          if (open === LBRACE) i = this.colon(this.key(i));
          break;
        }
        i = ~i;
        depth--;
      }
      if (depth === 0) return i;
    }
  }

  /** At the first byte of a four-letter literal whose other bytes are x, y, z: past it. */
  private word(i: number, x: number, y: number, z: number): number {
    const b = this.b;
    if (b[i + 1] !== x || b[i + 2] !== y || b[i + 3] !== z) throw new Malformed(i);
    return i + 4;
  }

  private number(i: number): number {
    const b = this.b;
    if (b[i] === MINUS) i++;
    if (b[i] === ZERO) i++;
    else if (isDigit(b[i])) while (isDigit(b[i])) i++;
    else throw new Malformed(i);
    if (b[i] === 0x2e) {
      i++;
      if (!isDigit(b[i])) throw new Malformed(i);
      while (isDigit(b[i])) i++;
    }
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      if (b[i] === 0x2b || b[i] === MINUS) i++;
      if (!isDigit(b[i])) throw new Malformed(i);
      while (isDigit(b[i])) i++;
    }
    return i;
  }

  /**
   * At an object's '{': past its '}', the end of each member's value
   * appended to `mem` (~end for a string without escapes); ~(past '}') when
   * a member name holds escapes.
   */
  row(i: number): number {
    const b = this.b;
    let plainNames = true;
    i = this.ws(i + 1);
    if (b[i] === RBRACE) return i + 1;
    for (;;) {
      i = this.key(i);
      if (this.escaped) plainNames = false;
      const end = this.item(this.colon(i));
      i = end < 0 ? ~end : end;
      if (this.top === this.mem.length) this.grow();
      this.mem[this.top++] = end;
      i = this.next(i, RBRACE);
      if (i < 0) return plainNames ? ~i : i;
    }
  }

  /** The member ends row() recorded, as their own array. */
  members(): Int32Array {
    const m = this.mem.slice(0, this.top);
    if (scratch.length > SCRATCH_KEEP) scratch = new Int32Array(1 << 16);
    return m;
  }

  private grow(): void {
    const grown = new Int32Array(this.mem.length * 2);
    grown.set(this.mem);
    this.mem = scratch = grown;
  }
}

const isDigit = (c: number | undefined) => c !== undefined && c >= ZERO && c <= NINE;
const isHex = (c: number | undefined) => c !== undefined && ((c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
