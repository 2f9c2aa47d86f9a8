/**
 * The new workstation channels through the real IPC router and their real
 * handlers over a real cache: every bad input is refused with
 * VALIDATION_FAILED before a handler runs, and good answers pass the
 * contract's output schemas.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Cache } from '../../src/main/cache/cache';
import type { CoreContext } from '../../src/main/core/core';
import { AppError } from '../../src/main/core/errors';
import { analyticsHandlers } from '../../src/main/ipc/handlers/analytics';
import { marketingHandlers } from '../../src/main/ipc/handlers/marketing';
import { returnsHandlers } from '../../src/main/ipc/handlers/returns';
import { serviceHandlers } from '../../src/main/ipc/handlers/service';
import { createIpcRouter } from '../../src/main/ipc/router';
import type { IpcHandlers } from '../../src/main/ipc/types';
import { ipcContract, type IpcChannel } from '../../src/shared/ipc/contract';
import { quietLogger, removeDir, tempDir } from './helpers';
import { change, currentSeq, product, resetSeq } from './sync-fixtures';
import { campaign, campaignStat, chat, message, promotion, promotionProduct, question, returnRow, review } from './workstation-fixtures';

const sender = { url: 'test://', isMainFrame: true };
const S = 'st_1';
let dir = '';
let cache: Cache;
let opened = true;
const calls: string[] = [];

/** The part of the core these handlers use: the open workspace's cache (or "no workspace" once closed). */
const core = {
  sync: {
    require: () => {
      if (!opened) throw new AppError('NOT_SIGNED_IN');
      return { cache };
    },
  },
} as unknown as CoreContext;

function router() {
  const real = { ...returnsHandlers(core), ...serviceHandlers(core), ...marketingHandlers(core), ...analyticsHandlers(core) };
  const spied = Object.fromEntries(
    Object.entries(real).map(([c, h]) => [
      c,
      (input: unknown, ctx: unknown) => {
        calls.push(c);
        return (h as (i: unknown, x: unknown) => unknown)(input, ctx);
      },
    ]),
  );
  const rest = Object.fromEntries((Object.keys(ipcContract) as IpcChannel[]).map((c) => [c, vi.fn(async () => ({ ok: true }))]));
  return createIpcRouter({ ...rest, ...spied } as unknown as IpcHandlers, { isTrustedSender: () => true, logger: quietLogger() });
}

beforeAll(() => {
  dir = tempDir('ws-ipc');
  cache = new Cache(path.join(dir, 'c.db'));
  resetSeq();
  cache.applyPage(
    [
      change('product', '100001', product(1)),
      change('return', '1000015001', returnRow(1)),
      change('review', 'r1', review('r1')),
      change('question', 'q1', question('q1')),
      change('chat', 'ch1', chat('ch1', { unreadCount: 1 })),
      change('chat_message', 'ch1:11', message('ch1', '11', '2026-01-03T10:00:00.000Z', 'Customer', 'Привет')),
      change('promotion', '11', promotion('11')),
      change('promotion_product', '11:100001', promotionProduct('11', '100001')),
      change('campaign', '501', campaign('501')),
      change('campaign_stat', '501:2026-01-01', campaignStat('501', '2026-01-01', 10, 1, '1.00')),
    ],
    currentSeq(),
  );
});
afterAll(() => {
  cache.close();
  removeDir(dir);
});

const good: { [C in IpcChannel]?: unknown } = {
  'returns:query': { storeId: S, offset: 0, limit: 10 },
  'returns:facets': { storeId: S },
  'returns:get': { storeId: S, returnId: '1000015001' },
  'service:summary': { storeIds: [S] },
  'service:reviews': { storeIds: [S], offset: 0, limit: 10 },
  'service:review': { storeId: S, reviewId: 'r1' },
  'service:questions': { storeIds: [S], offset: 0, limit: 10 },
  'service:question': { storeId: S, questionId: 'q1' },
  'service:chats': { storeIds: [S], offset: 0, limit: 10 },
  'service:chat': { storeId: S, chatId: 'ch1' },
  'marketing:promotions': { storeId: S, offset: 0, limit: 10 },
  'marketing:promotionProducts': { storeId: S, actionId: '11', offset: 0, limit: 10 },
  'marketing:campaigns': { storeId: S, from: '2026-01-01', to: '2026-01-07' },
  'analytics:summary': { storeId: S, from: '2026-01-01', to: '2026-01-07', utcOffsetMinutes: 180 },
};

/** per channel: inputs that must never reach the handler, and the field each one names */
const bad: { [C in IpcChannel]?: [unknown, string][] } = {
  'returns:query': [
    [{ storeId: S, offset: 0, limit: 10, sort: { field: 'server_json; DROP TABLE returns', dir: 'asc' } }, 'sort.field'],
    [{ storeId: S, offset: -1, limit: 10 }, 'offset'],
    [{ storeId: S, offset: 0, limit: 501 }, 'limit'],
    [{ storeId: S, offset: 0, limit: 10, search: 'x'.repeat(201) }, 'search'],
    [{ storeId: S, offset: 0, limit: 10, sort: { field: 'returnedAt', dir: 'sideways' } }, 'sort.dir'],
    [{ storeId: '', offset: 0, limit: 10 }, 'storeId'],
    [{ storeId: S, offset: 0, limit: 10, admin: true }, ''],
  ],
  'returns:facets': [[{}, 'storeId']],
  'returns:get': [
    [{ storeId: S, returnId: '12ab' }, 'returnId'],
    [{ storeId: S, returnId: 12 }, 'returnId'],
  ],
  'service:summary': [
    [{ storeIds: [] }, 'storeIds'],
    [{ storeIds: Array.from({ length: 21 }, (_, i) => `s${i}`) }, 'storeIds'],
    [{ storeIds: S }, 'storeIds'],
  ],
  'service:reviews': [
    [{ storeIds: [S], offset: 0, limit: 10, ratings: [6] }, 'ratings.0'],
    [{ storeIds: [S], offset: 0, limit: 10, ratings: [] }, 'ratings'],
    [{ storeIds: [S], offset: 0, limit: 10, sort: { field: 'text', dir: 'asc' } }, 'sort.field'],
    [{ storeIds: [S], offset: 0, limit: 10, search: 'a\u0000b' }, 'search'],
  ],
  'service:review': [[{ storeId: S, reviewId: '' }, 'reviewId']],
  'service:questions': [[{ storeIds: [S], offset: 0, limit: 10, sort: { field: 'rating', dir: 'asc' } }, 'sort.field']],
  'service:question': [[{ storeId: S }, 'questionId']],
  'service:chats': [[{ storeIds: [S], offset: 0, limit: 10, unreadOnly: 'yes' }, 'unreadOnly']],
  'service:chat': [
    [{ storeId: S, chatId: 'ch1', limit: 0 }, 'limit'],
    [{ storeId: S, chatId: 'ch1', limit: 1001 }, 'limit'],
  ],
  'marketing:promotions': [[{ storeId: S, offset: 0, limit: 10, sort: { field: 'discount', dir: 'asc' } }, 'sort.field']],
  'marketing:promotionProducts': [[{ storeId: S, actionId: 'x', offset: 0, limit: 10 }, 'actionId']],
  'marketing:campaigns': [
    [{ storeId: S, from: '2026-02-30x', to: '2026-03-01' }, 'from'],
    [{ storeId: S, from: '2026-03-02', to: '2026-03-01' }, 'to'],
    [{ storeId: S, from: '2024-01-01', to: '2026-01-01' }, 'to'],
  ],
  'analytics:summary': [
    [{ storeId: S, from: '2026-01-01', to: '2026-01-07' }, 'utcOffsetMinutes'],
    [{ storeId: S, from: '2026-01-01', to: '2026-01-07', utcOffsetMinutes: 900 }, 'utcOffsetMinutes'],
    [{ storeId: S, from: '2026-01-01', to: '2026-01-07', utcOffsetMinutes: 1.5 }, 'utcOffsetMinutes'],
    [{ storeId: S, from: '01.01.2026', to: '2026-01-07', utcOffsetMinutes: 0 }, 'from'],
    [{ storeId: S, from: '2026-01-08', to: '2026-01-07', utcOffsetMinutes: 0 }, 'to'],
  ],
};

const NEW_CHANNELS = (Object.keys(ipcContract) as IpcChannel[]).filter((c) => /^(returns|service|marketing|analytics):/.test(c));

describe('workstation page channels', () => {
  it('every new channel has good and bad inputs here', () => {
    expect(NEW_CHANNELS.length).toBe(14);
    for (const c of NEW_CHANNELS) {
      expect(good[c], c).toBeDefined();
      expect(bad[c]?.length, c).toBeGreaterThan(0);
    }
  });

  it('answers good input with data that passes the output schema', async () => {
    const r = router();
    for (const c of NEW_CHANNELS) {
      const res = await r.handle(c, good[c], sender);
      expect(res.ok, `${c}: ${JSON.stringify(res)}`).toBe(true);
    }
    const page = await r.handle('returns:query', good['returns:query'], sender);
    expect(page.ok && (page.data as { total: number }).total).toBe(1);
  });

  it('refuses bad input with VALIDATION_FAILED naming the field, before any handler runs', async () => {
    const r = router();
    calls.length = 0;
    for (const c of NEW_CHANNELS) {
      for (const [input, field] of bad[c]!) {
        const res = await r.handle(c, input, sender);
        expect(res.ok, `${c} ${JSON.stringify(input)}`).toBe(false);
        if (res.ok) continue;
        expect(res.error.code).toBe('VALIDATION_FAILED');
        if (field) expect(res.error.fields?.map((f) => f.path), `${c} ${JSON.stringify(input)}`).toContain(field);
      }
      for (const input of [null, 'x', 7, []]) expect((await r.handle(c, input, sender)).ok).toBe(false);
    }
    expect(calls).toEqual([]);
  });

  it('an unknown row is NOT_FOUND; without an open workspace the handlers say so', async () => {
    const r = router();
    expect(await r.handle('returns:get', { storeId: S, returnId: '42' }, sender)).toEqual({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await r.handle('service:chat', { storeId: S, chatId: 'nope' }, sender)).toEqual({ ok: false, error: { code: 'NOT_FOUND' } });
    opened = false;
    try {
      expect(await r.handle('analytics:summary', good['analytics:summary'], sender)).toEqual({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    } finally {
      opened = true;
    }
  });
});
