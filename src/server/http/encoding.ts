/**
 * Content coding for large answers (the sync pull pages): chosen from the
 * request's Accept-Encoding (RFC 9110 §12.5.3) and applied off the event
 * loop (zlib's async API runs on the libuv thread pool).
 *
 * Invariants:
 * - Only a coding the request accepts is used: a coding listed with q > 0, or
 *   covered by `*` with q > 0 and not listed. No header, or nothing
 *   acceptable, means the identity (the bytes as they are); identity is never
 *   refused with a 406 (every client reads it).
 * - A coding listed with a weight below the identity's explicit weight loses
 *   to it; when identity is not listed it ranks below every listed coding.
 *   Between equal weights our order decides: br, then gzip.
 * - Small bodies are sent as they are (the framing costs more than it saves).
 * - Request bodies may come br or gzip coded too (a bulk edit's push over a
 *   slow uplink); every /api/ answer says so in Accept-Encoding (RFC 7694).
 *   A route's body limit counts the inflated bytes, and inflating stops as
 *   soon as they pass it; any other coding is 415, a corrupt one
 *   MALFORMED_JSON.
 */
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { parseAcceptEncoding } from '../../shared/http/accept-encoding';
import { AppError } from './problem';

export type Coding = 'br' | 'gzip';
/** our preference between codings the client weights equally */
const OFFERED: readonly Coding[] = ['br', 'gzip'];
/** below this many bytes an answer is sent as it is */
export const COMPRESS_MIN_BYTES = 1024;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Brotli at quality 1 and gzip at level 1: the fastest settings. Pull pages of
 * Ozon listings (JSON, mostly repeated names and Cyrillic text) shrink about
 * tenfold at several hundred MB/s; higher settings gain a few percent at a
 * third of the speed, and a team server compresses every client's first sync.
 */
export function compress(body: Buffer, coding: Coding): Promise<Buffer> {
  if (coding === 'br') {
    return brotli(body, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 1,
        [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
  }
  return gzip(body, { level: 1 });
}

/**
 * The coding to answer with for a body of `bytes` bytes, or null for the
 * identity. `header` is the request's Accept-Encoding (undefined when absent;
 * repeated headers arrive joined with commas).
 */
export function chooseCoding(header: string | string[] | undefined, bytes: number): Coding | null {
  if (header === undefined || bytes < COMPRESS_MIN_BYTES) return null;
  const weights = parseAcceptEncoding(Array.isArray(header) ? header.join(',') : header);
  if (!weights) return null;
  const star = weights.get('*');
  const identity = weights.get('identity');
  let best: Coding | null = null;
  let bestQ = 0;
  for (const c of OFFERED) {
    const q = weights.get(c) ?? star ?? 0;
    if (q > bestQ) {
      best = c;
      bestQ = q;
    }
  }
  if (!best) return null;
  return identity !== undefined && identity > bestQ ? null : best;
}

/** What every /api/ answer announces in Accept-Encoding (app.ts): the codings a request body may come in. */
export const REQUEST_CODINGS = 'br, gzip';

/** Inflates br and gzip request bodies before they are parsed (see the invariants above). */
export function registerRequestDecoding(app: FastifyInstance): void {
  app.addHook('preParsing', async (req, _reply, payload) => {
    const header = req.headers['content-encoding']?.trim().toLowerCase();
    if (!header || header === 'identity') return payload;
    const inflate = header === 'br' ? zlib.createBrotliDecompress() : header === 'gzip' || header === 'x-gzip' ? zlib.createGunzip() : null;
    if (!inflate) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    const limit = req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1024 * 1024;
    // Fastify checks Content-Length against the coded bytes counted here, and its limit against both counts
    const out = new PassThrough() as PassThrough & { receivedEncodedLength: number };
    out.receivedEncodedLength = 0;
    let inflated = 0;
    const fail = (e: AppError) => {
      payload.unpipe(inflate);
      inflate.destroy();
      out.destroy(e);
    };
    payload.on('data', (c: Buffer) => (out.receivedEncodedLength += c.length));
    payload.on('error', () => fail(new AppError('MALFORMED_JSON')));
    // a body that does not inflate is one nobody can read
    inflate.on('error', () => fail(new AppError('MALFORMED_JSON')));
    inflate.on('data', (c: Buffer) => {
      inflated += c.length;
      if (inflated > limit) fail(new AppError('PAYLOAD_TOO_LARGE'));
    });
    payload.pipe(inflate).pipe(out);
    return out;
  });
}
