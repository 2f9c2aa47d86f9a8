import { isUtf8 } from 'node:buffer';
import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';
import { scanPage, type Decode } from '../../shared/sync/page-bytes';
import { ChangePage, ChangesNotice, PAGE_HEADERS, PageHead, PUSH_MAX_BYTES, PushResponse, type Mutation } from '../../shared/sync/protocol';
import { bytesSchema, createApiClient, offContract, type ApiClientOptions } from '../core/api-client';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { SessionManager } from '../core/session';

/** What the engine needs from the network; tests swap in fakes or point it through a chaos proxy. */
export interface SyncTransport {
  /**
   * The page after `after`. `onHead` gets the page's cursor and hasMore as
   * the answer's headers announce them, as soon as the answer is in and
   * before the page is decoded (not at all when the server sends none); the
   * page returned agrees with them.
   */
  pull(after: number, limit: number, onHead?: (head: PageHead) => void): Promise<ChangePage>;
  push(mutations: Mutation[]): Promise<PushResponse>;
  /** the "changes available" stream; returns a closer */
  events?(h: EventHandlers): () => void;
}

export interface EventHandlers {
  onOpen(): void;
  onNotice(head: number): void;
  /** the stream ended; `status` when the server answered with an error status */
  onClose(status?: number): void;
}

/** Pull pages are bounded by the server (PAGE_BYTES_MAX in src/server/sync/pull.ts, half of this); this is the client's own bound. */
export const PULL_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Node's decoder for a span of a Buffer (the pages arrive as Buffers). pick() decodes millions of short fields, and
 * toString('utf8', start, end) spends more on checking and clamping its arguments than on decoding them: the spans here
 * are the scanner's, always in bounds, so the native utf8Slice behind toString is called directly where Node has it.
 */
const utf8Slice = (Buffer.prototype as { utf8Slice?: (this: Uint8Array, start: number, end: number) => string }).utf8Slice;
const decode: Decode = utf8Slice ? (b, start, end) => utf8Slice.call(b, start, end) : (b, start, end) => Buffer.prototype.toString.call(b, 'utf8', start, end);

/**
 * A pull answer read from its bytes: rows stay RawRow spans of the page
 * (src/shared/sync/page-bytes.ts), the envelope and change headers are
 * validated by ChangePage as before. Invalid JSON fails like a wrong shape.
 */
export const ChangePageBytes = bytesSchema(
  z
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
    .pipe(ChangePage),
  PULL_MAX_BYTES,
);

export const SYNC_PATHS = { changes: '/api/v1/sync/changes', mutations: '/api/v1/sync/mutations', events: '/api/v1/sync/events' } as const;

/** A pull answer's bytes, undecoded (pullVia decodes them once the early cursor is out). */
const PageBytes = bytesSchema(z.instanceof(Uint8Array), PULL_MAX_BYTES);

/**
 * One pull: the answer's headers give onHead the early cursor, then its bytes
 * are decoded into the page, which must agree with those headers. A page that
 * is not one, or disagrees, is SERVER_INCOMPATIBLE (as any answer off the
 * contract is in api-client.ts).
 */
async function pullVia(
  get: (onHeaders: (headers: Record<string, unknown>) => void) => Promise<Uint8Array>,
  onHead: ((head: PageHead) => void) | undefined,
  logger: Logger | undefined,
): Promise<ChangePage> {
  let head: PageHead | null = null;
  const bytes = await get((h) => {
    const r = PageHead.safeParse({ cursor: h[PAGE_HEADERS.cursor], hasMore: h[PAGE_HEADERS.hasMore] });
    head = r.success ? r.data : null;
  });
  const announced = head as PageHead | null;
  if (announced && onHead) {
    onHead(announced);
    // let the next page's request (if onHead made one) leave before the synchronous decode holds the thread
    await new Promise((r) => setImmediate(r));
  }
  const parsed = ChangePageBytes.safeParse(bytes);
  const disagrees = parsed.success && announced && (parsed.data.cursor !== announced.cursor || parsed.data.hasMore !== announced.hasMore);
  if (!parsed.success) throw offContract(logger, SYNC_PATHS.changes, parsed.error.issues);
  if (disagrees) throw offContract(logger, SYNC_PATHS.changes, ['page headers disagree with the page']);
  return parsed.data;
}

/**
 * Server-sent events over node:http with the bearer header (EventSource cannot
 * send one). Parses `event:`/`data:` frames; comments (heartbeats) are ignored.
 */
export function openEventStream(url: string, token: string, h: EventHandlers): () => void {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  let closed = false;
  let ended = false;
  const end = (status?: number) => {
    if (ended) return;
    ended = true;
    if (!closed) h.onClose(status);
  };
  const req = mod.request(u, { method: 'GET', headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream', 'Cache-Control': 'no-cache' } }, (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      end(res.statusCode);
      return;
    }
    h.onOpen();
    res.setEncoding('utf8');
    let buf = '';
    res.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > 1_000_000) buf = '';
      let i: number;
      while ((i = buf.search(/\r?\n\r?\n/)) >= 0) {
        const frame = buf.slice(0, i);
        buf = buf.slice(i).replace(/^\r?\n\r?\n/, '');
        let event = 'message';
        const data: string[] = [];
        for (const line of frame.split(/\r?\n/)) {
          if (line.startsWith(':')) continue;
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (event !== 'changes' || !data.length) continue;
        try {
          const n = ChangesNotice.safeParse(JSON.parse(data.join('\n')));
          if (n.success) h.onNotice(n.data.head);
        } catch {
          /* malformed frame: ignore */
        }
      }
    });
    res.on('end', () => end());
    res.on('error', () => end());
    res.on('close', () => end());
  });
  req.on('error', () => end());
  req.end();
  return () => {
    closed = true;
    req.destroy();
  };
}

/** The core's transport: authenticated calls through the session (refresh, single flight, session:expired). */
export function sessionTransport(session: SessionManager, baseUrl: () => string | null, logger?: Logger): SyncTransport {
  return {
    pull: (after, limit, onHead) =>
      pullVia((onHeaders) => session.call('GET', SYNC_PATHS.changes, PageBytes, undefined, { after: String(after), limit: String(limit) }, { onHeaders }), onHead, logger),
    push: (mutations) => session.call('POST', SYNC_PATHS.mutations, PushResponse, { mutations }),
    events(h) {
      let close: (() => void) | null = null;
      let stopped = false;
      let refreshed = false;
      const open = () => {
        const base = baseUrl();
        if (!base) return h.onClose();
        session
          .bearer()
          .then((token) => {
            if (stopped) return;
            close = openEventStream(base + SYNC_PATHS.events, token, {
              onOpen: () => {
                refreshed = false;
                h.onOpen();
              },
              onNotice: h.onNotice,
              onClose: (status) => {
                // an expired access token: refresh once and reconnect; a failed refresh expires the session
                if (status === 401 && !refreshed && !stopped) {
                  refreshed = true;
                  session.refresh().then(open, () => h.onClose(401));
                } else h.onClose(status);
              },
            });
          })
          .catch((e: unknown) => h.onClose(e instanceof AppError && ['UNAUTHENTICATED', 'NOT_SIGNED_IN'].includes(e.ipc.code) ? 401 : undefined));
      };
      open();
      return () => {
        stopped = true;
        close?.();
      };
    },
  };
}

/** What bearerTransport needs from a session. */
export interface BearerSource {
  bearer(): Promise<string>;
  refresh(): Promise<void>;
}

/**
 * The sync calls against another base URL with the session's bearer token
 * (one refresh-and-retry on 401): a server reached through a different
 * route than the sign-in (tests put a chaos proxy here), or a bench client.
 */
export function bearerTransport(baseUrl: string, auth: BearerSource, logger: Logger, opts: ApiClientOptions = {}): SyncTransport {
  const api = createApiClient(baseUrl, logger, opts);
  async function authed<T>(fn: (token: string) => Promise<T>): Promise<T> {
    try {
      return await fn(await auth.bearer());
    } catch (e) {
      if (!(e instanceof AppError && e.ipc.code === 'UNAUTHENTICATED')) throw e;
    }
    await auth.refresh();
    return fn(await auth.bearer());
  }
  return {
    pull: (after, limit, onHead) =>
      authed((t) => pullVia((onHeaders) => api.request({ method: 'GET', path: SYNC_PATHS.changes, query: { after, limit }, schema: PageBytes, accessToken: t, onHeaders }), onHead, logger)),
    push: (mutations) =>
      authed((t) => api.request({ method: 'POST', path: SYNC_PATHS.mutations, body: { mutations }, schema: PushResponse, accessToken: t, maxBodyBytes: PUSH_MAX_BYTES })),
    events(h) {
      let close: (() => void) | null = null;
      let stopped = false;
      let retried = false;
      const open = () =>
        auth.bearer().then(
          (token) => {
            if (stopped) return;
            close = openEventStream(baseUrl + SYNC_PATHS.events, token, {
              onOpen: () => {
                retried = false;
                h.onOpen();
              },
              onNotice: h.onNotice,
              onClose: (status) => {
                if (status === 401 && !retried && !stopped) {
                  retried = true;
                  auth.refresh().then(open, () => h.onClose(401));
                } else h.onClose(status);
              },
            });
          },
          () => h.onClose(401),
        );
      void open();
      return () => {
        stopped = true;
        close?.();
      };
    },
  };
}
