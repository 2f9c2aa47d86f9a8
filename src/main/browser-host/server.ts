import { spawn } from 'node:child_process';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { IPC_EVENTS } from '../../shared/ipc/contract';
import { createCore, type Core, type CoreOptions } from '../core/core';
import type { KeyringBackend } from '../core/keychain';
import { consoleLogger, type Logger } from '../core/logger';
import { buildCsp, securityHeaders } from '../security/csp';
import { isAllowedExternalUrl } from '../security/urls';

/**
 * Runs the same core as the Electron app in plain Node and serves the built
 * renderer to a browser on 127.0.0.1.
 *
 * Protocol (what the renderer's HTTP bridge speaks):
 *   POST /ipc/<channel>   body: JSON input; header `x-sellerdesk-token: <token>`;
 *                          200 + JSON IpcResponse (errors included as {ok:false,error})
 *   GET  /events?token=<token>   text/event-stream; each message's data is an event name
 *   GET  /…                 static files from the built renderer (no token: nothing secret)
 * Every request must carry Host 127.0.0.1:<port> and, when present, Origin
 * http://127.0.0.1:<port> (DNS-rebinding / cross-site defence); the token is
 * a per-run secret handed over in the URL fragment (#token=…), compared in
 * constant time.
 */

export const TOKEN_HEADER = 'x-sellerdesk-token';
const MAX_BODY = 1024 * 1024;
const HEARTBEAT_MS = 25_000;

export interface BrowserHostOptions {
  userDataDir: string;
  /** built renderer (out/renderer) */
  rendererDir: string;
  keychain: KeyringBackend | null;
  /** default 0 = random */
  port?: number;
  logger?: Logger;
  deviceName?: string;
  core?: Partial<Omit<CoreOptions, 'userDataDir' | 'keychain' | 'isTrustedSender'>>;
  /** fixed token (tests); default random per run */
  token?: string;
}

export interface BrowserHost {
  url: string;
  token: string;
  port: number;
  core: Core;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Constant-time comparison of two strings of any length (hash first so lengths match). */
export function tokensEqual(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 512) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Opens an https URL in the OS browser without a shell. */
export async function openInOsBrowser(url: string): Promise<void> {
  if (!isAllowedExternalUrl(url)) return;
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  await new Promise<void>((resolve) => {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true, shell: false });
    child.on('error', () => resolve());
    child.on('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const logger = opts.logger ?? consoleLogger('sellerdesk-browser');
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const rendererDir = path.resolve(opts.rendererDir);
  const csp = buildCsp();
  const baseHeaders = securityHeaders(csp);
  let port = 0;
  let origin = '';

  const core = await createCore({
    platform: 'browser',
    deviceName: opts.deviceName ?? os.hostname(),
    openExternal: openInOsBrowser,
    logger,
    ...opts.core,
    userDataDir: opts.userDataDir,
    keychain: opts.keychain,
    // requests reach the router only after the host/origin and token checks below
    isTrustedSender: (sender) => sender.url === `${origin}/`,
  });

  const sseClients = new Set<http.ServerResponse>();
  const unsubscribe = IPC_EVENTS.map((name) =>
    core.on(name, () => {
      for (const res of sseClients) res.write(`data: ${name}\n\n`);
    }),
  );

  const send = (res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) => {
    const json = JSON.stringify(body);
    res.writeHead(status, {
      ...baseHeaders,
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(json),
      ...extra,
    });
    res.end(json);
  };
  const refuse = (res: http.ServerResponse, status: number, code: 'IPC_SENDER_REFUSED' | 'NOT_FOUND' | 'PAYLOAD_TOO_LARGE' | 'MALFORMED_JSON' | 'UNSUPPORTED_MEDIA_TYPE') =>
    send(res, status, { ok: false, error: { code } });

  /** Host must be exactly our loopback address; Origin, when sent, exactly our origin. */
  const hostAllowed = (req: http.IncomingMessage): boolean => {
    if (req.headers.host !== `127.0.0.1:${port}`) return false;
    const o = req.headers.origin;
    if (o !== undefined && o !== origin) return false;
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
    return true;
  };

  const readBody = (req: http.IncomingMessage): Promise<Buffer | 'too_large'> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) over = true;
        else if (!over) chunks.push(c);
      });
      req.on('end', () => resolve(over ? 'too_large' : Buffer.concat(chunks)));
      req.on('error', reject);
    });

  async function handleIpc(req: http.IncomingMessage, res: http.ServerResponse, channel: string) {
    if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'NOT_FOUND' } }, { Allow: 'POST' });
    if (!tokensEqual(req.headers[TOKEN_HEADER], token)) {
      req.resume();
      return refuse(res, 401, 'IPC_SENDER_REFUSED');
    }
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      req.resume();
      return refuse(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_BODY) {
      req.resume();
      return refuse(res, 413, 'PAYLOAD_TOO_LARGE');
    }
    const body = await readBody(req);
    if (body === 'too_large') return refuse(res, 413, 'PAYLOAD_TOO_LARGE');
    let input: unknown = undefined;
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return send(res, 200, { ok: false, error: { code: 'MALFORMED_JSON' } });
      }
    }
    const result = await core.handle(channel, input, { url: `${origin}/`, isMainFrame: true });
    send(res, 200, result);
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    if (req.method !== 'GET') return send(res, 405, { ok: false, error: { code: 'NOT_FOUND' } }, { Allow: 'GET' });
    if (!tokensEqual(url.searchParams.get('token'), token)) return refuse(res, 401, 'IPC_SENDER_REFUSED');
    res.writeHead(200, {
      ...baseHeaders,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n: connected\n\n');
    sseClients.add(res);
    const beat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    beat.unref();
    const done = () => {
      clearInterval(beat);
      sseClients.delete(res);
    };
    req.on('close', done);
    res.on('close', done);
  }

  async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { ok: false, error: { code: 'NOT_FOUND' } }, { Allow: 'GET, HEAD' });
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return refuse(res, 404, 'NOT_FOUND');
    }
    if (rel.includes('\0')) return refuse(res, 404, 'NOT_FOUND');
    let file = path.resolve(rendererDir, '.' + path.posix.normalize('/' + rel));
    if (file !== rendererDir && !file.startsWith(rendererDir + path.sep)) return refuse(res, 404, 'NOT_FOUND');
    let stat = await fs.stat(file).catch(() => null);
    if (stat?.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = await fs.stat(file).catch(() => null);
    }
    if (!stat || !stat.isFile()) {
      // client-side routes without an extension fall back to the app shell
      if (path.extname(rel) !== '') return refuse(res, 404, 'NOT_FOUND');
      file = path.join(rendererDir, 'index.html');
      stat = await fs.stat(file).catch(() => null);
      if (!stat || !stat.isFile()) return refuse(res, 404, 'NOT_FOUND');
    }
    const ext = path.extname(file).toLowerCase();
    const isHtml = ext === '.html';
    const headers: Record<string, string | number> = {
      ...baseHeaders,
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': isHtml ? 'no-store' : 'no-cache',
    };
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    res.end(await fs.readFile(file));
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!hostAllowed(req)) {
        req.resume();
        return refuse(res, 403, 'IPC_SENDER_REFUSED');
      }
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname.startsWith('/ipc/')) {
        let channel: string;
        try {
          channel = decodeURIComponent(url.pathname.slice('/ipc/'.length));
        } catch {
          return refuse(res, 404, 'NOT_FOUND');
        }
        return handleIpc(req, res, channel);
      }
      if (url.pathname === '/events') return handleEvents(req, res, url);
      return handleStatic(req, res, url);
    })().catch((e: unknown) => {
      logger.error('browser host request failed', { error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL' } });
      else res.destroy();
    });
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await core.shutdown();
    throw e;
  }
  port = (server.address() as { port: number }).port;
  origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/#token=${token}`,
    token,
    port,
    core,
    close() {
      if (!closing) {
        closing = (async () => {
          for (const u of unsubscribe) u();
          for (const res of sseClients) res.end();
          sseClients.clear();
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections?.();
          });
          await core.shutdown();
        })();
      }
      return closing;
    },
  };
}
