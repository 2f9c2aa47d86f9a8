/**
 * A JSON reader that keeps token positions, so malformed bodies can be
 * answered with the same "proto: syntax error (line L:C): …" messages Ozon's
 * Go gateway (protojson) produces. Positions are 1-based line and rune column,
 * as in google.golang.org/protobuf/internal/encoding/json.
 */
export type JNode =
  | { t: 'obj'; pos: number; fields: { key: string; keyRaw: string; keyPos: number; value: JNode }[] }
  | { t: 'arr'; pos: number; items: JNode[] }
  | { t: 'str'; pos: number; v: string; raw: string }
  | { t: 'num'; pos: number; raw: string }
  | { t: 'bool'; pos: number; v: boolean }
  | { t: 'null'; pos: number };

export class JsonSyntaxError extends Error {}

export class TokenReader {
  private i = 0;
  constructor(private readonly src: string) {}

  position(idx: number): { line: number; col: number } {
    let line = 1;
    let lineStart = 0;
    for (let j = 0; j < idx && j < this.src.length; j++) {
      if (this.src.charCodeAt(j) === 10) {
        line++;
        lineStart = j + 1;
      }
    }
    // rune count: code points, not UTF-16 units
    const col = [...this.src.slice(lineStart, idx)].length + 1;
    return { line, col };
  }

  where(idx: number): string {
    const { line, col } = this.position(idx);
    return `(line ${line}:${col})`;
  }

  private syntax(idx: number, msg: string): never {
    throw new JsonSyntaxError(`proto: syntax error ${this.where(idx)}: ${msg}`);
  }

  private ws(): void {
    while (this.i < this.src.length) {
      const c = this.src[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else break;
    }
  }

  parseDocument(): JNode | null {
    this.ws();
    if (this.i >= this.src.length) return null; // empty body == empty message (grpc-gateway treats io.EOF as "no fields")
    const v = this.value();
    this.ws();
    if (this.i < this.src.length) this.syntax(this.i, `unexpected token ${this.rawTokenAt(this.i)}`);
    return v;
  }

  private rawTokenAt(idx: number): string {
    const c = this.src[idx] ?? '';
    if ('{}[],:'.includes(c)) return c;
    const m = /^[^\s{}[\],:]+/.exec(this.src.slice(idx));
    return m ? m[0] : c;
  }

  private value(): JNode {
    this.ws();
    const start = this.i;
    const c = this.src[this.i];
    if (c === undefined) throw new JsonSyntaxError('proto: unexpected EOF');
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') {
      const { v, raw } = this.string();
      return { t: 'str', pos: start, v, raw };
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.src.slice(this.i));
      if (!m) this.syntax(start, `invalid value ${this.rawTokenAt(start)}`);
      this.i += m[0].length;
      const after = this.src[this.i];
      if (after !== undefined && /[A-Za-z0-9_.]/.test(after)) this.syntax(start, `invalid value ${this.rawTokenAt(start)}`);
      return { t: 'num', pos: start, raw: m[0] };
    }
    for (const [lit, node] of [
      ['true', { t: 'bool', pos: start, v: true }],
      ['false', { t: 'bool', pos: start, v: false }],
      ['null', { t: 'null', pos: start }],
    ] as const) {
      if (this.src.startsWith(lit, this.i)) {
        const after = this.src[this.i + lit.length];
        if (after === undefined || !/[A-Za-z0-9_]/.test(after)) {
          this.i += lit.length;
          return node as JNode;
        }
      }
    }
    if ('}],:'.includes(c)) this.syntax(start, `unexpected token ${c}`);
    return this.syntax(start, `invalid value ${this.rawTokenAt(start)}`);
  }

  private string(): { v: string; raw: string } {
    const start = this.i;
    this.i++; // opening quote
    let out = '';
    while (true) {
      const c = this.src[this.i];
      if (c === undefined) throw new JsonSyntaxError('proto: unexpected EOF');
      if (c === '"') {
        this.i++;
        return { v: out, raw: this.src.slice(start, this.i) };
      }
      if (c === '\\') {
        const e = this.src[this.i + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && map[e] !== undefined) {
          out += map[e];
          this.i += 2;
          continue;
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.src.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(this.src.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
          continue;
        }
        this.syntax(start, `invalid escape code ${JSON.stringify(this.src.slice(this.i, this.i + 2))} in string`);
      }
      if (c.charCodeAt(0) < 0x20) this.syntax(start, `invalid character ${JSON.stringify(c)} in string`);
      out += c;
      this.i++;
    }
  }

  private object(): JNode {
    const pos = this.i;
    this.i++;
    const fields: { key: string; keyRaw: string; keyPos: number; value: JNode }[] = [];
    this.ws();
    if (this.src[this.i] === '}') {
      this.i++;
      return { t: 'obj', pos, fields };
    }
    while (true) {
      this.ws();
      const keyPos = this.i;
      if (this.src[this.i] !== '"') {
        if (this.i >= this.src.length) throw new JsonSyntaxError('proto: unexpected EOF');
        this.syntax(keyPos, `unexpected token ${this.rawTokenAt(keyPos)}`);
      }
      const { v: key, raw: keyRaw } = this.string();
      this.ws();
      if (this.src[this.i] !== ':') {
        if (this.i >= this.src.length) throw new JsonSyntaxError('proto: unexpected EOF');
        this.syntax(this.i, `unexpected token ${this.rawTokenAt(this.i)}`);
      }
      this.i++;
      const value = this.value();
      fields.push({ key, keyRaw, keyPos, value });
      this.ws();
      const c = this.src[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return { t: 'obj', pos, fields };
      }
      if (c === undefined) throw new JsonSyntaxError('proto: unexpected EOF');
      this.syntax(this.i, `unexpected token ${this.rawTokenAt(this.i)}`);
    }
  }

  private array(): JNode {
    const pos = this.i;
    this.i++;
    const items: JNode[] = [];
    this.ws();
    if (this.src[this.i] === ']') {
      this.i++;
      return { t: 'arr', pos, items };
    }
    while (true) {
      items.push(this.value());
      this.ws();
      const c = this.src[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return { t: 'arr', pos, items };
      }
      if (c === undefined) throw new JsonSyntaxError('proto: unexpected EOF');
      this.syntax(this.i, `unexpected token ${this.rawTokenAt(this.i)}`);
    }
  }
}
