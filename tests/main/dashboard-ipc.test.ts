/**
 * dashboard:summary through the real IPC router and its real handler over a
 * real cache: bad input is refused before the handler runs, a good answer
 * passes the output schema, and without an open workspace it says so.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Cache } from '../../src/main/cache/cache';
import type { CoreContext } from '../../src/main/core/core';
import { AppError } from '../../src/main/core/errors';
import { dashboardHandlers } from '../../src/main/ipc/handlers/dashboard';
import { createIpcRouter } from '../../src/main/ipc/router';
import type { IpcHandlers } from '../../src/main/ipc/types';
import { ipcContract, type IpcChannel } from '../../src/shared/ipc/contract';
import { tempCaches } from './cache-fixture';
import { quietLogger } from './helpers';
import { change, currentSeq, posting, product, resetSeq } from './sync-fixtures';

const { open } = tempCaches('dashboard-ipc');
const sender = { url: 'test://', isMainFrame: true };
const S = 'st_1';

function setup(opened: boolean) {
  let cache: Cache | null = null;
  if (opened) {
    resetSeq();
    cache = open();
    cache.applyPage([change('product', '100001', product(1)), change('posting', 'P1', posting(1, { postingNumber: 'P1', scheme: 'fbs', status: 'awaiting_packaging' }))], currentSeq());
  }
  const core = {
    sync: {
      require: () => {
        if (!cache) throw new AppError('NOT_SIGNED_IN');
        return { cache };
      },
    },
  } as unknown as CoreContext;
  const handler = vi.fn(dashboardHandlers(core)['dashboard:summary']);
  const rest = Object.fromEntries((Object.keys(ipcContract) as IpcChannel[]).map((c) => [c, vi.fn(async () => ({ ok: true }))]));
  const router = createIpcRouter({ ...rest, 'dashboard:summary': handler } as unknown as IpcHandlers, { isTrustedSender: (s) => s.url === sender.url, logger: quietLogger() });
  return { router, handler };
}

describe('dashboard:summary channel', () => {
  it('answers the store\'s figures within the output contract', async () => {
    const { router } = setup(true);
    const res = await router.handle('dashboard:summary', { storeId: S, utcOffsetMinutes: 180 }, sender);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const data = res.data as { orders: { awaitingPackaging: number }; products: { total: number }; sales: { days: unknown[] } };
    expect(data.orders.awaitingPackaging).toBe(1);
    expect(data.products.total).toBe(1);
    expect(data.sales.days).toHaveLength(14);
  });

  it('refuses bad input with VALIDATION_FAILED naming the field, and an untrusted sender, before the handler runs', async () => {
    const { router, handler } = setup(true);
    const bad: [unknown, string][] = [
      [{ storeId: S }, 'utcOffsetMinutes'],
      [{ storeId: S, utcOffsetMinutes: 900 }, 'utcOffsetMinutes'],
      [{ storeId: S, utcOffsetMinutes: 1.5 }, 'utcOffsetMinutes'],
      [{ storeId: '', utcOffsetMinutes: 0 }, 'storeId'],
      [{ storeId: S, utcOffsetMinutes: 0, now: 0 }, 'now'],
    ];
    for (const [input, field] of bad) {
      const res = await router.handle('dashboard:summary', input, sender);
      expect(res.ok, JSON.stringify(input)).toBe(false);
      if (res.ok) continue;
      expect(res.error.code).toBe('VALIDATION_FAILED');
      expect(res.error.fields?.map((f) => f.path)).toContain(field);
    }
    for (const input of [null, 'x', 7, []]) expect((await router.handle('dashboard:summary', input, sender)).ok).toBe(false);
    const foreign = await router.handle('dashboard:summary', { storeId: S, utcOffsetMinutes: 0 }, { url: 'https://evil.example/', isMainFrame: true });
    expect(foreign.ok).toBe(false);
    expect(handler).not.toHaveBeenCalled();
  });

  it('without an open workspace it answers NOT_SIGNED_IN', async () => {
    const { router } = setup(false);
    expect(await router.handle('dashboard:summary', { storeId: S, utcOffsetMinutes: 0 }, sender)).toEqual({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });
});
