/**
 * The early cursor (engine.ts pullLoop, transport.ts pullVia): a pull answer
 * announces its page's cursor and hasMore in headers, so the engine asks for
 * the next page before this one is decoded and applied, at most PULL_AHEAD
 * answers ahead; pages are still applied once each, in order. The body stays
 * the authority: headers that disagree with it make the answer
 * SERVER_INCOMPATIBLE; no headers (an older server) just mean no early ask.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/core/errors';
import { SyncEngine } from '../../src/main/sync/engine';
import { bearerTransport, SYNC_PATHS } from '../../src/main/sync/transport';
import { PAGE_HEADERS, type PageHead } from '../../src/shared/sync/protocol';
import { tempCaches } from './cache-fixture';
import { quietLogger } from './helpers';
import { productPage, scripted, ticks, until } from './sync-scripted';

const { open } = tempCaches('sync-early-cursor');

describe('sync engine: the early cursor', () => {
  it('asks for the next page when the headers announce it, at most two answers ahead; applies every page once, in order', async () => {
    const cache = open();
    const { transport, calls } = scripted();
    const applied: number[] = [];
    const apply = cache.applyPage.bind(cache);
    cache.applyPage = (changes, cursor, at, o) => {
      applied.push(cursor);
      return apply(changes, cursor, at, o);
    };
    const engine = new SyncEngine({ cache, transport, emit: () => undefined, logger: quietLogger(), pollMs: 3_600_000 });
    const pulled = engine.pull();
    await until(() => calls.length === 1);
    expect(calls[0]!.after).toBe(0);
    // page 1's headers are in: page 2 is asked for before page 1 is decoded or applied
    calls[0]!.head({ cursor: 10, hasMore: true });
    await until(() => calls.length === 2);
    expect(calls[1]!.after).toBe(10);
    expect(applied).toEqual([]);
    // page 2's headers too, but two answers are already waiting: nothing more yet
    calls[1]!.head({ cursor: 20, hasMore: true });
    await ticks();
    expect(calls).toHaveLength(2);
    calls[0]!.answer(productPage(0, 10, 30));
    await until(() => applied.length === 1);
    expect(cache.cursor).toBe(10);
    calls[1]!.answer(productPage(10, 20, 30));
    // page 3 is asked for from page 2 itself (its early ask was refused)
    await until(() => calls.length === 3);
    expect(calls[2]!.after).toBe(20);
    calls[2]!.head({ cursor: 30, hasMore: false });
    await ticks();
    expect(calls).toHaveLength(3);
    calls[2]!.answer(productPage(20, 30, 30));
    await pulled;
    expect(applied).toEqual([10, 20, 30]);
    expect(cache.cursor).toBe(30);
    expect(cache.db.prepare('SELECT COUNT(*) FROM products').pluck().get()).toBe(30);
    await engine.stop();
  });

  it('a page that fails after its early ask ends the pull; the page asked for early is dropped quietly', async () => {
    const cache = open();
    const { transport, calls } = scripted();
    const engine = new SyncEngine({ cache, transport, emit: () => undefined, logger: quietLogger(), pollMs: 3_600_000 });
    const pulled = engine.pull();
    await until(() => calls.length === 1);
    calls[0]!.head({ cursor: 10, hasMore: true });
    await until(() => calls.length === 2);
    calls[0]!.fail(new AppError('SERVER_INCOMPATIBLE'));
    await expect(pulled).rejects.toMatchObject({ ipc: { code: 'SERVER_INCOMPATIBLE' } });
    // its answer comes after all: not applied, not an unhandled rejection, nothing asked after it
    calls[1]!.head({ cursor: 20, hasMore: true });
    calls[1]!.fail(new AppError('SERVER_UNREACHABLE'));
    await ticks();
    expect(calls).toHaveLength(2);
    expect(cache.cursor).toBe(0);
    await engine.stop();
  });
});

describe('transport: the page headers', () => {
  let server: http.Server;
  let url = '';
  /** what the next pull answer is: body and headers */
  let next: { body: string; headers: Record<string, string> } = { body: '', headers: {} };
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      expect(req.url?.startsWith(SYNC_PATHS.changes)).toBe(true);
      res.writeHead(200, { 'content-type': 'application/json', ...next.headers });
      res.end(next.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const transport = () => bearerTransport(url, { bearer: async () => 't', refresh: async () => undefined }, quietLogger());
  const body = (cursor: number, head: number) => JSON.stringify(productPage(cursor - 1, cursor, head));

  it('gives onHead what the headers announce, before the page is returned', async () => {
    next = { body: body(5, 9), headers: { [PAGE_HEADERS.cursor]: '5', [PAGE_HEADERS.hasMore]: 'true' } };
    const heads: PageHead[] = [];
    const p = await transport().pull(4, 1000, (h) => heads.push(h));
    expect(heads).toEqual([{ cursor: 5, hasMore: true }]);
    expect({ cursor: p.cursor, hasMore: p.hasMore, n: p.changes.length }).toEqual({ cursor: 5, hasMore: true, n: 1 });
  });

  it('headers that disagree with the page make the answer SERVER_INCOMPATIBLE', async () => {
    next = { body: body(5, 9), headers: { [PAGE_HEADERS.cursor]: '6', [PAGE_HEADERS.hasMore]: 'true' } };
    await expect(transport().pull(4, 1000, () => undefined)).rejects.toMatchObject({ ipc: { code: 'SERVER_INCOMPATIBLE' } });
    next = { body: body(5, 5), headers: { [PAGE_HEADERS.cursor]: '5', [PAGE_HEADERS.hasMore]: 'true' } };
    await expect(transport().pull(4, 1000)).rejects.toMatchObject({ ipc: { code: 'SERVER_INCOMPATIBLE' } });
  });

  it('no headers, or unreadable ones, just mean no early cursor', async () => {
    const cases: Record<string, string>[] = [{}, { [PAGE_HEADERS.cursor]: '-1', [PAGE_HEADERS.hasMore]: 'yes' }, { [PAGE_HEADERS.cursor]: '5' }];
    for (const headers of cases) {
      next = { body: body(5, 9), headers };
      const heads: PageHead[] = [];
      const p = await transport().pull(4, 1000, (h) => heads.push(h));
      expect(heads).toEqual([]);
      expect(p.cursor).toBe(5);
    }
  });
});
