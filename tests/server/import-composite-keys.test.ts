/**
 * applyRows on tables with a two-column natural key (promotion products,
 * stocks), SQLite and PostgreSQL: existing rows are found by the whole key
 * (a row-value IN, one primary-key search per key), so a re-import of equal
 * rows is a no-op without feed entries; keys whose columns each occur in
 * stored rows but not together are new rows; and only the page's own rows are
 * marked seen (not every combination of their columns), so the sweep keeps
 * exactly what the run saw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../src/server/store-data/tables';
import { applyRows, sweepUnseen, type RowInput } from '../../src/server/store-data/upsert';
import { DB_KINDS, setupOwner, startHarness, type Harness } from './support/harness';
import { seedStore, syncServerOptions, workspaceIdOf } from './sync-support';

const doc = (action: string, product: string, price: string) => ({ actionId: action, productId: product, participating: true, price, actionPrice: null, maxActionPrice: null, stock: 1 });
const rows = (actions: string[], products: number, price = '10.00'): RowInput[] =>
  actions.flatMap((a) => Array.from({ length: products }, (_, i) => ({ key: [a, `p${i}`], data: doc(a, `p${i}`, price) })));

describe.each(DB_KINDS)('composite-key upserts (%s)', (kind) => {
  let h: Harness;
  let scope: { workspaceId: string; storeId: string };
  beforeAll(async () => {
    h = await startHarness(kind, syncServerOptions());
    await setupOwner(h);
    const workspaceId = await workspaceIdOf(h.built.db);
    scope = { workspaceId, storeId: await seedStore(h.built.db, workspaceId, 0) };
  }, 60_000);
  afterAll(async () => h?.close());

  const feedCount = async () => Number((await h.built.db.selectFrom('change_feed').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', scope.workspaceId).executeTakeFirstOrThrow()).n);
  const apply = (input: RowInput[], runId: string | null = null) => h.built.db.transaction().execute((trx) => applyRows(trx, TABLES.promotion_product, { ...scope, runId }, input));

  it('matches stored rows by the whole key, across chunks of the lookup', async () => {
    // 451 keys: three lookup chunks of up to 200
    const first = await apply([...rows(['a1', 'a2', 'a3'], 150), { key: ['b', 'q0'], data: doc('b', 'q0', '10.00') }], 'run-1');
    expect(first).toEqual({ inserted: 451, updated: 0, unchanged: 0 });
    const feed = await feedCount();

    // equal documents: nothing written, no feed entries, every row marked seen by the new run
    expect(await apply([...rows(['a1', 'a2', 'a3'], 150), { key: ['b', 'q0'], data: doc('b', 'q0', '10.00') }], 'run-2')).toEqual({ inserted: 0, updated: 0, unchanged: 451 });
    expect(await feedCount()).toBe(feed);
    const seen = await h.built.db.selectFrom('promotion_products').select('seen_run').where('store_id', '=', scope.storeId).execute();
    expect(seen.every((r) => r.seen_run === 'run-2')).toBe(true);

    // keys whose columns each occur in stored rows, but not together, are new: (a1, q0), (b, p0)
    expect(await apply([{ key: ['a1', 'q0'], data: doc('a1', 'q0', '10.00') }, { key: ['b', 'p0'], data: doc('b', 'p0', '10.00') }], 'run-2')).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    // a changed document is an update of exactly that row
    expect(await apply([{ key: ['a2', 'p7'], data: doc('a2', 'p7', '11.00') }], 'run-2')).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await feedCount()).toBe(feed + 3);
  });

  it('marks only the page rows seen, so the sweep removes exactly the rows a run did not see', async () => {
    // run-3 sees a1, a3, (a1, q0) and (b, p0) (equal rows: the seen-only path); a2 and (b, q0),
    // whose columns each occur among the seen keys, must be swept
    await apply(rows(['a1', 'a3'], 150), 'run-3');
    await apply([{ key: ['a1', 'q0'], data: doc('a1', 'q0', '10.00') }, { key: ['b', 'p0'], data: doc('b', 'p0', '10.00') }], 'run-3');
    const swept = await h.built.db.transaction().execute((trx) => sweepUnseen(trx, TABLES.promotion_product, { ...scope, runId: 'run-3' }));
    expect(swept).toBe(151);
    const live = await h.built.db.selectFrom('promotion_products').select(['action_id', 'deleted']).where('store_id', '=', scope.storeId).execute();
    expect(live.filter((r) => r.deleted === 0).map((r) => r.action_id).sort()).toEqual([...Array(151).fill('a1'), ...Array(150).fill('a3'), 'b']);
    expect(live.filter((r) => r.deleted === 1).length).toBe(151);
  });
});
