/**
 * Sync protocol, server side (issue 4), on SQLite and PostgreSQL: pull paging
 * and compaction, concurrent writers never leave a gap, push with exactly-once
 * retries, per-field merge and conflicts, Ozon's validation rules, permissions
 * per role, export items (the one queue to Ozon) / ozonSync, bad input, and SSE notices.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../src/server/store-data/tables';
import { applyRows } from '../../src/server/store-data/upsert';
import { nowIso } from '../../src/server/db/ids';
import { markSending, settle } from '../../src/server/jobs/settle';
import { CHUNK } from '../../src/server/sync/push';
import { DB_KINDS, sleep, type Harness } from './support/harness';
import { startSyncServer } from './support/actions-fixture';
import { PullClient, WAREHOUSE, pid, productDoc, productMutation, staff, stockMutation } from './sync-support';

const N = 300;

describe.each(DB_KINDS)('sync protocol (%s)', (kind) => {
  let h: Harness;
  let owner: string;
  let ws: string;
  let store: string;

  beforeAll(async () => {
    ({ h, owner, ws, store } = await startSyncServer(kind, N));
  });
  afterAll(async () => h?.close());

  const push = (token: string, mutations: unknown[]) => h.request('POST', '/api/v1/sync/mutations', { token, body: { mutations } });
  const feedCount = async (entity: string, key: string) =>
    Number(
      (
        await h.built.db
          .selectFrom('change_feed')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('workspace_id', '=', ws)
          .where('entity', '=', entity)
          .where('row_key', '=', key)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const itemsOf = (mutationId: string) => h.built.db.selectFrom('job_items').selectAll().where('source_mutation_id', '=', mutationId).execute();
  async function current(productId: string) {
    const c = new PullClient(h, owner);
    await c.pullAll();
    return c.row('product', store, productId) as Record<string, any>;
  }

  it('pulls from 0 to head in pages: every row once, cursor contiguous, versions = seqs', async () => {
    const c = new PullClient(h, owner, 97);
    await c.pullAll();
    const head = Number((await h.built.db.selectFrom('workspace_seq').select('last_seq').where('workspace_id', '=', ws).executeTakeFirstOrThrow()).last_seq);
    expect(c.cursor).toBe(head);
    expect(c.pages).toBeGreaterThanOrEqual(Math.ceil(head / 97));
    const products = [...c.rows.keys()].filter((k) => k.startsWith('product|'));
    const stocks = [...c.rows.keys()].filter((k) => k.startsWith('stock|'));
    expect(products).toHaveLength(N);
    expect(stocks).toHaveLength(N);
    const p = c.row('product', store, pid(7)) as Record<string, any>;
    expect(p).toMatchObject({ productId: pid(7), price: '1000.00', storeId: store, deleted: false, ozonSync: null });
    expect(typeof p.version).toBe('number');
    expect(c.row('store', store, store)).toMatchObject({ id: store, name: 'Shop' });
    // a page after head is empty and not "more"
    const empty = await h.request('GET', `/api/v1/sync/changes?after=${head}`, { token: owner });
    expect(empty.body).toEqual({ changes: [], cursor: head, head, hasMore: false });
  });

  it('compacts superseded entries within a page without skipping seqs', async () => {
    const start = new PullClient(h, owner);
    await start.pullAll();
    const before = start.cursor;
    const key = pid(11);
    for (const price of ['1001.00', '1002.00', '1003.00']) {
      await h.built.db.transaction().execute((trx) => applyRows(trx, TABLES.product, { workspaceId: ws, storeId: store }, [{ key: [key], patch: { price } }]));
    }
    const res = await h.request('GET', `/api/v1/sync/changes?after=${before}`, { token: owner });
    expect(res.body.cursor).toBe(before + 3);
    expect(res.body.changes).toHaveLength(1);
    expect(res.body.changes[0]).toMatchObject({ seq: before + 3, entity: 'product', key, op: 'upsert', row: { price: '1003.00', version: before + 3 } });
    // a page covering only the first two entries still advances over them and returns the row (current content)
    const partial = await h.request('GET', `/api/v1/sync/changes?after=${before}&limit=2`, { token: owner });
    expect(partial.body).toMatchObject({ cursor: before + 2, hasMore: true });
    expect(partial.body.changes).toEqual([expect.objectContaining({ seq: before + 2, row: expect.objectContaining({ price: '1003.00' }) })]);
  });

  it('concurrent writers (imports and pushes) never produce a gap a pulling client skips', async () => {
    const puller = new PullClient(h, owner, 50);
    await puller.pullAll();
    let writing = true;
    const pulling = (async () => {
      while (writing) {
        await puller.pullOnce();
        await sleep(2);
      }
    })();
    const importer = async (w: number) => {
      for (let round = 0; round < 8; round++) {
        const rows = Array.from({ length: 20 }, (_, j) => {
          const i = (w * 37 + round * 20 + j) % N;
          return { key: [pid(i), WAREHOUSE], data: { productId: pid(i), warehouseId: WAREHOUSE, offerId: `OFFER-${pid(i)}`, sku: String(900000 + i), present: 100 + w * 1000 + round, reserved: 0 } };
        });
        await h.built.db.transaction().execute((trx) => applyRows(trx, TABLES.stock, { workspaceId: ws, storeId: store }, rows));
      }
    };
    const pusher = async (w: number) => {
      for (let round = 0; round < 5; round++) {
        const ms = Array.from({ length: 10 }, (_, j) => {
          const i = 150 + w * 50 + round * 10 + j; // each product once
          return productMutation(store, pid(i), { name: `W${w} R${round} #${i}` }, { name: `Товар ${i}` }, 0);
        });
        const res = await push(owner, ms);
        expect(res.body.results.every((r: { status: string }) => r.status === 'applied'), JSON.stringify(res.body)).toBe(true);
      }
    };
    await Promise.all([importer(0), importer(1), importer(2), pusher(0), pusher(1)]);
    writing = false;
    await pulling;
    await puller.pullAll();
    // the client converged: every row's version matches the server's
    const fresh = new PullClient(h, owner);
    await fresh.pullAll();
    expect(puller.cursor).toBe(fresh.cursor);
    for (const [k, row] of fresh.rows) expect(puller.rows.get(k), k).toEqual(row);
    // seqs are dense (no hole a client could skip over)
    const stats = await h.built.db
      .selectFrom('change_feed')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('seq').as('max')])
      .where('workspace_id', '=', ws)
      .executeTakeFirstOrThrow();
    expect(Number(stats.n)).toBe(Number(stats.max));
  });

  it('applies a push, returns the new version, and the client sees its own edit in the feed', async () => {
    const c = new PullClient(h, owner);
    await c.pullAll();
    const p = c.row('product', store, pid(1)) as Record<string, any>;
    const m = productMutation(store, pid(1), { price: '1200' }, { price: p.price }, p.version, { changeSetId: 'cs-1' });
    const res = await push(owner, [m]);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([{ id: m.id, status: 'applied', version: expect.any(Number), merged: false }]);
    const v = res.body.results[0].version;
    await c.pullAll();
    const after = c.row('product', store, pid(1)) as Record<string, any>;
    expect(after).toMatchObject({ price: '1200.00', version: v, ozonSync: { state: 'pending', reason: null } });
    expect(c.seen.at(-1)).toMatchObject({ seq: v, entity: 'product', key: pid(1) });
    // an export item for Ozon with the change set and the full price set (no min price = "0" for Ozon)
    const q = await itemsOf(m.id);
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ kind: 'price', state: 'pending', change_set_id: 'cs-1', entity: 'product', row_key: pid(1) });
    expect(JSON.parse(q[0]!.payload)).toEqual({ price: '1200.00', oldPrice: '1500.00', minPrice: '0' });
    expect(JSON.parse(q[0]!.ozon_before!)).toEqual({ price: '1000.00', oldPrice: '1500.00', minPrice: null });
  });

  it('a retried mutation id returns the first result, applied once (also concurrently)', async () => {
    const p = await current(pid(2));
    const m = productMutation(store, pid(2), { name: 'Новое имя' }, { name: p.name }, p.version);
    const feedBefore = await feedCount('product', pid(2));
    const [a, b, c] = await Promise.all([push(owner, [m]), push(owner, [m]), push(owner, [m])]);
    expect(a.body.results[0]).toMatchObject({ status: 'applied' });
    expect(b.body).toEqual(a.body);
    expect(c.body).toEqual(a.body);
    // later retry, after another change made the row move on: still the stored first result
    const other = productMutation(store, pid(2), { description: 'другое' }, { description: p.description }, a.body.results[0].version);
    await push(owner, [other]);
    const again = await push(owner, [m]);
    expect(again.body).toEqual(a.body);
    expect(await feedCount('product', pid(2))).toBe(feedBefore + 2);
    const [first] = await itemsOf(m.id);
    const [second] = await itemsOf(other.id);
    // the unsent name edit is coalesced into the newer attributes item, which carries it forward
    expect(first).toMatchObject({ kind: 'attributes', state: 'superseded', superseded_by: second!.id });
    expect(JSON.parse(second!.payload)).toEqual({ name: 'Новое имя', description: 'другое' });
    expect(JSON.parse(second!.ozon_before!)).toEqual({ name: p.name, description: p.description });
  });

  it('merges edits of different fields by two clients; the same field conflicts with yours/theirs/ozon', async () => {
    const manager = await staff(h, owner, 'manager');
    const p = await current(pid(3));
    // both edit from the same version
    const mine = productMutation(store, pid(3), { name: 'Имя от владельца' }, { name: p.name }, p.version);
    const theirs = productMutation(store, pid(3), { price: '990' }, { price: p.price }, p.version);
    const r1 = await push(owner, [mine]);
    const r2 = await push(manager, [theirs]);
    expect(r1.body.results[0]).toMatchObject({ status: 'applied', merged: false });
    expect(r2.body.results[0]).toMatchObject({ status: 'applied', merged: true });
    const now = await current(pid(3));
    expect(now).toMatchObject({ name: 'Имя от владельца', price: '990.00', version: r2.body.results[0].version });

    // same field from the stale base: conflict, nothing changes
    const stale = productMutation(store, pid(3), { price: '1100', name: 'Ещё имя' }, { price: p.price, name: p.name }, p.version);
    const r3 = await push(owner, [stale]);
    expect(r3.body.results[0]).toEqual({
      id: stale.id,
      status: 'conflict',
      version: now.version,
      conflicts: [
        { field: 'name', base: p.name, yours: 'Ещё имя', theirs: 'Имя от владельца', ozon: p.name },
        // Ozon still has the price from before the unsent edit
        { field: 'price', base: '1000.00', yours: '1100', theirs: '990.00', ozon: '1000.00' },
      ],
    });
    expect(await current(pid(3))).toEqual(now);

    // a resolution is a mutation whose base is the server's current values
    const resolve = productMutation(store, pid(3), { price: '1100' }, { price: now.price }, now.version);
    expect((await push(owner, [resolve])).body.results[0]).toMatchObject({ status: 'applied', merged: false });
    // an edit that equals what the server already has is applied without a new version
    const same = productMutation(store, pid(3), { price: '1100.00' }, { price: '1.00' }, 0);
    const rs = await push(owner, [same]);
    expect(rs.body.results[0]).toMatchObject({ status: 'applied' });
    expect((await current(pid(3))).price).toBe('1100.00');
  });

  it('rejects what Ozon would refuse, with reason codes, changing nothing', async () => {
    const p = await current(pid(4)); // price 1000.00, old 1500.00
    const cases: [Record<string, unknown>, string, string][] = [
      [{ price: '0' }, 'PRICE_NOT_POSITIVE', 'price'],
      [{ price: '10.123' }, 'PRICE_PRECISION', 'price'],
      [{ oldPrice: '1000' }, 'OLD_PRICE_NOT_ABOVE_PRICE', 'oldPrice'],
      [{ oldPrice: '1049.99' }, 'OLD_PRICE_GAP_TOO_SMALL', 'oldPrice'], // 5 % of 1000 = 50
      [{ price: '1450' }, 'OLD_PRICE_GAP_TOO_SMALL', 'price'], // old 1500 - 1450 < 72.50
      [{ minPrice: '1000.01' }, 'MIN_PRICE_ABOVE_PRICE', 'minPrice'],
      [{ name: '   ' }, 'NAME_EMPTY', 'name'],
    ];
    for (const [changes, code, field] of cases) {
      const base = Object.fromEntries(Object.keys(changes).map((f) => [f, p[f]]));
      const m = productMutation(store, pid(4), changes, base, p.version);
      const res = await push(owner, [m]);
      expect(res.body.results[0], JSON.stringify(changes)).toMatchObject({ id: m.id, status: 'rejected', reason: { code, field } });
    }
    // boundaries that Ozon accepts: < 400 needs 20 ₽, > 10 000 needs 500 ₽; old price 0 clears it
    const ok = [
      productMutation(store, pid(4), { price: '1428.57' }, { price: '1000.00' }, 0), // 1500 - 1428.57 = 71.43 ≥ 71.43
      productMutation(store, pid(5), { price: '300', oldPrice: '320' }, { price: '1000.00', oldPrice: '1500.00' }, 0),
      productMutation(store, pid(6), { price: '20000', oldPrice: '20500' }, { price: '1000.00', oldPrice: '1500.00' }, 0),
      productMutation(store, pid(7), { oldPrice: '0', minPrice: '900' }, { oldPrice: '1500.00', minPrice: null }, 0),
    ];
    const res = await push(owner, ok);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(await current(pid(7))).toMatchObject({ oldPrice: null, minPrice: '900.00' });
    const bad = [
      productMutation(store, pid(8), { price: '300', oldPrice: '319.99' }, { price: '1000.00', oldPrice: '1500.00' }, 0),
      productMutation(store, pid(9), { price: '20000', oldPrice: '20499' }, { price: '1000.00', oldPrice: '1500.00' }, 0),
      productMutation(store, '999999999', { price: '10' }, { price: '1' }, 0),
      productMutation('no-such-store', pid(1), { price: '10' }, { price: '1' }, 0),
    ];
    const rb = await push(owner, bad);
    expect(rb.body.results.map((r: { reason: { code: string } }) => r.reason.code)).toEqual(['OLD_PRICE_GAP_TOO_SMALL', 'OLD_PRICE_GAP_TOO_SMALL', 'UNKNOWN_ROW', 'UNKNOWN_STORE']);
    expect(await current(pid(8))).toMatchObject({ price: '1000.00', oldPrice: '1500.00' });
    // a rejection is stored too: the retry answers the same
    expect((await push(owner, bad)).body).toEqual(rb.body);
  });

  it('a batch over several transactions: a rejection and a conflict change nothing, the rest apply once; re-sending it writes nothing', async () => {
    const c = new PullClient(h, owner);
    await c.pullAll();
    const row = (i: number) => c.row('product', store, pid(i)) as Record<string, any>;
    const head = async () => Number((await h.built.db.selectFrom('workspace_seq').select('last_seq').where('workspace_id', '=', ws).executeTakeFirstOrThrow()).last_seq);
    // products 60..139 and 250..289: untouched by the other tests of this file; the batch spans more than one push transaction
    const at = (j: number) => (j < 78 ? 60 + j : 172 + j);
    const edits = Array.from({ length: 118 }, (_, j) => productMutation(store, pid(at(j)), { name: `Пакет ${j}` }, { name: row(at(j)).name }, row(at(j)).version));
    const rejected = productMutation(store, pid(138), { name: '   ' }, { name: row(138).name }, row(138).version);
    const conflict = productMutation(store, pid(139), { name: 'Мой вариант' }, { name: 'Не то, что на сервере' }, row(139).version);
    // a second edit of a row edited earlier in the same batch, from the old version: merged on top of the first
    const again = productMutation(store, pid(60), { description: 'Второе изменение' }, { description: row(60).description }, row(60).version);
    const batch = [...edits.slice(0, 10), rejected, ...edits.slice(10, 55), conflict, ...edits.slice(55), again, edits[3]!];
    expect(batch.length).toBeGreaterThan(CHUNK);
    const headBefore = await head();
    const feedUnchanged = [await feedCount('product', pid(138)), await feedCount('product', pid(139))];

    const res = await push(owner, batch);
    expect(res.status).toBe(200);
    const results = res.body.results as { id: string; status: string; version: number; merged?: boolean; reason?: { code: string }; conflicts?: unknown[] }[];
    expect(results.map((r) => r.id)).toEqual(batch.map((m) => m.id));
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get(rejected.id)).toMatchObject({ status: 'rejected', reason: { code: 'NAME_EMPTY' } });
    expect(byId.get(conflict.id)).toMatchObject({ status: 'conflict', version: row(139).version, conflicts: [{ field: 'name', theirs: row(139).name, yours: 'Мой вариант' }] });
    for (const m of edits) expect(byId.get(m.id)).toMatchObject({ status: 'applied', merged: false });
    // the id sent twice in one batch answers the first result
    expect(results.at(-1)).toEqual(byId.get(edits[3]!.id));
    const first60 = byId.get(edits[0]!.id)!;
    const second60 = results.at(-2)!;
    expect(second60).toMatchObject({ id: again.id, status: 'applied', merged: true });
    expect(second60.version).toBeGreaterThan(first60.version);
    // one feed entry per write, contiguous after the head before
    const writes = edits.length + 1;
    expect(await head()).toBe(headBefore + writes);
    const versions = [...edits.map((m) => byId.get(m.id)!.version), second60.version].sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: writes }, (_, i) => headBefore + 1 + i));
    expect(await itemsOf(rejected.id)).toEqual([]);
    expect(await itemsOf(conflict.id)).toEqual([]);
    expect(await feedCount('product', pid(138))).toBe(feedUnchanged[0]);
    expect(await feedCount('product', pid(139))).toBe(feedUnchanged[1]);
    await c.pullAll();
    expect(row(60)).toMatchObject({ name: 'Пакет 0', description: 'Второе изменение', version: second60.version });
    expect(row(100)).toMatchObject({ name: 'Пакет 40', version: byId.get(edits[40]!.id)!.version });
    expect(row(137)).toMatchObject({ name: 'Пакет 77' });
    expect(row(289)).toMatchObject({ name: 'Пакет 117' });
    const untouched = (await current(pid(138))) as Record<string, any>;
    expect(untouched.name).not.toBe('   ');
    expect((await current(pid(139))).name).not.toBe('Мой вариант');
    const items = await h.built.db.selectFrom('job_items').select('id').where('source_mutation_id', 'in', batch.map((m) => m.id)).execute();
    expect(items).toHaveLength(writes);

    // re-sending the whole batch: identical answers, nothing written
    const mutationCount = async () => Number((await h.built.db.selectFrom('sync_mutations').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', ws).executeTakeFirstOrThrow()).n);
    const recorded = await mutationCount();
    const retry = await push(owner, batch);
    expect(retry.body).toEqual(res.body);
    expect(await head()).toBe(headBefore + writes);
    expect(await mutationCount()).toBe(recorded);
    expect(await h.built.db.selectFrom('job_items').select('id').where('source_mutation_id', 'in', batch.map((m) => m.id)).execute()).toHaveLength(writes);
  });

  it('permissions per role: warehouse edits stock but not prices or names; support edits nothing', async () => {
    const wh = await staff(h, owner, 'warehouse');
    const sup = await staff(h, owner, 'support');
    const c = new PullClient(h, wh);
    await c.pullAll(); // warehouse may pull
    const s = c.row('stock', store, `${pid(20)}:${WAREHOUSE}`) as Record<string, any>;
    const stock = stockMutation(store, pid(20), 42, s.present, s.version);
    const price = productMutation(store, pid(20), { price: '500' }, { price: '1000.00' }, 0);
    const name = productMutation(store, pid(20), { name: 'x' }, { name: 'Товар 20' }, 0);
    const res = await push(wh, [stock, price, name]);
    expect(res.body.results).toMatchObject([
      { id: stock.id, status: 'applied' },
      { id: price.id, status: 'rejected', reason: { code: 'FORBIDDEN', field: 'price' } },
      { id: name.id, status: 'rejected', reason: { code: 'FORBIDDEN', field: 'name' } },
    ]);
    await c.pullAll();
    expect(c.row('stock', store, `${pid(20)}:${WAREHOUSE}`)).toMatchObject({ present: 42, ozonSync: { state: 'pending' } });
    const [q] = await itemsOf(stock.id);
    expect(q).toMatchObject({ kind: 'stock', entity: 'stock', row_key: `${pid(20)}:${WAREHOUSE}`, payload: JSON.stringify({ present: 42 }) });
    expect(await itemsOf(price.id)).toEqual([]);
    const s2 = stockMutation(store, pid(21), 5, 10, 0);
    expect((await push(sup, [s2])).body.results[0]).toMatchObject({ status: 'rejected', reason: { code: 'FORBIDDEN' } });
    // no token at all
    expect((await h.request('POST', '/api/v1/sync/mutations', { body: { mutations: [s2] } })).status).toBe(401);
    expect((await h.request('GET', '/api/v1/sync/changes?after=0')).status).toBe(401);
  });

  it("Ozon's outcome travels back through the feed as ozonSync; the conflict's `ozon` is what Ozon kept", async () => {
    const p = await current(pid(30));
    const m = productMutation(store, pid(30), { price: '777' }, { price: p.price }, p.version);
    await push(owner, [m]);
    // the runner's own transitions: claimed (committed before the request), then Ozon's answer
    const [item] = await itemsOf(m.id);
    expect(JSON.parse(item!.payload)).toMatchObject({ price: '777.00' });
    const sent = await markSending(h.built.db, [item!.id], nowIso());
    expect(sent.items.map((i) => i.id)).toEqual([item!.id]);
    await settle(h.built.db, sent.items, [{ id: item!.id, state: 'failed', code: 'PRICE_CHANGE_LIMIT', message: '10 changes an hour' }]);
    const failed = await current(pid(30));
    expect(failed.version).toBeGreaterThan(p.version);
    expect(failed.ozonSync).toMatchObject({ state: 'failed' });
    expect(failed.ozonSync.reason).toContain('PRICE_CHANGE_LIMIT');
    expect(failed.ozonSync.reason).toContain('10 changes an hour');
    // Ozon never took 777: a stale edit of the price conflicts with ozon = the value before it
    const stale = productMutation(store, pid(30), { price: '800' }, { price: p.price }, p.version);
    expect((await push(owner, [stale])).body.results[0].conflicts).toEqual([{ field: 'price', base: p.price, yours: '800', theirs: '777.00', ozon: '1000.00' }]);
    // a newer edit is pending, then applied: synced, and Ozon's value is the applied one
    const again = productMutation(store, pid(30), { price: '778' }, { price: '777.00' }, failed.version);
    await push(owner, [again]);
    expect((await current(pid(30))).ozonSync).toMatchObject({ state: 'pending', reason: null });
    const [next] = await itemsOf(again.id);
    expect(JSON.parse(next!.ozon_before!)).toEqual({ price: '777.00', oldPrice: '1500.00', minPrice: null });
    const sent2 = await markSending(h.built.db, [next!.id], nowIso());
    await settle(h.built.db, sent2.items, [{ id: next!.id, state: 'applied', readback: { price: '778.0000' } }]);
    const synced = await current(pid(30));
    expect(synced.ozonSync).toMatchObject({ state: 'synced', reason: null });
    const later = productMutation(store, pid(30), { price: '900' }, { price: '1.00' }, 0);
    expect((await push(owner, [later])).body.results[0].conflicts[0]).toMatchObject({ theirs: '778.00', ozon: '778.00' });
  });

  it('bad input is VALIDATION_FAILED problem+json and stores nothing', async () => {
    const good = productMutation(store, pid(40), { price: '1234' }, { price: '1000.00' }, 0);
    const countMutations = async () => Number((await h.built.db.selectFrom('sync_mutations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await countMutations();
    const bodies: unknown[] = [
      {},
      { mutations: [] },
      { mutations: [good], extra: 1 },
      { mutations: [{ ...good, surprise: true }] },
      { mutations: [{ ...good, changes: { price: 1234 } }] },
      { mutations: [{ ...good, changes: { price: '12,34' } }] },
      { mutations: [{ ...good, changes: { sku: '1' } }] },
      { mutations: [{ ...good, id: 'not-a-uuid' }] },
      { mutations: [{ ...good, entity: 'posting' }] },
      { mutations: [{ ...good, baseVersion: -1 }] },
      { mutations: [{ ...good, base: {} }] },
      { mutations: [stockMutation(store, pid(40), 1.5, 10, 0)] },
      { mutations: [good, { ...good, id: randomUUID(), key: 'abc' }] },
      { mutations: Array.from({ length: 501 }, () => ({ ...good, id: randomUUID() })) },
      'just a string',
    ];
    for (const body of bodies) {
      const res = await h.request('POST', '/api/v1/sync/mutations', { token: owner, body });
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const malformed = await h.request('POST', '/api/v1/sync/mutations', { token: owner, rawBody: '{"mutations": [', headers: { 'content-type': 'application/json' } });
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    for (const q of ['after=-1', 'after=abc', 'after=0&limit=0', 'after=0&limit=1001', 'after=0&x=1', '']) {
      const res = await h.request('GET', `/api/v1/sync/changes?${q}`, { token: owner });
      expect(res.status, q).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await countMutations()).toBe(before);
    expect((await current(pid(40))).price).toBe('1000.00');
    // exactly 500 is fine, even with long Cyrillic texts (bigger than the global body limit)
    const big = Array.from({ length: 500 }, (_, i) =>
      productMutation(store, pid(i % N), { description: 'Ж'.repeat(100) + i }, { description: 'старое' }, 0),
    );
    const res = await push(owner, big);
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(500);
  });

  /** A server of its own with the hub's head poll set, and an SSE listener (a warehouse member) on it. */
  async function sseServer(pollMs: number) {
    const own = await startSyncServer(kind, 60, undefined, { sync: { pollMs } });
    const address = await own.h.built.app.listen({ host: '127.0.0.1', port: 0 });
    const wh = await staff(own.h, own.owner, 'warehouse');
    const events: number[] = [];
    let raw = '';
    const req = http.get(`${address}/api/v1/sync/events`, { headers: { authorization: `Bearer ${wh}` } });
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', reject);
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/event-stream/);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      raw += chunk;
      let i: number;
      while ((i = raw.indexOf('\n\n')) >= 0) {
        const block = raw.slice(0, i);
        raw = raw.slice(i + 2);
        const ev = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (ev === 'changes' && data) events.push(JSON.parse(data).head);
      }
    });
    const until = async (pred: () => boolean) => {
      const end = Date.now() + 15_000;
      while (!pred()) {
        if (Date.now() > end) throw new Error('timed out');
        await sleep(10);
      }
    };
    await until(() => events.length >= 1); // the current head on connect
    const importRow = (i: number) =>
      own.h.built.db
        .transaction()
        .execute((trx) => applyRows(trx, TABLES.product, { workspaceId: own.ws, storeId: own.store }, [{ key: [pid(i)], data: productDoc(pid(i), i, { name: 'import' }) }]));
    return { ...own, res, events, until, importRow };
  }

  // Which path brings a notice is told apart by the hub's poll interval, not by the clock: a test that timed the
  // notice against a bound failed on a busy machine without anything being wrong.
  it('SSE: another client’s push is announced at once, by the push itself (no poll needed)', async () => {
    const s = await sseServer(3_600_000);
    let closed = false;
    try {
      const head0 = s.events[0]!;
      const c = new PullClient(s.h, s.owner);
      await c.pullAll();
      const p = c.row('product', s.store, pid(5)) as Record<string, any>;
      const r = await s.h.request('POST', '/api/v1/sync/mutations', {
        token: s.owner,
        body: { mutations: [productMutation(s.store, pid(5), { name: 'SSE' }, { name: p.name }, p.version)] },
      });
      await s.until(() => s.events.some((e) => e > head0));
      expect(s.events.find((e) => e > head0)).toBe(r.body.results[0].version);
      // a write that does not notify (an import) is left to the poll, which this hub does not run within the hour
      const seen = s.events.length;
      await s.importRow(6);
      await sleep(300);
      expect(s.events).toHaveLength(seen);
      // closing the server ends the stream
      const ended = new Promise<void>((resolve) => s.res.on('close', () => resolve()));
      closed = true;
      await s.h.close();
      await ended;
    } finally {
      if (!closed) await s.h.close();
    }
  });

  it('SSE: a write that does not notify (an import) is found by the head poll', async () => {
    const s = await sseServer(50);
    try {
      const head0 = Math.max(...s.events);
      await s.importRow(7);
      await s.until(() => s.events.some((e) => e > head0));
    } finally {
      await s.h.close();
    }
  });
});
