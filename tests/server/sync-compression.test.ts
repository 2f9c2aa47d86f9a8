/**
 * Compressed pull pages (src/server/http/encoding.ts): the server answers a
 * pull in the coding the request accepts (br, gzip, or the bytes as they
 * are), the desktop client asks for compression only from a server across a
 * network, inflates what comes to exactly the page it would have read,
 * cuts off an answer that inflates past its limit, and fails one cut short.
 * Request bodies (a bulk edit's push) may come br or gzip coded the other
 * way: the server says so in every answer, inflates them within the route's
 * body limit, and refuses corrupt or unknown codings with a clear code; the
 * client codes large bodies once the server has said it takes them, and
 * stops for good after a 415.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApiClient, requestCodingOf } from '../../src/main/core/api-client';
import { chooseCoding, COMPRESS_MIN_BYTES, REQUEST_CODINGS } from '../../src/server/http/encoding';
import { parseAcceptEncoding } from '../../src/shared/http/accept-encoding';
import { feedHead } from '../../src/server/sync/pull';
import { bearerTransport, PULL_MAX_BYTES, SYNC_PATHS } from '../../src/main/sync/transport';
import { RawRow } from '../../src/shared/sync/page-bytes';
import { PAGE_HEADERS, PUSH_BATCH_MAX, PUSH_MAX_BYTES, type ChangePage } from '../../src/shared/sync/protocol';
import { quietLogger } from '../main/helpers';
import { startSyncServer } from './support/actions-fixture';
import { pid, productMutation, seedStore } from './sync-support';
import type { Harness } from './support/harness';

describe('choosing the coding from Accept-Encoding', () => {
  const big = COMPRESS_MIN_BYTES;
  it.each([
    [undefined, null],
    ['', null],
    ['identity', null],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br', 'br'],
    ['GZIP, BR', 'br'],
    ['x-gzip', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['*', 'br'],
    ['*;q=0.3, br;q=0', 'gzip'],
    ['*;q=0', null],
    ['deflate, compress', null],
    ['identity;q=1, br;q=0.5', null],
    ['identity;q=0.5, br;q=0.5', 'br'],
    ['br;q=0.8, identity;q=0.1', 'br'],
    ['gzip;q=1.000, br;q=0.999', 'gzip'],
    // unreadable values are not guessed at
    ['br;q=2', null],
    ['br;q=abc', null],
    ['br gzip', null],
    [['gzip', 'br'], 'br'],
  ] as const)('%j → %s', (header, coding) => {
    expect(chooseCoding(header as string | string[] | undefined, big)).toBe(coding);
  });

  it('sends small answers as they are', () => {
    expect(chooseCoding('br, gzip', COMPRESS_MIN_BYTES - 1)).toBeNull();
  });

  it('reads weights, the first of a repeated name holding', () => {
    expect([...parseAcceptEncoding('br;q=0.2, gzip ; q=0.7,br')!]).toEqual([
      ['br', 0.2],
      ['gzip', 0.7],
    ]);
  });
});

describe('pull pages over HTTP, compressed or not', () => {
  let h: Harness;
  let owner: string;
  let ws: string;
  let store: string;
  let serverUrl = '';
  let proxy: http.Server;
  let proxyUrl = '';
  /** per answer through the proxy: what the client asked for, how it was coded, and its bytes on the wire */
  const seen: { acceptEncoding: string | undefined; coding: string | undefined; wireBytes: number; requestCoding: string | undefined; requestWireBytes: number }[] = [];

  beforeAll(async () => {
    ({ h, owner, ws, store } = await startSyncServer('sqlite', 60));
    await h.built.app.listen({ port: 0, host: '127.0.0.1' });
    serverUrl = `http://127.0.0.1:${(h.built.app.server.address() as AddressInfo).port}`;
    // what the wire carries between client and server, seen from between them
    proxy = http.createServer((req, res) => {
      let requestWireBytes = 0;
      req.on('data', (c: Buffer) => (requestWireBytes += c.length));
      const up = http.request(`${serverUrl}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        const record = { acceptEncoding: req.headers['accept-encoding'], coding: answer.headers['content-encoding'], wireBytes: 0, requestCoding: req.headers['content-encoding'], requestWireBytes };
        answer.on('data', (c: Buffer) => (record.wireBytes += c.length));
        answer.on('end', () => seen.push(record));
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await new Promise<void>((r) => proxy?.close(() => r()));
    await h?.close();
  });

  const get = (headers: Record<string, string>, after = 0) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get(`${serverUrl}${SYNC_PATHS.changes}?after=${after}&limit=1000`, { headers: { authorization: `Bearer ${owner}`, ...headers } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
  /** a page as plain data: its rows parsed */
  const plain = (p: ChangePage) => ({ ...p, changes: p.changes.map((c) => ({ ...c, row: c.row instanceof RawRow ? c.row.value() : c.row })) });

  it('answers in the coding asked for; the inflated bytes are the page, the page headers stay', async () => {
    const identity = await get({ 'accept-encoding': 'identity' });
    expect(identity.status).toBe(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toMatch(/accept-encoding/i);
    expect(identity.body.length).toBeGreaterThan(20_000);
    expect(identity.headers['accept-encoding']).toBe(REQUEST_CODINGS);
    const page = JSON.parse(identity.body.toString('utf8')) as { changes: unknown[]; cursor: number; hasMore: boolean };
    expect(page.changes.length).toBeGreaterThan(60);

    const br = await get({ 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(br.body).equals(identity.body)).toBe(true);
    expect(br.body.length).toBeLessThan(identity.body.length / 4);
    expect({ cursor: br.headers[PAGE_HEADERS.cursor], hasMore: br.headers[PAGE_HEADERS.hasMore] }).toEqual({ cursor: String(page.cursor), hasMore: String(page.hasMore) });
    expect(Number(br.headers['content-length'])).toBe(br.body.length);

    const gz = await get({ 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(identity.body)).toBe(true);

    // no header: the bytes as they are
    const none = await get({});
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.equals(identity.body)).toBe(true);
  });

  it('a caught-up page (a few bytes) is never compressed', async () => {
    const head = await feedHead(h.built.db, ws);
    const r = await get({ 'accept-encoding': 'br, gzip' }, head);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(r.body.toString('utf8'))).toMatchObject({ changes: [], cursor: head, hasMore: false });
  });

  it('the desktop client asks for compression only when told the server is across a network, and reads the same page either way', async () => {
    const auth = { bearer: async () => owner, refresh: async () => undefined };
    seen.length = 0;
    // the proxy is on 127.0.0.1: by default the client treats it as this machine
    const local = await bearerTransport(proxyUrl, auth, quietLogger()).pull(0, 1000);
    const remote = await bearerTransport(proxyUrl, auth, quietLogger(), { compressed: true }).pull(0, 1000);
    expect(seen.map((s) => [s.acceptEncoding, s.coding ?? null])).toEqual([
      ['identity', null],
      ['br, gzip', 'br'],
    ]);
    expect(seen[1]!.wireBytes).toBeLessThan(seen[0]!.wireBytes / 4);
    expect(plain(remote)).toEqual(plain(local));
    expect(local.changes.length).toBeGreaterThan(60);
  });

  /** 60 description edits: a push body of about 40 KB */
  const edits = () => Array.from({ length: 60 }, (_, i) => productMutation(store, pid(i), { description: `Новое описание товара ${i}. `.repeat(12) }, { description: `Описание ${i}` }, 0));
  const post = (body: Buffer | string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; json: any }>((resolve, reject) => {
      const req = http.request(`${serverUrl}${SYNC_PATHS.mutations}`, { method: 'POST', headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json', ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
      });
      req.on('error', reject);
      req.end(body);
    });

  it('takes a push body br or gzip coded, as the answers announce', async () => {
    for (const [coding, zip] of [
      ['br', zlib.brotliCompressSync],
      ['gzip', zlib.gzipSync],
    ] as const) {
      const mutations = edits();
      const r = await post(zip(Buffer.from(JSON.stringify({ mutations }))), { 'content-encoding': coding });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      expect(r.headers['accept-encoding']).toBe(REQUEST_CODINGS);
      expect(r.json.results.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual(mutations.map((m) => [m.id, 'applied']));
    }
  });

  it('refuses a corrupt coded body, an unknown coding, and one that inflates past the body limit, each with its code', async () => {
    const corrupt = await post(Buffer.from('not brotli at all, not even close'), { 'content-encoding': 'br' });
    expect([corrupt.status, corrupt.json.code]).toEqual([400, 'MALFORMED_JSON']);
    const cut = zlib.gzipSync(Buffer.from(JSON.stringify({ mutations: edits() })));
    const truncated = await post(cut.subarray(0, cut.length - 20), { 'content-encoding': 'gzip' });
    expect([truncated.status, truncated.json.code]).toEqual([400, 'MALFORMED_JSON']);
    const unknown = await post(zlib.deflateSync(Buffer.from('{"mutations":[]}')), { 'content-encoding': 'deflate' });
    expect([unknown.status, unknown.json.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(unknown.headers['accept-encoding']).toBe(REQUEST_CODINGS);
    // a few KB on the wire, past the push limit once inflated: refused, and the inflating stops there
    const bomb = zlib.brotliCompressSync(Buffer.concat([Buffer.from('{"mutations":['), Buffer.alloc(PUSH_MAX_BYTES + 1024, 0x20), Buffer.from(']}')]));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const big = await post(bomb, { 'content-encoding': 'br' });
    expect([big.status, big.json.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // the same on a route with the small global limit
    const small = zlib.gzipSync(Buffer.from(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(200_000) })));
    const login = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${serverUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end(small);
    });
    expect(login).toBe(413);
  });

  it('a full batch of the longest descriptions (past the 5 MiB of other requests) is sent and applied, coded or not', async () => {
    const bulk = await seedStore(h.built.db, ws, 2 * PUSH_BATCH_MAX, 'Bulk');
    const auth = { bearer: async () => owner, refresh: async () => undefined };
    for (const compressed of [false, true]) {
      const t = bearerTransport(proxyUrl, auth, quietLogger(), { compressed });
      if (compressed) await t.pull(0, 1); // learns what the server takes
      const from = compressed ? PUSH_BATCH_MAX : 0;
      const mutations = Array.from({ length: PUSH_BATCH_MAX }, (_, i) =>
        productMutation(bulk, pid(from + i), { description: `${i}`.padEnd(6000, compressed ? '商品描述' : 'Описание') }, { description: `Описание ${from + i}` }, 0),
      );
      seen.length = 0;
      const r = await t.push(mutations);
      expect(r.results.map((x) => x.status)).toEqual(mutations.map(() => 'applied'));
      expect(seen.map((x) => x.requestCoding ?? null)).toEqual([compressed ? 'br' : null]);
      if (!compressed) expect(seen[0]!.requestWireBytes).toBeGreaterThan(5 * 1024 * 1024);
    }
  });

  it('the client codes a large push once the server has said it takes it, and only across a network', async () => {
    const auth = { bearer: async () => owner, refresh: async () => undefined };
    for (const compressed of [false, true]) {
      const t = bearerTransport(proxyUrl, auth, quietLogger(), { compressed });
      // before any answer the client does not know what the server takes: the first push goes as it is
      seen.length = 0;
      await t.push(edits());
      await t.push(edits());
      expect(seen.map((x) => x.requestCoding ?? null)).toEqual(compressed ? [null, 'br'] : [null, null]);
      if (compressed) expect(seen[1]!.requestWireBytes).toBeLessThan(seen[0]!.requestWireBytes / 4);
    }
  });
});

describe('the client against compressed answers that go wrong', () => {
  let server: http.Server;
  let url = '';
  let answer: (res: http.ServerResponse) => void = () => undefined;
  let sent = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      sent++;
      answer(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const transport = () => bearerTransport(url, { bearer: async () => 't', refresh: async () => undefined }, quietLogger(), { compressed: true });

  it('one that inflates past the page limit is refused as off the contract (the inflated bytes are counted)', async () => {
    // valid JSON of twice the client's page limit: spaces, then an empty page
    const bomb = zlib.brotliCompressSync(Buffer.concat([Buffer.alloc(2 * PULL_MAX_BYTES, 0x20), Buffer.from('{"changes":[],"cursor":1,"head":1,"hasMore":false}')]));
    expect(bomb.length).toBeLessThan(64 * 1024);
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br', 'content-length': bomb.length });
      res.end(bomb);
    };
    sent = 0;
    await expect(transport().pull(0, 1000)).rejects.toMatchObject({ ipc: { code: 'SERVER_INCOMPATIBLE' } });
    expect(sent).toBe(1);
  });

  it('one cut short fails as a network failure, never as a shorter page', async () => {
    const page = Buffer.from(JSON.stringify({ changes: Array.from({ length: 200 }, (_, i) => ({ seq: i + 1, entity: 'warehouse', storeId: 's', key: `w${i}`, op: 'delete', row: null })), cursor: 200, head: 200, hasMore: false }));
    for (const coding of ['br', 'gzip'] as const) {
      const z = coding === 'br' ? zlib.brotliCompressSync(page) : zlib.gzipSync(page);
      for (const headers of [{ 'content-length': String(z.length) }, {}]) {
        answer = (res) => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding, ...headers });
          res.write(z.subarray(0, Math.floor(z.length / 2)), () => res.socket?.destroy());
        };
        await expect(transport().pull(0, 1000), `${coding} ${JSON.stringify(headers)}`).rejects.toMatchObject({ ipc: { code: 'SERVER_UNREACHABLE' } });
      }
      // whole, it is read
      answer = (res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding });
        res.end(z);
      };
      expect((await transport().pull(0, 1000)).changes).toHaveLength(200);
    }
  });
});

describe('request codings the client learns', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['br, gzip', 'br'],
    ['gzip', 'gzip'],
    ['GZIP;q=1, BR;q=0.5', 'br'],
    ['deflate', null],
  ] as const)('%j → %s', (header, coding) => expect(requestCodingOf(header)).toBe(coding));

  it('after a 415 to a coded body, sends it again as it is, and never codes again', async () => {
    const got: (string | null)[] = [];
    const server = http.createServer((req, res) => {
      req.resume();
      const coded = req.headers['content-encoding'] ?? null;
      got.push(coded);
      // a proxy that refuses coded bodies, before a server that says it takes them
      res.writeHead(coded ? 415 : 200, { 'content-type': 'application/json', 'accept-encoding': 'br, gzip' });
      res.end(coded ? '{"code":"UNSUPPORTED_MEDIA_TYPE"}' : '{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const api = createApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, quietLogger(), { compressed: true });
      const req = () => api.request({ method: 'POST', path: '/x', body: { text: 'ж'.repeat(20_000) }, schema: z.object({ ok: z.literal(true) }) });
      for (let i = 0; i < 3; i++) expect(await req()).toEqual({ ok: true });
      expect(got).toEqual([null, 'br', null, null]);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
