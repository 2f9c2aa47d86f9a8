import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { napiKeyring } from '../../src/main/core/keychain';
import { buildCsp } from '../../src/main/security/csp';
import { startBrowserHost, tokensEqual, type BrowserHost } from '../../src/main/browser-host/server';
import { quietLogger, removeDir, requireSecretService, tempDir } from './helpers';

/** Raw HTTP so tests control Host/Origin exactly (fetch forbids setting Host). */
function request(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: { host: `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

let host: BrowserHost;
let dataDir: string;
let rendererDir: string;
const ipc = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  request(host.port, {
    method: 'POST',
    path: `/ipc/${channel}`,
    headers: { 'content-type': 'application/json', 'x-sellerdesk-token': host.token, ...headers },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  requireSecretService();
  dataDir = tempDir('bh-data');
  rendererDir = tempDir('bh-renderer');
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>Sellerdesk</title></head><body><div id="root"></div></body></html>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("hi")');
  writeFileSync(path.join(dataDir, '..', `bh-secret-${path.basename(dataDir)}.txt`), 'outside the renderer dir');
  host = await startBrowserHost({
    userDataDir: dataDir,
    rendererDir,
    keychain: await napiKeyring(),
    logger: quietLogger(),
    core: { osLocale: 'en-US', serverOptionsOverride: { logLevel: 'silent' } },
  });
});

afterAll(async () => {
  await host?.close();
  removeDir(dataDir);
  removeDir(rendererDir);
});

describe('browser host', () => {
  it('listens on 127.0.0.1 with the token in the URL fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers IPC calls with the token', async () => {
    const r = await ipc('app:getState', {});
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ ok: true, data: { locale: 'en', serverMode: null, keychainAvailable: true } });
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('refuses IPC without or with a wrong token (401)', async () => {
    const none = await request(host.port, { method: 'POST', path: '/ipc/app:getState', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toEqual({ ok: false, error: { code: 'IPC_SENDER_REFUSED' } });
    for (const bad of ['wrong', host.token.slice(0, -1), host.token + 'x', host.token.toUpperCase()]) {
      const r = await ipc('app:getState', {}, { 'x-sellerdesk-token': bad });
      expect(r.status, bad).toBe(401);
    }
    // the token only counts in its header, not as a query parameter
    const q = await request(host.port, {
      method: 'POST',
      path: `/ipc/app:getState?token=${host.token}`,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(q.status).toBe(401);
  });

  it('refuses foreign Host headers (DNS rebinding) and foreign origins', async () => {
    for (const h of ['evil.test', `evil.test:${host.port}`, `localhost:${host.port}`, `127.0.0.1:${host.port + 1}`, `127.0.0.1`]) {
      const r = await request(host.port, { method: 'POST', path: '/ipc/app:getState', headers: { host: h, 'content-type': 'application/json', 'x-sellerdesk-token': host.token }, body: '{}' });
      expect(r.status, h).toBe(403);
      const page = await request(host.port, { path: '/', headers: { host: h } });
      expect(page.status, h).toBe(403);
    }
    for (const o of ['https://evil.test', `http://localhost:${host.port}`, 'null', `http://127.0.0.1:${host.port}.evil.test`]) {
      const r = await ipc('app:getState', {}, { origin: o });
      expect(r.status, o).toBe(403);
    }
    expect((await ipc('app:getState', {}, { origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
    expect((await ipc('app:getState', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await ipc('app:getState', {}, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('needs JSON: other content types, bad JSON and huge bodies are refused', async () => {
    const form = await request(host.port, {
      method: 'POST',
      path: '/ipc/app:getState',
      headers: { 'content-type': 'text/plain', 'x-sellerdesk-token': host.token },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const broken = await request(host.port, {
      method: 'POST',
      path: '/ipc/app:getState',
      headers: { 'content-type': 'application/json', 'x-sellerdesk-token': host.token },
      body: '{"oops',
    });
    expect(JSON.parse(broken.body)).toEqual({ ok: false, error: { code: 'MALFORMED_JSON' } });
    const huge = await ipc('support:contact', { contact: 'a@b.cd', message: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    const get = await request(host.port, { path: '/ipc/app:getState', headers: { 'x-sellerdesk-token': host.token } });
    expect(get.status).toBe(405);
  });

  it('passes contract errors through as IpcResponse', async () => {
    expect(JSON.parse((await ipc('nope:nope', {})).body)).toEqual({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
    expect(JSON.parse((await ipc('__proto__', {})).body)).toEqual({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
    expect(JSON.parse((await ipc('app:setLocale', { locale: 'xx' })).body)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(JSON.parse((await ipc('account:get', {})).body)).toEqual({ ok: false, error: { code: 'SERVER_UNREACHABLE' } });
  });

  it('serves the renderer with the CSP and hardening headers', async () => {
    const page = await request(host.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toBe(buildCsp());
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    const js = await request(host.port, { path: '/assets/app.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-security-policy']).toBe(buildCsp());
    // client-side routes get the app shell, missing files a 404
    expect((await request(host.port, { path: '/settings/security' })).body).toContain('<div id="root">');
    expect((await request(host.port, { path: '/assets/missing.js' })).status).toBe(404);
  });

  it('never serves files outside the renderer folder', async () => {
    const name = `bh-secret-${path.basename(dataDir)}.txt`;
    for (const p of [`/../${name}`, `/%2e%2e/${name}`, `/..%2f${name}`, `/assets/..%2f..%2f${name}`, `/%2e%2e%5c${name}`, '/%00', '/..%00/']) {
      const r = await request(host.port, { path: p });
      expect(r.body, p).not.toContain('outside the renderer dir');
    }
  });

  it('streams events over SSE with the token, and refuses without', async () => {
    expect((await request(host.port, { path: '/events' })).status).toBe(401);
    expect((await request(host.port, { path: '/events?token=wrong' })).status).toBe(401);
    expect((await request(host.port, { path: `/events?token=${host.token}`, headers: { host: 'evil.test' } })).status).toBe(403);

    const received = await new Promise<{ type: string | undefined; data: string }>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: host.port, path: `/events?token=${encodeURIComponent(host.token)}` }, (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          if (buf.includes(': connected')) void ipc('app:setLocale', { locale: 'ru' });
          const m = /^data: (.+)$/m.exec(buf);
          if (m) {
            resolve({ type: res.headers['content-type'], data: m[1]! });
            req.destroy();
          }
        });
      });
      req.on('error', reject);
      setTimeout(() => reject(new Error('no event within 10 s')), 10_000).unref();
    });
    expect(received.type).toBe('text/event-stream; charset=utf-8');
    expect(received.data).toBe('state:changed');
    expect(JSON.parse((await ipc('app:getState', {})).body).data.locale).toBe('ru');
  });

  it('compares tokens in constant time over hashes', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('', 'abc')).toBe(false);
    expect(tokensEqual(undefined, 'abc')).toBe(false);
    expect(tokensEqual(['abc'], 'abc')).toBe(false);
  });
});

describe('browser host CLI', () => {
  it('prints one parseable line and stops on SIGTERM', async () => {
    const dir = tempDir('bh-cli');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/browser-host/cli.ts'], {
        env: { ...process.env, SELLERDESK_USER_DATA: dir, SELLERDESK_BROWSER_PORT: '0', LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (c: string) => {
          out += c;
          const m = /^Sellerdesk is running at (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)$/m.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
        setTimeout(() => reject(new Error('no start line within 20 s')), 20_000).unref();
      });
      const url = new URL(line);
      const token = new URLSearchParams(url.hash.slice(1)).get('token')!;
      const r = await request(Number(url.port), {
        method: 'POST',
        path: '/ipc/app:getState',
        headers: { 'content-type': 'application/json', 'x-sellerdesk-token': token },
        body: '{}',
      });
      expect(JSON.parse(r.body).ok).toBe(true);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      removeDir(dir);
    }
  }, 40_000);
});

