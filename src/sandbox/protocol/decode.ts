/**
 * Decodes a request body the way Ozon's grpc-gateway (protojson) does:
 * - malformed JSON → 400 {code:3, message:"proto: syntax error (line L:C): …"}
 * - a value of the wrong JSON type for a scalar field →
 *   "proto: (line L:C): invalid value for int64 field limit: \"abc\""
 * - an object/array where the other is expected → syntax error "unexpected token X"
 * - int64/uint64/int32/double accept JSON numbers and numeric strings
 * - null means "unset"; duplicate fields are rejected
 * - unknown fields are IGNORED: grpc-gateway v2's default marshaler sets
 *   protojson DiscardUnknown=true, so Ozon silently drops misspelled fields.
 *   (A connector bug sending `offerId` vs `offer_id` is still caught: both the
 *   proto name and lowerCamel JSON name are accepted, as protojson does.)
 * Absent fields are filled with proto3 zero values ('' / 0 / false / []),
 * absent nested messages stay undefined — what Go handler code would see.
 */
import { JsonSyntaxError, TokenReader, type JNode } from './json-tokens';
import { invalidArgument } from './errors';
import { parseTs } from '../util/time';

export type FieldDesc = { k: string; rep?: 1; msg?: MessageDesc; en?: string[] };
export interface MessageDesc {
  name: string;
  fields: Record<string, FieldDesc>;
  required?: string[];
}

export type Decoded = { [k: string]: DecodedValue };
export type DecodedValue = string | number | bigint | boolean | null | undefined | Decoded | DecodedValue[];

const toCamel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function decodeBody(raw: string, desc: MessageDesc): Decoded {
  const reader = new TokenReader(raw);
  let doc: JNode | null;
  try {
    doc = reader.parseDocument();
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw invalidArgument(e.message);
    throw e;
  }
  if (doc === null) return zeroMessage(desc);
  return decodeMessage(doc, desc, reader);
}

function unexpected(node: JNode, reader: TokenReader): never {
  const tok = node.t === 'obj' ? '{' : node.t === 'arr' ? '[' : node.t === 'str' ? node.raw : node.t === 'num' ? node.raw : node.t === 'bool' ? String(node.v) : 'null';
  throw invalidArgument(`proto: syntax error ${reader.where(node.pos)}: unexpected token ${tok}`);
}

function zeroMessage(desc: MessageDesc): Decoded {
  const out: Decoded = {};
  for (const [name, f] of Object.entries(desc.fields)) out[name] = zeroValue(f);
  return out;
}

function zeroValue(f: FieldDesc): DecodedValue {
  if (f.rep) return [];
  switch (f.k) {
    case 'msg':
    case 'timestamp':
    case 'any':
      return undefined;
    case 'bool':
      return false;
    case 'string':
    case 'bytes':
    case 'enum':
      return '';
    default:
      return 0;
  }
}

function decodeMessage(node: JNode, desc: MessageDesc, reader: TokenReader): Decoded {
  if (node.t !== 'obj') unexpected(node, reader);
  const byName = new Map<string, string>();
  for (const name of Object.keys(desc.fields)) {
    byName.set(name, name);
    byName.set(toCamel(name), name);
  }
  const out = zeroMessage(desc);
  const seen = new Set<string>();
  for (const { key, keyRaw, keyPos, value } of node.fields) {
    const name = byName.get(key);
    if (name === undefined) continue; // DiscardUnknown
    if (seen.has(name)) throw invalidArgument(`proto: ${reader.where(keyPos)}: duplicate field ${keyRaw}`);
    seen.add(name);
    if (value.t === 'null') continue;
    const f = desc.fields[name]!;
    out[name] = f.rep ? decodeList(value, f, reader) : decodeSingular(value, f, name, reader);
  }
  return out;
}

function decodeList(node: JNode, f: FieldDesc, reader: TokenReader): DecodedValue[] {
  if (node.t !== 'arr') unexpected(node, reader);
  return node.items.map((item) => {
    if (item.t === 'null' && f.k !== 'any') unexpected(item, reader);
    return decodeSingular(item, f, '', reader);
  });
}

function decodeSingular(node: JNode, f: FieldDesc, name: string, reader: TokenReader): DecodedValue {
  if (f.k === 'msg') return decodeMessage(node, f.msg!, reader);
  if (f.k === 'any') return plain(node);
  const bad = (kind: string): never => {
    const raw = node.t === 'str' ? node.raw : node.t === 'num' ? node.raw : node.t === 'bool' ? String(node.v) : node.t === 'obj' ? '{' : '[';
    throw invalidArgument(`proto: ${reader.where(node.pos)}: invalid value for ${kind} field ${name}: ${raw}`);
  };
  switch (f.k) {
    case 'string':
      return node.t === 'str' ? node.v : bad('string');
    case 'bytes':
      return node.t === 'str' ? node.v : bad('bytes');
    case 'bool':
      return node.t === 'bool' ? node.v : bad('bool');
    case 'enum':
      // Names or numbers; unknown names are dropped under DiscardUnknown.
      if (node.t === 'str') return f.en && !f.en.includes(node.v) ? '' : node.v;
      if (node.t === 'num' && /^-?\d+$/.test(node.raw)) return f.en?.[Number(node.raw)] ?? '';
      return bad('enum');
    case 'timestamp': {
      if (node.t !== 'str') unexpected(node, reader);
      const ms = parseTs(node.v);
      if (ms === null) throw invalidArgument(`proto: ${reader.where(node.pos)}: invalid google.protobuf.Timestamp value ${node.raw}`);
      return node.v;
    }
    case 'double': {
      const text = node.t === 'num' ? node.raw : node.t === 'str' ? node.v : null;
      if (text === null || text.trim() !== text || text === '') return bad('double');
      const n = Number(text);
      return Number.isNaN(n) && text !== 'NaN' ? bad('double') : n;
    }
    default: {
      // int32 / int64 / uint64
      const text = node.t === 'num' ? node.raw : node.t === 'str' ? node.v : null;
      if (text === null) return bad(f.k);
      const n = integerOf(text);
      if (n === null) return bad(f.k);
      if (f.k === 'uint64' && n < 0n) return bad(f.k);
      if (f.k === 'int32' && (n > 2147483647n || n < -2147483648n)) return bad(f.k);
      if (n > 18446744073709551615n || n < -9223372036854775808n) return bad(f.k);
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
    }
  }
}

/** Integer value of a JSON number text ("12", "1e3", "1.0"), null if not integral. */
function integerOf(text: string): bigint | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return null;
  const [, sign, int, frac = '', exp = '0'] = m;
  let digits = int! + frac;
  let e = Number(exp) - frac.length;
  if (e < 0) {
    const cut = digits.slice(digits.length + e);
    if (/[1-9]/.test(cut)) return null;
    digits = digits.slice(0, digits.length + e) || '0';
    e = 0;
  }
  if (e > 30) return null;
  const v = BigInt(digits + '0'.repeat(e));
  return sign === '-' ? -v : v;
}

function plain(node: JNode): DecodedValue {
  switch (node.t) {
    case 'obj':
      return Object.fromEntries(node.fields.map((f) => [f.key, plain(f.value)]));
    case 'arr':
      return node.items.map(plain);
    case 'str':
      return node.v;
    case 'num':
      return Number(node.raw);
    case 'bool':
      return node.v;
    default:
      return null;
  }
}
