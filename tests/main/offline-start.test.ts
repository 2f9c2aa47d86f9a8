/**
 * Offline start (issue 4): a core that starts while its team server is down
 * opens signed in offline from the remembered profile, works from the cache,
 * reconnects in the background when the server returns (same database, same
 * port), pushes every queued edit exactly once — and, when the server refuses
 * the stored session, pauses the queue and asks for a sign-in without
 * discarding anything. Real server, real keychain, real SQLite.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findCredentials } from '@napi-rs/keyring';
import { describe, expect, it } from 'vitest';
import { keychainAccounts } from '../../src/main/core/keychain';
import type { CoreOptions } from '../../src/main/core/core';
import { pid, seedStore, WAREHOUSE } from '../server/sync-support';
import { call, firstDevice, ok, settle, signIn, waitFor, workspaceId, type Team } from './sync-harness';
import { FAST_RECONNECT, teamFixture } from './team-fixture';

const fx = teamFixture('team');
const { cores } = fx;

async function productDoc(t: Team, storeId: string, productId: string): Promise<Record<string, unknown>> {
  const row = await t.built.db.selectFrom('products').select('data').where('store_id', '=', storeId).where('product_id', '=', productId).executeTakeFirstOrThrow();
  return JSON.parse(row.data) as Record<string, unknown>;
}

describe('offline start with a team server', () => {
  let dir: string;
  let storeId: string;

  it('opens signed in offline, edits from the cache, and pushes each edit once when the server returns', { timeout: 240_000 }, async () => {
    dir = cores.dir('device');
    let core = await cores.start(dir, FAST_RECONNECT);
    await firstDevice(core, fx.team);
    cores.rememberKeychainAccount(fx.team.url);
    storeId = await seedStore(fx.team.built.db, await workspaceId(fx.team), 30);
    await settle(core);
    // the workstation lists the stores once online (remembered in the cache for offline use)
    expect((await ok(core, 'stores:list', {})).stores.map((s) => s.id)).toEqual([storeId]);
    const online = await ok(core, 'app:getState', {});
    expect(online).toMatchObject({ session: 'online', serverStatus: 'online' });
    // the public profile is remembered for an offline start; never a token
    const settingsFile = path.join(dir, 'settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as { lastAccount?: { serverKey: string; account: { email: string } } };
    expect(settings.lastAccount).toMatchObject({ serverKey: fx.team.url, account: { email: 'owner@example.com' } });
    const refresh = findCredentials(cores.keychainService).find((c) => c.account === keychainAccounts.refresh(fx.team.url))?.password;
    expect(refresh).toBeTruthy();
    expect(readFileSync(settingsFile, 'utf8')).not.toContain(refresh!);

    // the server goes away, then the app starts
    await cores.stop(core);
    await fx.down();
    core = await cores.start(dir, FAST_RECONNECT);
    const state = await ok(core, 'app:getState', {});
    expect(state).toMatchObject({ serverMode: 'remote', serverStatus: 'unreachable', session: 'offline', account: { email: 'owner@example.com', role: 'owner' } });
    expect(state.account?.workspace.name).toBe('Ромашка');

    // reading and searching from the cache
    expect((await ok(core, 'products:query', { storeId, offset: 0, limit: 100 })).total).toBe(30);
    expect((await ok(core, 'products:query', { storeId, search: `OFFER-${pid(7)}`, offset: 0, limit: 5 })).rows.map((r) => r.productId)).toEqual([pid(7)]);
    expect((await ok(core, 'stores:list', {})).stores.map((s) => s.id)).toEqual([storeId]);

    // editing: name, price, stock — queued
    await ok(core, 'products:update', { storeId, productId: pid(1), changes: { name: 'Офлайн имя' } });
    await ok(core, 'products:update', { storeId, productId: pid(2), changes: { price: '1234.00' } });
    await ok(core, 'stocks:update', { storeId, productId: pid(3), warehouseId: WAREHOUSE, present: 42 });
    const pending = await ok(core, 'sync:status', {});
    expect(pending).toMatchObject({ online: false, pending: 3, paused: null });
    const queue = await ok(core, 'sync:queue', {});
    expect(queue.entries.map((e) => e.key).sort()).toEqual([pid(1), pid(2), `${pid(3)}:${WAREHOUSE}`].sort());
    const ids = queue.entries.map((e) => e.id);

    // server-only actions say so clearly
    for (const channel of ['account:get', 'sessions:list', 'staff:members'] as const) {
      expect(await call(core, channel, {} as never), channel).toEqual({ ok: false, error: { code: 'SERVER_UNREACHABLE' } });
    }

    // the server comes back on the same port and database: the core notices by itself
    await fx.up();
    await waitFor(async () => (await core.getState()).session === 'online', 60_000, 'session online again');
    expect((await core.getState()).serverStatus).toBe('online');
    await waitFor(async () => {
      const s = await ok(core, 'sync:status', {});
      return s.online && s.pending === 0 && s.failed === 0 && s.conflicts === 0;
    }, 30_000, 'queue drained').catch(async (e: unknown) => {
      console.log('sync state at timeout', JSON.stringify(await ok(core, 'sync:status', {})), JSON.stringify((await ok(core, 'sync:queue', {})).entries));
      throw e;
    });

    // the server applied each edit, each exactly once
    const t = fx.team;
    expect((await productDoc(t, storeId, pid(1))).name).toBe('Офлайн имя');
    expect((await productDoc(t, storeId, pid(2))).price).toBe('1234.00');
    const stock = await t.built.db.selectFrom('stocks').select('data').where('store_id', '=', storeId).where('product_id', '=', pid(3)).where('warehouse_id', '=', WAREHOUSE).executeTakeFirstOrThrow();
    expect((JSON.parse(stock.data) as { present: number }).present).toBe(42);
    const applied = await t.built.db.selectFrom('sync_mutations').select(['mutation_id', 'status']).where('mutation_id', 'in', ids).execute();
    expect(applied.map((r) => r.mutation_id).sort()).toEqual([...ids].sort());
    expect(applied.every((r) => r.status === 'applied')).toBe(true);
    // and the session works again for server-only actions
    expect((await ok(core, 'account:get', {})).email).toBe('owner@example.com');
    expect((await ok(core, 'products:get', { storeId, productId: pid(1) })).sync.pendingFields).toEqual([]);
  });

  // the session ends in one tick (SessionManager.expire): the account is gone, session:expired has been emitted and
  // the queue is paused together — a loaded machine once saw 'none' before the event, or the cache closed in between
  it('a session refused on reconnection pauses the queue and asks for a sign-in; nothing is discarded', { timeout: 240_000 }, async () => {
    let core = cores.cores[0]!;
    await cores.stop(core);
    // the session is revoked while this computer is away
    await fx.team.built.db.updateTable('sessions').set({ revoked_at: new Date().toISOString(), revoked_reason: 'test' }).where('revoked_at', 'is', null).execute();
    await fx.down();

    core = await cores.start(dir, FAST_RECONNECT);
    expect(await ok(core, 'app:getState', {})).toMatchObject({ session: 'offline' });
    const expired: number[] = [];
    core.on('session:expired', () => expired.push(Date.now()));
    await ok(core, 'products:update', { storeId, productId: pid(4), changes: { name: 'Без сессии' } });
    expect((await ok(core, 'sync:status', {})).pending).toBe(1);

    await fx.up();
    await waitFor(async () => (await core.getState()).session === 'none', 60_000, 'session refused');
    expect(expired).toHaveLength(1);
    const st = await waitFor(async () => {
      const s = await ok(core, 'sync:status', {});
      return s.paused === 'signed_out' ? s : null;
    }, 60_000, 'queue paused');
    expect(st.pending).toBe(1);
    // the refused token and the remembered profile are gone: the next start asks for a sign-in
    expect(findCredentials(cores.keychainService).map((c) => c.account)).not.toContain(keychainAccounts.refresh(fx.team.url));
    expect((JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')) as { lastAccount?: unknown }).lastAccount ?? null).toBeNull();

    // signing in again resumes the queue: the edit arrives
    await signIn(core, fx.team);
    await waitFor(async () => {
      const s = await ok(core, 'sync:status', {});
      return s.paused === null && s.pending === 0 ? s : null;
    }, 60_000, 'resumed');
    expect((await productDoc(fx.team, storeId, pid(4))).name).toBe('Без сессии');
  });

  it('a server that drops while signed in: queued edits go out as soon as it answers, not at their back-off', { timeout: 240_000 }, async () => {
    // back-off of a minute: only the reconnection can send the edit within the wait below
    await cores.stop(cores.cores[0]!);
    const slow: Partial<CoreOptions> = { ...FAST_RECONNECT, sync: { engine: { pollMs: 60_000, backoffBaseMs: 60_000, backoffMaxMs: 60_000, reconnectMaxMs: 300 } } };
    const core = await cores.start(dir, slow);
    expect(await ok(core, 'app:getState', {})).toMatchObject({ session: 'online' });
    await settle(core);
    await fx.down();
    await ok(core, 'products:update', { storeId, productId: pid(5), changes: { name: 'Пока сервер спит' } });
    await waitFor(async () => {
      const s = await ok(core, 'sync:status', {});
      return !s.online && s.pending === 1;
    }, 60_000, 'offline with one pending edit');
    const [entry] = (await ok(core, 'sync:queue', {})).entries;
    expect(entry!.attempts).toBeGreaterThan(0);
    await fx.up();
    await waitFor(async () => (await ok(core, 'sync:status', {})).pending === 0, 60_000, 'sent on reconnection');
    expect((await productDoc(fx.team, storeId, pid(5))).name).toBe('Пока сервер спит');
    const once = await fx.team.built.db.selectFrom('sync_mutations').select('mutation_id').where('mutation_id', '=', entry!.id).execute();
    expect(once).toHaveLength(1);
    await cores.stop(core);
  });

  it('without a remembered profile or a stored session the app shows the sign-in', { timeout: 60_000 }, async () => {
    const core = await cores.start(dir, FAST_RECONNECT);
    await ok(core, 'auth:signOut', {});
    await cores.stop(core);
    await fx.down();
    const again = await cores.start(dir, FAST_RECONNECT);
    expect(await ok(again, 'app:getState', {})).toMatchObject({ serverStatus: 'unreachable', session: 'none', account: null });
    await fx.up();
  });
});
