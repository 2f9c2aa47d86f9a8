/**
 * A pull answer's bytes into a page: the whole page checked (UTF-8, the JSON
 * grammar, the ChangePage shape), rows kept as RawRow spans of the bytes
 * (src/shared/sync/page-bytes.ts). Plain Node, no Electron: it runs on the
 * core's thread (decodeInThread) or in the page worker (page-worker.ts).
 */
import { isUtf8 } from 'node:buffer';
import { z } from 'zod';
import { scanPage, type Decode } from '../../shared/sync/page-bytes';
import { ChangePage } from '../../shared/sync/protocol';

/**
 * Node's decoder for a span of the page's bytes. pick() decodes millions of short fields, and
 * toString('utf8', start, end) spends more on checking and clamping its arguments than on decoding them: the spans here
 * are the scanner's, always in bounds, so the native utf8Slice behind toString is called directly where Node has it
 * (it takes any Uint8Array: a worker receives the page as one, not as a Buffer).
 */
const utf8Slice = (Buffer.prototype as { utf8Slice?: (this: Uint8Array, start: number, end: number) => string }).utf8Slice;
export const decode: Decode = utf8Slice ? (b, start, end) => utf8Slice.call(b, start, end) : (b, start, end) => Buffer.prototype.toString.call(b, 'utf8', start, end);

/**
 * A pull answer read from its bytes: rows stay RawRow spans of the page, the
 * envelope and change headers are validated by ChangePage. Invalid JSON fails
 * like a wrong shape.
 */
export const PageFromBytes = z
  .instanceof(Uint8Array)
  .transform((bytes, ctx) => {
    // rows are stored as the bytes that came (never decoded whole): a page that is not valid UTF-8 is refused, not repaired
    if (!isUtf8(bytes)) {
      ctx.addIssue({ code: 'custom', message: 'not UTF-8' });
      return z.NEVER;
    }
    try {
      return scanPage(bytes, decode) ?? (JSON.parse(decode(bytes, 0, bytes.length)) as unknown);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(ChangePage);

/** A decoded page, or why the bytes are not one (at most 5 issues, as `path: code`). */
export type Decoded = { ok: true; page: ChangePage } | { ok: false; issues: string[] };

/** Decodes and checks a page; `bytes` must not change while its RawRows live. */
export function decodePage(bytes: Uint8Array): Decoded {
  const r = PageFromBytes.safeParse(bytes);
  return r.success ? { ok: true, page: r.data } : { ok: false, issues: r.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.code}`) };
}

/** Turns a pull answer's bytes into a page, or into why they are not one. */
export type PageDecoder = (bytes: Uint8Array) => Promise<Decoded>;

/** On the calling thread. */
export const decodeInThread: PageDecoder = (bytes) => Promise.resolve(decodePage(bytes));
