/**
 * Accept-Encoding (RFC 9110 §12.5.3): read by the server for the coding of
 * its answers, and by the desktop client from the server's answers for the
 * coding of its request bodies (RFC 7694).
 */

/** The weights an Accept-Encoding value gives (names lower-cased; `x-gzip` is gzip); null when it cannot be read. */
export function parseAcceptEncoding(header: string): Map<string, number> | null {
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (!name) continue;
    if (!/^(\*|[a-z0-9!#$%&'*+.^_`|~-]+)$/i.test(name)) return null;
    let q = 1;
    for (const p of params) {
      const m = /^q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i.exec(p);
      if (m) q = Number(m[1]);
      else if (/^q\s*=/i.test(p)) return null;
    }
    const key = name.toLowerCase() === 'x-gzip' ? 'gzip' : name.toLowerCase();
    // a coding named twice: the first weight holds (as most servers read it)
    if (!weights.has(key)) weights.set(key, q);
  }
  return weights;
}
