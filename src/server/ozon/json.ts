/**
 * JSON parsing that keeps large integers exact. Ozon prints chat message ids
 * (and could print other int64s) as bare numbers above 2^53; JSON.parse would
 * silently round them. Before parsing, every integer literal outside a string
 * that is not a safe integer is wrapped in quotes, so it arrives as its exact
 * digit string. Schemas accept ids as string | number and normalize to string.
 */

const DIGIT_RUN = /\d{16,}/;

export function parseJsonLossless(text: string): unknown {
  // fast path: no run of 16+ digits anywhere means nothing can exceed 2^53 (9007199254740991 has 16 digits)
  if (!DIGIT_RUN.test(text)) return JSON.parse(text);
  return JSON.parse(quoteUnsafeIntegers(text));
}

/** Exported for tests: rewrites unsafe integer literals outside strings as strings. */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) {
          i++;
          break;
        } else i++;
      }
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) i++;
        else break;
      }
      const lit = text.slice(start, i);
      if (/^-?\d+$/.test(lit) && !Number.isSafeInteger(Number(lit))) {
        out += text.slice(last, start) + '"' + lit + '"';
        last = i;
      }
      continue;
    }
    i++;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * JSON.stringify that writes BigInt values as bare integer literals (uint64
 * fields such as /v3/chat/history from_message_id above 2^53 stay exact on
 * the wire and remain JSON integers, as the spec types them).
 */
export function stringifyLossless(value: unknown): string {
  const marks: string[] = [];
  // a per-call tag: no user string can collide with the placeholders
  const tag = `\u0000big${Math.random().toString(36).slice(2)}:`;
  const json = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    marks.push(v.toString());
    return `${tag}${marks.length - 1}`;
  });
  if (!marks.length) return json;
  const escaped = JSON.stringify(tag).slice(1, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return json.replace(new RegExp(`"${escaped}(\\d+)"`, 'g'), (_m, i: string) => marks[Number(i)]!);
}
