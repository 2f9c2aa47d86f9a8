/**
 * Push applies a chunk's row writes in bulk (one UPDATE per entity and store)
 * and its feed entries and export items at once: on SQLite and PostgreSQL the
 * same mutations give the same results, rows, feed and export items whether
 * they come in one request (chunks of many) or one request each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation, MutationResult } from '../../src/shared/sync/protocol';
import { applyMutations, CHUNK, type Actor } from '../../src/server/sync/push';
import { DB_KINDS, type Harness } from './support/harness';
import { actionMutation, startSyncServer } from './support/actions-fixture';
import { pid, productMutation, seedStore, stockMutation, WAREHOUSE } from './sync-support';

/** edits of products 0 … E-1 fill the first chunk and part of the second; the other cases use products from E on */
const E = CHUNK + 10;
const N = E + 10;

describe.each(DB_KINDS)('push in bulk = push one by one (%s)', (kind) => {
  let h: Harness;
  let actor: Actor;
  let bulkStore: string;
  let oneStore: string;

  beforeAll(async () => {
    const s = await startSyncServer(kind, 0);
    h = s.h;
    const account = await h.built.db.selectFrom('accounts').select('id').where('workspace_id', '=', s.ws).executeTakeFirstOrThrow();
    actor = { workspaceId: s.ws, accountId: account.id, role: 'owner' };
    bulkStore = await seedStore(h.built.db, s.ws, N, 'Bulk');
    oneStore = await seedStore(h.built.db, s.ws, N, 'One by one');
  });
  afterAll(async () => h?.close());

  const versionOf = async (table: 'products' | 'stocks', store: string, productId: string) =>
    Number((await h.built.db.selectFrom(table).select('version').where('store_id', '=', store).where('product_id', '=', productId).executeTakeFirstOrThrow()).version);

  /** Edits over two chunks, rows edited twice, a merge, a conflict, rejections, an action between two edits of its row, an unknown row, repeated ids. */
  async function script(store: string): Promise<Mutation[]> {
    const v = (i: number) => versionOf('products', store, pid(i));
    const out: Mutation[] = [];
    for (let i = 0; i < E; i++) out.push(productMutation(store, pid(i), { name: `Bulk ${i}` }, { name: `Товар ${i}` }, await v(i)));
    const last = E - 5; // edited in the second chunk
    out.push(
      // another field of a row the batch moved: merged
      productMutation(store, pid(1), { description: 'Новое описание' }, { description: 'Описание 1' }, await v(1)),
      // the same field from the old base: conflict (theirs = the batch's value; ozon from its queued item)
      productMutation(store, pid(2), { name: 'Другое' }, { name: 'Товар 2' }, await v(2)),
      productMutation(store, pid(3), { price: 'abc' }, { price: '1000.00' }, await v(3)),
      productMutation(store, pid(E + 1), { price: '1200' }, { price: '1000.00' }, await v(E + 1)),
      productMutation(store, pid(E + 2), { oldPrice: '1010' }, { oldPrice: '1500.00' }, await v(E + 2)),
      stockMutation(store, pid(E + 3), 7, 10, await versionOf('stocks', store, pid(E + 3))),
      stockMutation(store, pid(E + 3), 3, 7, await versionOf('stocks', store, pid(E + 3))),
      // `last` was edited in this chunk: the action moves its version, the next edit reads it again
      actionMutation(store, 'archive', pid(last), {}),
      productMutation(store, pid(last), { description: 'После архива' }, { description: `Описание ${last}` }, await v(last)),
      productMutation(store, pid(E + 4), { name: 'Цена и имя', price: '990.50' }, { name: `Товар ${E + 4}`, price: '1000.00' }, await v(E + 4)),
      productMutation(store, pid(99999), { name: 'x' }, { name: 'Товар 99999' }, 1),
    );
    out.push(out[E - 3]!, out[3]!); // ids sent twice, in the same chunk and from an earlier one: each answers its first result
    return out;
  }

  /** Everything the store's mutations left, with versions and item ids as positions (the two stores' seqs and ids differ). */
  async function outcome(store: string, mutations: Mutation[], results: MutationResult[]) {
    const db = h.built.db;
    const feed = await db.selectFrom('change_feed').select(['seq', 'entity', 'row_key', 'op']).where('store_id', '=', store).orderBy('seq').execute();
    const pos = new Map(feed.map((f, i) => [Number(f.seq), i]));
    const at = (v: number | undefined) => (v === undefined ? undefined : (pos.get(Number(v)) ?? `unknown ${v}`));
    const rows = async (table: 'products' | 'stocks') =>
      (await db.selectFrom(table).select(['product_id', 'data', 'hash', 'version', 'deleted']).where('store_id', '=', store).orderBy('product_id').orderBy('data').execute()).map((r) => ({
        ...r,
        version: at(Number(r.version)),
      }));
    const items = await db.selectFrom('job_items').selectAll().where('store_id', '=', store).orderBy('id').execute();
    const itemAt = new Map(items.map((it, i) => [it.id, i]));
    const mutationAt = new Map(mutations.map((m, i) => [m.id, i]));
    return {
      results: results.map((r) => ({ ...r, id: mutationAt.get(r.id), ...('version' in r ? { version: at(r.version) } : {}) })),
      feed: feed.map((f) => ({ entity: f.entity, key: f.row_key === store ? 'the store' : f.row_key, op: f.op })),
      products: await rows('products'),
      stocks: await rows('stocks'),
      items: items.map((it) => ({
        kind: it.kind,
        key: it.row_key,
        state: it.state,
        payload: it.payload,
        before: it.ozon_before,
        supersededBy: it.superseded_by ? itemAt.get(it.superseded_by) : null,
        mutation: it.source_mutation_id ? mutationAt.get(it.source_mutation_id) : null,
      })),
    };
  }

  it('gives the same results, rows, feed and export items', async () => {
    const bulk = await script(bulkStore);
    expect(bulk.length).toBeGreaterThan(CHUNK); // more than one chunk
    const bulkOut = await applyMutations(h.built.db, actor, bulk);
    const one = await script(oneStore);
    const oneResults: MutationResult[] = [];
    for (const m of one) oneResults.push(...(await applyMutations(h.built.db, actor, [m])).results);

    const a = await outcome(bulkStore, bulk, bulkOut.results);
    const b = await outcome(oneStore, one, oneResults);
    expect(a.results).toEqual(b.results);
    expect(a.feed).toEqual(b.feed);
    expect(a.products).toEqual(b.products);
    expect(a.stocks).toEqual(b.stocks);
    expect(a.items).toEqual(b.items);

    // and what they are: every kind of answer is there
    const status = (i: number) => bulkOut.results[i]!;
    const last = E - 5;
    expect(status(0)).toMatchObject({ status: 'applied', merged: false });
    expect(status(E)).toMatchObject({ status: 'applied', merged: true });
    expect(status(E + 1)).toMatchObject({ status: 'conflict', conflicts: [{ field: 'name', theirs: 'Bulk 2', yours: 'Другое' }] });
    expect(status(E + 2)).toMatchObject({ status: 'rejected', reason: { code: 'PRICE_INVALID' } });
    expect(status(E + 3)).toMatchObject({ status: 'applied' });
    expect(status(E + 4)).toMatchObject({ status: 'rejected', reason: { code: 'OLD_PRICE_GAP_TOO_SMALL' } });
    expect([status(E + 5).status, status(E + 6).status]).toEqual(['applied', 'applied']);
    expect([status(E + 7).status, status(E + 8)]).toEqual(['applied', expect.objectContaining({ status: 'applied', merged: true })]);
    expect(status(E + 10)).toMatchObject({ status: 'rejected', reason: { code: 'UNKNOWN_ROW' } });
    expect(status(E + 11)).toEqual(status(E - 3));
    expect(status(E + 12)).toEqual(status(3));
    // the last write of a row edited twice in one chunk wins, at the version of its own feed entry
    const twice = a.products.find((p) => p.product_id === pid(last))!;
    expect(JSON.parse(twice.data)).toMatchObject({ name: `Bulk ${last}`, description: 'После архива' });
    expect(twice.version).toBe(a.results[E + 8]!.version);
    const stock = a.stocks.find((s) => s.product_id === pid(E + 3))!;
    expect(JSON.parse(stock.data)).toMatchObject({ present: 3, warehouseId: WAREHOUSE });
    expect(stock.version).toBe(a.results[E + 6]!.version);
  });

  it('re-sending the batch writes nothing and answers the first results', async () => {
    const batch = await script(bulkStore);
    const first = await applyMutations(h.built.db, actor, batch);
    const head = async () => Number((await h.built.db.selectFrom('workspace_seq').select('last_seq').where('workspace_id', '=', actor.workspaceId).executeTakeFirstOrThrow()).last_seq);
    const before = await head();
    const again = await applyMutations(h.built.db, actor, batch);
    expect(again.results).toEqual(first.results);
    expect(again.advanced).toBe(false);
    expect(await head()).toBe(before);
  });
});
