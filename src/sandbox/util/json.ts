/**
 * JSON output that can carry 64-bit integers exactly. Ozon sends ids above
 * 2^53 (chat message ids) as bare JSON numbers; JSON.stringify cannot, so
 * responses are serialized here. Values of type bigint are written as bare
 * digits; everything else follows JSON.stringify semantics (undefined fields
 * are dropped).
 */
export function stringify(value: unknown): string {
  return write(value) ?? 'null';
}

function write(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  if (Array.isArray(v)) return `[${v.map((x) => write(x) ?? 'null').join(',')}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const s = write(x);
    if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
  }
  return `{${parts.join(',')}}`;
}
