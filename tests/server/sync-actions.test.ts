/**
 * Actions through sync (roadmap §2, §4, §5), on SQLite and PostgreSQL: every
 * action kind pushed as an `action` mutation becomes exactly one export item
 * per mutation id (also when retried, also concurrently), in the same
 * transaction as a feed entry for its target row; permission per kind; the
 * row's state refuses what Ozon would refuse; the target row's ozonSync.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowIso } from '../../src/server/db/ids';
import { markSending, settle } from '../../src/server/jobs/settle';
import { ozonSyncStates } from '../../src/server/sync/ozon-push';
import type { Mutation } from '../../src/shared/sync/protocol';
import { DB_KINDS, type Harness } from './support/harness';
import { SHIP, actionMutation, startSyncServer } from './support/actions-fixture';
import { PullClient, pid, staff } from './sync-support';

describe.each(DB_KINDS)('actions through sync (%s)', (kind) => {
  let h: Harness;
  let owner: string;
  let ws: string;
  let store: string;

  beforeAll(async () => {
    ({ h, owner, ws, store } = await startSyncServer(kind, 10, [
      ['0001-1-1', 'fbs', 'awaiting_packaging'],
      ['0002-1-1', 'fbs', 'delivering'],
      ['0003-1-1', 'fbo', 'awaiting_packaging'],
      ['0004-1-1', 'fbs', 'awaiting_packaging'],
      ['0005-1-1', 'fbs', 'awaiting_packaging'],
      ['0006-1-1', 'fbs', 'awaiting_packaging'],
      ['0007-1-1', 'fbs', 'awaiting_deliver'],
    ]));
  });
  afterAll(async () => h?.close());

  const push = (token: string, mutations: Mutation[]) => h.request('POST', '/api/v1/sync/mutations', { token, body: { mutations } });
  const itemsOf = (ids: string[]) => h.built.db.selectFrom('job_items').selectAll().where('source_mutation_id', 'in', ids).execute();
  const feedAt = (seq: number) => h.built.db.selectFrom('change_feed').selectAll().where('workspace_id', '=', ws).where('seq', '=', seq).executeTakeFirst();
  const versionOf = async (table: 'postings' | 'products', col: 'posting_number' | 'product_id', key: string) =>
    Number((await h.built.db.selectFrom(table).select('version').where('store_id', '=', store).where(col as never, '=', key as never).executeTakeFirstOrThrow()).version);

  it('enqueues every action kind once per mutation id, even when retried concurrently; the target row’s version moves', async () => {
    const actions = [
      actionMutation(store, 'archive', pid(3), {}),
      actionMutation(store, 'unarchive', pid(4), {}),
      actionMutation(store, 'posting_ship', '0001-1-1', SHIP, { changeSetId: 'cs-a' }),
      actionMutation(store, 'posting_cancel', '0004-1-1', { reasonId: 352 }),
      actionMutation(store, 'review_reply', 'rev-1', { text: '  Спасибо за отзыв!  ' }),
      actionMutation(store, 'question_answer', 'q-1', { text: 'Размер M', sku: '900001' }),
      actionMutation(store, 'chat_message', 'chat-1', { text: 'Здравствуйте' }),
      actionMutation(store, 'promotion_join', `77:${pid(1)}`, { actionPrice: '850.00' }),
      actionMutation(store, 'promotion_leave', `77:${pid(2)}`, {}),
      // a closed chat can still be marked read
      actionMutation(store, 'chat_read', 'chat-2', { fromMessageId: '3000000000118032000' }),
    ];
    const [a, b, c] = await Promise.all([push(owner, actions), push(owner, actions), push(owner, actions)]);
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body.results.map((r: { status: string }) => r.status)).toEqual(actions.map(() => 'applied'));
    expect(b.body).toEqual(a.body);
    expect(c.body).toEqual(a.body);
    expect((await push(owner, actions)).body).toEqual(a.body);

    const items = await itemsOf(actions.map((m) => m.id));
    expect(items).toHaveLength(actions.length);
    for (const [i, m] of actions.entries()) {
      const a1 = m as Extract<Mutation, { entity: 'action' }>;
      const it = items.find((x) => x.source_mutation_id === m.id)!;
      expect(it, a1.kind).toMatchObject({ kind: a1.kind, row_key: a1.key, state: 'pending', store_id: store });
      // values as the export kind parsed them (texts trimmed)
      expect(JSON.parse(it.payload), a1.kind).toEqual(a1.kind === 'review_reply' ? { text: 'Спасибо за отзыв!' } : a1.values);
      // the feed entry at the answered version is the target row's
      const v = a.body.results[i].version as number;
      expect(await feedAt(v), a1.kind).toMatchObject({ row_key: a1.key, op: 'upsert' });
    }
    expect(items.find((x) => x.kind === 'posting_ship')).toMatchObject({ entity: 'posting', change_set_id: 'cs-a' });
    expect(await versionOf('postings', 'posting_number', '0001-1-1')).toBe(a.body.results[2].version);
    const recorded = await h.built.db.selectFrom('sync_mutations').select(['entity', 'row_key', 'status']).where('mutation_id', 'in', actions.map((m) => m.id)).execute();
    expect(recorded).toHaveLength(actions.length);
    expect(recorded.find((r) => r.row_key === '0001-1-1')).toMatchObject({ entity: 'posting', status: 'applied' });

    // commands never coalesce: a second reply is a second item
    const again = actionMutation(store, 'review_reply', 'rev-1', { text: 'И ещё раз спасибо' });
    expect((await push(owner, [again])).body.results[0]).toMatchObject({ status: 'applied' });
    const replies = await h.built.db.selectFrom('job_items').select(['state']).where('store_id', '=', store).where('kind', '=', 'review_reply').execute();
    expect(replies.map((r) => r.state)).toEqual(['pending', 'pending']);
    // archive then unarchive before anything was sent: the newest wins, the unsent archive is superseded
    const arch = actionMutation(store, 'archive', pid(5), {});
    const unarch = actionMutation(store, 'unarchive', pid(5), {});
    expect((await push(owner, [arch, unarch])).body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const [ia, iu] = [(await itemsOf([arch.id]))[0]!, (await itemsOf([unarch.id]))[0]!];
    expect(ia).toMatchObject({ state: 'superseded', superseded_by: iu.id });
    expect(iu).toMatchObject({ state: 'pending', kind: 'unarchive' });
    // opening a chat twice before the read was sent: one read, up to the newer message
    const read1 = actionMutation(store, 'chat_read', 'chat-1', { fromMessageId: '3000000000118032000' });
    const read2 = actionMutation(store, 'chat_read', 'chat-1', { fromMessageId: '3000000000118033000' });
    expect((await push(owner, [read1])).body.results[0]).toMatchObject({ status: 'applied' });
    expect((await push(owner, [read2])).body.results[0]).toMatchObject({ status: 'applied' });
    const [r1, r2] = [(await itemsOf([read1.id]))[0]!, (await itemsOf([read2.id]))[0]!];
    expect(r1).toMatchObject({ state: 'superseded', superseded_by: r2.id });
    expect(r2).toMatchObject({ state: 'pending', kind: 'chat_read', entity: 'chat', row_key: 'chat-1' });
    expect(JSON.parse(r2.payload)).toEqual({ fromMessageId: '3000000000118033000' });
  });

  it('checks the permission of each kind per role', async () => {
    const support = await staff(h, owner, 'support');
    const warehouse = await staff(h, owner, 'warehouse');
    const sup = [
      actionMutation(store, 'question_answer', 'q-1', { text: 'Да', sku: '900001' }),
      actionMutation(store, 'posting_ship', '0005-1-1', SHIP),
      actionMutation(store, 'promotion_join', `77:${pid(3)}`, { actionPrice: '800' }),
      actionMutation(store, 'archive', pid(6), {}),
    ];
    const rs = await push(support, sup);
    expect(rs.body.results).toMatchObject([
      { status: 'applied' },
      { status: 'rejected', reason: { code: 'FORBIDDEN', message: 'needs orders.process' } },
      { status: 'rejected', reason: { code: 'FORBIDDEN', message: 'needs marketing.manage' } },
      { status: 'rejected', reason: { code: 'FORBIDDEN', message: 'needs products.edit' } },
    ]);
    const wh = [
      actionMutation(store, 'posting_ship', '0005-1-1', SHIP),
      actionMutation(store, 'chat_message', 'chat-1', { text: 'Привет' }),
      actionMutation(store, 'promotion_leave', `77:${pid(2)}`, {}),
      actionMutation(store, 'chat_read', 'chat-1', { fromMessageId: '3000000000118034000' }),
    ];
    const rw = await push(warehouse, wh);
    expect(rw.body.results).toMatchObject([
      { status: 'applied' },
      { status: 'rejected', reason: { code: 'FORBIDDEN', message: 'needs service.reply' } },
      { status: 'rejected', reason: { code: 'FORBIDDEN', message: 'needs marketing.manage' } },
      { status: 'rejected', reason: { code: 'FORBIDDEN', message: 'needs service.reply' } },
    ]);
    const items = await itemsOf([...sup, ...wh].map((m) => m.id));
    expect(items.map((i) => i.kind).sort()).toEqual(['posting_ship', 'question_answer']);
  });

  it('refuses an action that does not fit the row’s state, changing nothing; retries answer the same', async () => {
    const cases: [Mutation, string][] = [
      [actionMutation(store, 'posting_ship', '0002-1-1', SHIP), 'POSTING_NOT_AWAITING_PACKAGING'],
      [actionMutation(store, 'posting_ship', '0005-1-1', { packages: [{ products: [{ sku: '900001', quantity: 2 }] }] }), 'SHIP_ITEMS_MISMATCH'],
      [actionMutation(store, 'posting_ship', '0005-1-1', { packages: [{ products: [{ sku: pid(1), quantity: 1 }] }] }), 'SHIP_ITEMS_MISMATCH'],
      [actionMutation(store, 'posting_ship', '0003-1-1', SHIP), 'POSTING_NOT_FBS'],
      [actionMutation(store, 'posting_cancel', '0002-1-1', { reasonId: 352 }), 'POSTING_NOT_CANCELLABLE'],
      [actionMutation(store, 'posting_cancel', '0007-1-1', { reasonId: 402 }), 'CANCEL_MESSAGE_REQUIRED'],
      [actionMutation(store, 'archive', pid(8), {}), 'PRODUCT_ALREADY_ARCHIVED'],
      [actionMutation(store, 'unarchive', pid(7), {}), 'PRODUCT_NOT_ARCHIVED'],
      [actionMutation(store, 'question_answer', 'q-1', { text: 'Да', sku: '900002' }), 'QUESTION_SKU_MISMATCH'],
      [actionMutation(store, 'chat_message', 'chat-2', { text: 'Привет' }), 'CHAT_CLOSED'],
      [actionMutation(store, 'promotion_join', `77:${pid(3)}`, { actionPrice: '950' }), 'PROMOTION_PRICE_TOO_HIGH'],
      [actionMutation(store, 'promotion_leave', `77:${pid(3)}`, {}), 'PROMOTION_NOT_PARTICIPATING'],
      [actionMutation(store, 'posting_ship', '0404-1-1', SHIP), 'UNKNOWN_ROW'],
      [actionMutation(store, 'review_reply', 'rev-404', { text: 'x' }), 'UNKNOWN_ROW'],
      [actionMutation('no-such-store', 'review_reply', 'rev-1', { text: 'x' }), 'UNKNOWN_STORE'],
    ];
    const before = await versionOf('postings', 'posting_number', '0002-1-1');
    const head = async () => Number((await h.built.db.selectFrom('workspace_seq').select('last_seq').where('workspace_id', '=', ws).executeTakeFirstOrThrow()).last_seq);
    const head0 = await head();
    const res = await push(owner, cases.map(([m]) => m));
    expect(res.body.results.map((r: { status: string; reason?: { code: string } }) => r.reason?.code ?? r.status)).toEqual(cases.map(([, code]) => code));
    expect(await head()).toBe(head0);
    expect(await versionOf('postings', 'posting_number', '0002-1-1')).toBe(before);
    expect(await itemsOf(cases.map(([m]) => m.id))).toEqual([]);
    expect((await push(owner, cases.map(([m]) => m))).body).toEqual(res.body);
    // a leave after a queued join fits (the join is not sent yet: the newest wins)
    const join = actionMutation(store, 'promotion_join', `77:${pid(3)}`, { actionPrice: '800' });
    const leave = actionMutation(store, 'promotion_leave', `77:${pid(3)}`, {});
    expect((await push(owner, [join, leave])).body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
  });

  it('bad action shapes are VALIDATION_FAILED before anything is stored', async () => {
    const bodies = [
      actionMutation(store, 'posting_ship', '0001 1', SHIP),
      actionMutation(store, 'posting_ship', '0001-1-1', { packages: [] }),
      actionMutation(store, 'review_reply', 'rev-1', { text: '   ' }),
      actionMutation(store, 'promotion_join', 'abc', { actionPrice: '1' }),
      actionMutation(store, 'price', pid(1), { price: '1' }),
      { ...actionMutation(store, 'chat_message', 'chat-1', { text: 'x' }), id: 'not-a-uuid' },
      actionMutation(store, 'chat_read', 'chat-1', { fromMessageId: 3000000000 }),
      actionMutation(store, 'chat_read', 'chat-1', {}),
    ];
    for (const m of bodies) {
      const res = await h.request('POST', '/api/v1/sync/mutations', { token: owner, body: { mutations: [m] } });
      expect(res.status, JSON.stringify(m)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await itemsOf(bodies.map((m) => m.id))).toEqual([]);
  });

  it('a shipped posting comes back in the pull at its new version, with ozonSync from its export item', async () => {
    const c = new PullClient(h, owner);
    await c.pullAll();
    const before = c.row('posting', store, '0006-1-1') as Record<string, unknown>;
    expect(before).toMatchObject({ postingNumber: '0006-1-1', status: 'awaiting_packaging' });
    const ship = actionMutation(store, 'posting_ship', '0006-1-1', SHIP);
    const r = (await push(owner, [ship])).body.results[0];
    expect(r).toMatchObject({ status: 'applied', merged: false });
    await c.pullAll();
    const after = c.row('posting', store, '0006-1-1') as Record<string, unknown>;
    expect(after.version).toBe(r.version);
    expect(after.status).toBe('awaiting_packaging'); // Ozon's status arrives with the next import
    expect(after.ozonSync).toMatchObject({ state: 'pending', reason: null });
    expect((await ozonSyncStates(h.built.db, store, 'posting', ['0006-1-1'])).get('0006-1-1')).toMatchObject({ state: 'pending', reason: null });
    // Ozon's answer, as the runner settles it
    const [item] = await itemsOf([ship.id]);
    const sent = await markSending(h.built.db, [item!.id], nowIso());
    await settle(h.built.db, sent.items, [{ id: item!.id, state: 'failed', code: 'POSTING_ALREADY_SHIPPED', message: 'posting is already shipped' }]);
    const st = (await ozonSyncStates(h.built.db, store, 'posting', ['0006-1-1'])).get('0006-1-1')!;
    expect(st.state).toBe('failed');
    expect(st.reason).toContain('POSTING_ALREADY_SHIPPED');
    // settling moved the posting in the feed: the next pull brings Ozon's answer to every client
    await c.pullAll();
    const settled = c.row('posting', store, '0006-1-1') as Record<string, unknown>;
    expect(Number(settled.version)).toBeGreaterThan(Number(after.version));
    expect(settled.ozonSync).toMatchObject({ state: 'failed' });
    expect(String((settled.ozonSync as { reason: string }).reason)).toContain('POSTING_ALREADY_SHIPPED');
  });
});
