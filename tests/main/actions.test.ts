/**
 * Actions from the desktop (issues 3+4): queued offline in the local action
 * outbox, kept across a restart of the core, sent when the team server is
 * back and applied there exactly once (a resent id — the answer lost in a
 * crash — returns the first result and queues nothing new); a refusal is
 * kept with its reason; bad input to every channel is VALIDATION_FAILED.
 * Real team server (SQLite), real keychain, real cache.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import type { IpcChannel, IpcInput } from '../../src/shared/ipc/contract';
import { seedActionTargets, SHIP } from '../server/support/actions-fixture';
import { pid, seedStore } from '../server/sync-support';
import { call, firstDevice, ok, settle, waitFor, workspaceId, type Team } from './sync-harness';
import { FAST_RECONNECT, teamFixture } from './team-fixture';

const fx = teamFixture('actions-team');
const { cores } = fx;

const SHIPPABLE = '70000001-0001-1';
const DELIVERED = '70000002-0001-1';

async function jobItems(t: Team, mutationId: string) {
  return t.built.db.selectFrom('job_items').select(['kind', 'item_key']).where('source_mutation_id', '=', mutationId).execute();
}

describe('actions from the desktop', () => {
  let core: Core;
  let dir: string;
  let storeId: string;

  it('queues offline, survives a restart, applies each action once when the server is back, keeps a refusal', { timeout: 120_000 }, async () => {
    dir = cores.dir('actions-device');
    core = await cores.start(dir, FAST_RECONNECT);
    await firstDevice(core, fx.team);
    cores.rememberKeychainAccount(fx.team.url);
    const ws = await workspaceId(fx.team);
    storeId = await seedStore(fx.team.built.db, ws, 10);
    await seedActionTargets(fx.team.built.db, ws, storeId, [
      [SHIPPABLE, 'fbs', 'awaiting_packaging'],
      [DELIVERED, 'fbs', 'delivered'],
    ]);
    await settle(core);
    const detail = await ok(core, 'actions:posting', { storeId, postingNumber: SHIPPABLE });
    expect(detail.posting).toMatchObject({ scheme: 'fbs', status: 'awaiting_packaging' });
    expect(detail.posting.items.map((i) => [i.sku, i.quantity])).toEqual([['900001', 1]]);

    // offline: the server goes away
    await fx.down();
    const cancel = await ok(core, 'actions:enqueue', { storeId, kind: 'posting_cancel', key: SHIPPABLE, values: { reasonId: 352 } });
    // an unsent ship replaces the unsent cancel of the same posting (one command per target group)
    const ship = await ok(core, 'actions:enqueue', { storeId, kind: 'posting_ship', key: SHIPPABLE, values: SHIP, label: SHIPPABLE });
    const reply = await ok(core, 'actions:enqueue', { storeId, kind: 'review_reply', key: 'rev-1', values: { text: 'Спасибо за отзыв!' } });
    const refused = await ok(core, 'actions:enqueue', { storeId, kind: 'posting_ship', key: DELIVERED, values: SHIP });
    const queued = await ok(core, 'actions:list', { storeId });
    expect(queued.entries.map((e) => e.id)).toEqual([ship.id, reply.id, refused.id]);
    expect(queued.entries.map((e) => e.kind)).not.toContain('posting_cancel');
    expect(queued.entries.find((e) => e.id === cancel.id)).toBeUndefined();
    expect((await ok(core, 'actions:posting', { storeId, postingNumber: SHIPPABLE })).entries.map((e) => e.kind)).toEqual(['posting_ship']);
    await waitFor(async () => {
      const st = await ok(core, 'sync:status', {});
      return st.pending === 3 && !st.online;
    }, 10_000, 'three pending, offline');

    // the core restarts while the server is still down: the queue is kept, same ids
    await cores.stop(core);
    core = await cores.start(dir, FAST_RECONNECT);
    expect((await ok(core, 'actions:list', {})).entries.map((e) => e.id)).toEqual([ship.id, reply.id, refused.id]);

    // the server comes back: applied ones leave the queue, the refusal stays with its reason
    await fx.up();
    const left = await waitFor(async () => {
      const l = (await ok(core, 'actions:list', {})).entries;
      return l.length === 1 && l[0]!.state === 'failed' ? l : null;
    }, 30_000, 'the queue to settle');
    expect(left[0]).toMatchObject({ id: refused.id, kind: 'posting_ship', key: DELIVERED, state: 'failed', error: { code: 'POSTING_NOT_AWAITING_PACKAGING' } });
    const status = await ok(core, 'sync:status', {});
    expect(status).toMatchObject({ pending: 0, failed: 1 });
    expect((await jobItems(fx.team, ship.id)).map((j) => j.kind)).toEqual(['posting_ship']);
    expect((await jobItems(fx.team, reply.id)).map((j) => j.kind)).toEqual(['review_reply']);
    expect(await jobItems(fx.team, refused.id)).toEqual([]);
    expect(await jobItems(fx.team, cancel.id)).toEqual([]);

    // nothing is left queued for the shipped posting
    await settle(core);
    expect((await ok(core, 'actions:target', { storeId, kind: 'posting_ship', key: SHIPPABLE })).entries).toEqual([]);

    // the answer to the ship was lost (a crash after the send): the same id is sent again and the server answers its first result
    core.context.sync.workspace!.cache.db
      .prepare('INSERT INTO action_outbox (id, store_id, kind, key, "values", label, created_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 1)')
      .run(ship.id, storeId, 'posting_ship', SHIPPABLE, JSON.stringify(SHIP), SHIPPABLE, ship.createdAt);
    await ok(core, 'sync:now', {});
    await waitFor(async () => (await ok(core, 'actions:list', {})).entries.every((e) => e.id !== ship.id), 10_000, 'the resend to be answered');
    expect(await jobItems(fx.team, ship.id)).toHaveLength(1);

    // discarding the refusal empties the queue
    await ok(core, 'actions:discard', { id: refused.id });
    expect((await ok(core, 'actions:list', {})).entries).toEqual([]);
    expect((await ok(core, 'sync:status', {})).failed).toBe(0);
  });

  it('retrying a refusal sends it under a fresh id; a fixed action applies', { timeout: 60_000 }, async () => {
    const bad = await ok(core, 'actions:enqueue', { storeId, kind: 'question_answer', key: 'q-1', values: { text: 'Размер M', sku: '123456' } });
    const failed = await waitFor(async () => (await ok(core, 'actions:list', {})).entries.find((e) => e.id === bad.id && e.state === 'failed'), 15_000, 'the refusal');
    expect(failed.error?.code).toBe('QUESTION_SKU_MISMATCH');
    const again = await ok(core, 'actions:retry', { id: bad.id });
    expect(again.id).not.toBe(bad.id);
    expect(again.state).not.toBe('failed');
    // the server's answer to a retried refusal is final: refused again, under the new id
    const second = await waitFor(async () => (await ok(core, 'actions:list', {})).entries.find((e) => e.id === again.id && e.state === 'failed'), 15_000, 'the second refusal');
    expect(second.error?.code).toBe('QUESTION_SKU_MISMATCH');
    await ok(core, 'actions:discard', { id: again.id });

    const good = await ok(core, 'actions:enqueue', { storeId, kind: 'question_answer', key: 'q-1', values: { text: 'Размер M', sku: '900001' } });
    await waitFor(async () => (await ok(core, 'actions:list', {})).entries.length === 0, 15_000, 'the answer applied');
    expect((await jobItems(fx.team, good.id)).map((j) => j.kind)).toEqual(['question_answer']);
    // archive and unarchive of a product: the newer replaces the unsent older only while unsent
    const archive = await ok(core, 'actions:enqueue', { storeId, kind: 'archive', key: pid(1), values: {} });
    await waitFor(async () => (await ok(core, 'actions:list', {})).entries.length === 0, 15_000, 'the archive applied');
    expect(await jobItems(fx.team, archive.id)).toHaveLength(1);
  });

  it('opening an unread chat queues one chat_read; the chat shows read at once and stays read after the server accepted it', { timeout: 60_000 }, async () => {
    const unread = async () => (await ok(core, 'service:chats', { storeIds: [storeId], offset: 0, limit: 10 })).rows.find((r) => r.chatId === 'chat-1')!.unreadCount;
    const chatsUnread = async () => (await ok(core, 'dashboard:summary', { storeId, utcOffsetMinutes: 0 })).service.chatsUnread;
    await settle(core);
    expect(await unread()).toBe(1);
    // chat-1 and the closed chat-2 have one unread message each
    expect(await chatsUnread()).toBe(2);
    await fx.down();
    await ok(core, 'actions:enqueue', { storeId, kind: 'chat_read', key: 'chat-1', values: { fromMessageId: '3000000000118032000' }, label: 'Где заказ?' });
    const read = await ok(core, 'actions:enqueue', { storeId, kind: 'chat_read', key: 'chat-1', values: { fromMessageId: '3000000000118033000' }, label: 'Где заказ?' });
    expect((await ok(core, 'actions:list', {})).entries.map((e) => [e.id, e.kind])).toEqual([[read.id, 'chat_read']]);
    expect(await unread()).toBe(0);
    expect(await chatsUnread()).toBe(1);
    await fx.up();
    await waitFor(async () => (await ok(core, 'actions:list', {})).entries.length === 0, 15_000, 'the read applied');
    expect((await jobItems(fx.team, read.id)).map((j) => j.kind)).toEqual(['chat_read']);
    await settle(core);
    expect(await unread()).toBe(0);
    expect(await chatsUnread()).toBe(1);
  });

  it('refuses bad input on every channel with VALIDATION_FAILED', async () => {
    const bad: { [C in IpcChannel]?: unknown[] } = {
      'actions:enqueue': [
        {},
        { storeId, kind: 'explode', key: SHIPPABLE, values: {} },
        { storeId, kind: 'posting_ship', key: 'no spaces allowed', values: SHIP },
        { storeId, kind: 'posting_ship', key: SHIPPABLE, values: { packages: [] } },
        { storeId, kind: 'posting_cancel', key: SHIPPABLE, values: { reasonId: -1 } },
        { storeId, kind: 'review_reply', key: 'rev-1', values: { text: '   ' } },
        { storeId, kind: 'question_answer', key: 'q-1', values: { text: 'ok' } },
        { storeId, kind: 'promotion_join', key: `77:${pid(1)}`, values: { actionPrice: 'cheap' } },
        { storeId, kind: 'archive', key: 'abc', values: {} },
        { storeId, kind: 'chat_message', key: 'chat-1', values: { text: 'hi' }, extra: 1 },
        { storeId, kind: 'chat_read', key: 'chat-1', values: { fromMessageId: 'newest' } },
      ],
      'actions:list': [{ storeId: 5 }, { other: true }],
      'actions:target': [{ storeId, kind: 'nope', key: 'x' }, { storeId, key: 'x' }],
      'actions:posting': [{ storeId }, { storeId, postingNumber: '' }],
      'actions:retry': [{}, { id: 'x'.repeat(65) }],
      'actions:discard': [{}, { id: 42 }],
    };
    for (const [channel, inputs] of Object.entries(bad) as [IpcChannel, unknown[]][]) {
      for (const input of inputs) {
        const r = await call(core, channel, input as IpcInput<typeof channel>);
        expect(r.ok, `${channel} ${JSON.stringify(input)}`).toBe(false);
        if (!r.ok) expect(r.error.code, `${channel} ${JSON.stringify(input)}`).toBe('VALIDATION_FAILED');
      }
    }
    // nothing was queued by any of them
    expect((await ok(core, 'actions:list', {})).entries).toEqual([]);
    // an unknown entry is NOT_FOUND, not a crash
    const missing = await call(core, 'actions:retry', { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
  });
});
