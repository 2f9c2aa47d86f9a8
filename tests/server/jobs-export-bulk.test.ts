/**
 * Bulk enqueue (enqueueExports, what a push chunk calls) against the
 * one-by-one path (enqueueExport per request), on SQLite and PostgreSQL: the
 * same requests in the same order leave the same queue — coalescing within
 * the call and with unsent items already stored, holds and `ozon_before`
 * carried forward, an item the runner already claimed left alone, replies
 * never coalesced, retried mutation ids answered as duplicates — and exactly
 * one unsent item per target of each coalescing kind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/server/db/schema';
import { enqueueExport, enqueueExports, type EnqueueResult, type ExportRequest } from '../../src/server/jobs/enqueue';
import { DB_KINDS, setupOwner, startHarness, type Harness } from './support/harness';
import { seedStore, syncServerOptions, workspaceIdOf } from './sync-support';

const P1 = '1001';
const P2 = '1002';
const S1 = '1001:22000000000001';
const S2 = '1002:22000000000001';

/** Stored before the call: a held unsent price, an unsent stock, a stock the runner already claimed ('sending'), an archive. */
function existing(workspaceId: string, storeId: string): ExportRequest[] {
  const base = { workspaceId, storeId, changeSetId: null };
  return [
    { ...base, kind: 'price', key: P1, values: { price: '100.00', oldPrice: '150.00' }, before: { price: '90.00', oldPrice: '140.00' }, sourceMutationId: 'm-old' },
    { ...base, kind: 'stock', key: S1, values: { present: 1 }, before: { present: 0 } },
    { ...base, kind: 'stock', key: S2, values: { present: 7 } },
    { ...base, kind: 'archive', key: P2, values: {} },
  ];
}

/** One push chunk's worth: several edits of one target, a group pair, two replies, retried ids. */
function chunk(workspaceId: string, storeId: string): ExportRequest[] {
  const base = { workspaceId, storeId, changeSetId: null };
  return [
    { ...base, kind: 'price', key: P1, values: { price: '110.00' }, before: { price: '100.00' }, sourceMutationId: 'm1' },
    { ...base, kind: 'price', key: P2, values: { price: '5.00' }, sourceMutationId: 'm2' },
    { ...base, kind: 'price', key: P1, values: { price: '120.00', minPrice: '50.00' }, before: { price: '110.00', minPrice: null }, sourceMutationId: 'm3' },
    { ...base, kind: 'attributes', key: P1, values: { name: 'Новое имя' }, before: { name: 'Старое' }, sourceMutationId: 'm4' },
    { ...base, kind: 'stock', key: S1, values: { present: 3 }, sourceMutationId: 'm5' },
    { ...base, kind: 'stock', key: S2, values: { present: 8 }, sourceMutationId: 'm6' },
    { ...base, kind: 'stock', key: S1, values: { present: 4 }, sourceMutationId: 'm7' },
    { ...base, kind: 'unarchive', key: P2, values: {}, sourceMutationId: 'm8' },
    { ...base, kind: 'review_reply', key: 'rv-1', values: { text: 'Спасибо!' }, sourceMutationId: 'm9' },
    { ...base, kind: 'review_reply', key: 'rv-1', values: { text: 'Спасибо ещё раз!' }, sourceMutationId: 'm10' },
    { ...base, kind: 'price', key: P1, values: { price: '1.00' }, sourceMutationId: 'm-old' }, // retried, stored before the call
    { ...base, kind: 'price', key: P1, values: { price: '2.00' }, sourceMutationId: 'm1' }, // retried within the call
    { ...base, kind: 'price', key: P2, values: { oldPrice: '9.00' }, changeSetId: 'cs-1', sourceMutationId: 'm11' }, // another job (change set)
  ] as ExportRequest[];
}

async function prepare(db: Kysely<DB>, workspaceId: string, storeId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const r of existing(workspaceId, storeId)) await enqueueExport(trx, r);
  });
  // the price was held back by Ozon's hourly limit; the runner claimed the second stock
  await db.updateTable('job_items').set({ not_before: '2099-01-01T00:00:00.000Z', error_code: 'held', error_message: '10 an hour' }).where('store_id', '=', storeId).where('kind', '=', 'price').execute();
  await db.updateTable('job_items').set({ state: 'sending', attempt_id: 'a-1' }).where('store_id', '=', storeId).where('row_key', '=', S2).execute();
}

/** The store's queue with ids replaced by their order (ids differ between the two stores, their order must not). */
async function queueOf(db: Kysely<DB>, storeId: string, results: EnqueueResult[]) {
  const items = await db.selectFrom('job_items').selectAll().where('store_id', '=', storeId).orderBy('id').execute();
  const jobs = await db.selectFrom('jobs').select(['id', 'kind', 'change_set_id', 'total_items', 'state']).where('store_id', '=', storeId).orderBy('created_at').orderBy('id').execute();
  const n = new Map(items.map((r, i) => [r.id, i]));
  const j = new Map(jobs.map((r, i) => [r.id, i]));
  return {
    items: items.map((r) => ({
      n: n.get(r.id),
      job: j.get(r.job_id),
      kind: r.kind,
      key: r.row_key,
      itemKey: r.item_key.replace(r.id, '<self>'),
      state: r.state,
      payload: JSON.parse(r.payload),
      ozonBefore: r.ozon_before ? JSON.parse(r.ozon_before) : null,
      hold: [r.not_before, r.error_code, r.error_message],
      supersededBy: r.superseded_by ? n.get(r.superseded_by) : null,
      settled: r.settled_at !== null,
      mutation: r.source_mutation_id,
    })),
    jobs: jobs.map((r) => ({ kind: r.kind, changeSet: r.change_set_id, total: Number(r.total_items), state: r.state })),
    results: results.map((r) => ({ item: n.get(r.itemId), job: j.get(r.jobId), duplicate: r.duplicate, superseded: r.superseded.map((id) => n.get(id)) })),
  };
}

describe.each(DB_KINDS)('bulk export enqueue (%s)', (kind) => {
  let h: Harness;
  let db: Kysely<DB>;
  let workspaceId: string;

  beforeAll(async () => {
    h = await startHarness(kind, syncServerOptions());
    await setupOwner(h);
    db = h.built.db;
    workspaceId = await workspaceIdOf(db);
  }, 60_000);
  afterAll(async () => h?.close());

  it('leaves the same queue as enqueueing one by one, one unsent item per target', async () => {
    const bulkStore = await seedStore(db, workspaceId, 0, 'Bulk');
    const oneStore = await seedStore(db, workspaceId, 0, 'One by one');
    await prepare(db, workspaceId, bulkStore);
    await prepare(db, workspaceId, oneStore);

    const bulk = await db.transaction().execute((trx) => enqueueExports(trx, chunk(workspaceId, bulkStore)));
    const one = await db.transaction().execute(async (trx) => {
      const out: EnqueueResult[] = [];
      for (const r of chunk(workspaceId, oneStore)) out.push(await enqueueExport(trx, r));
      return out;
    });
    const b = await queueOf(db, bulkStore, bulk);
    expect(b).toEqual(await queueOf(db, oneStore, one));

    const unsent = b.items.filter((i) => i.state === 'pending');
    const item = (k: string, key: string) => unsent.filter((i) => i.kind === k && i.key === key);
    // coalesced within the call and with the stored held price: newest values over older fields, the oldest `ozon_before`, the hold kept
    expect(item('price', P1)).toEqual([
      expect.objectContaining({
        payload: { price: '120.00', oldPrice: '150.00', minPrice: '50.00' },
        ozonBefore: { price: '90.00', oldPrice: '140.00', minPrice: null },
        hold: ['2099-01-01T00:00:00.000Z', 'held', '10 an hour'],
        mutation: 'm3',
      }),
    ]);
    expect(item('attributes', P1)).toEqual([expect.objectContaining({ payload: { name: 'Новое имя' }, mutation: 'm4' })]);
    expect(item('stock', S1)).toEqual([expect.objectContaining({ payload: { present: 4 }, ozonBefore: { present: 0 } })]);
    // the runner's 'sending' stock is untouched; the new value waits behind it
    expect(b.items.filter((i) => i.key === S2).map((i) => [i.state, i.payload.present])).toEqual([
      ['sending', 7],
      ['pending', 8],
    ]);
    // archive/unarchive share a target: the newest wins
    expect(unsent.filter((i) => i.key === P2 && i.itemKey.startsWith('archive:')).map((i) => i.kind)).toEqual(['unarchive']);
    // replies never coalesce
    expect(item('review_reply', 'rv-1').map((i) => i.payload.text)).toEqual(['Спасибо!', 'Спасибо ещё раз!']);
    // exactly one unsent item per target of each coalescing kind
    const targets = unsent.filter((i) => i.kind !== 'review_reply').map((i) => i.itemKey);
    expect(new Set(targets).size).toBe(targets.length);
    // every superseded item points at the item that replaced it
    for (const i of b.items.filter((x) => x.state === 'superseded')) expect(b.items[i.supersededBy!]!.key).toBe(i.key);

    // retried ids answer the first item and write nothing
    const [m1, , , , , , , , , , mOld, m1Again] = b.results;
    expect(mOld!.duplicate).toBe(true);
    expect(b.items[mOld!.item!]!.mutation).toBe('m-old');
    expect(m1Again).toEqual({ item: m1!.item, job: m1!.job, duplicate: true, superseded: [] });
    expect(b.items.filter((i) => i.mutation === 'm1')).toHaveLength(1);
    // a second call with the same chunk is all duplicates
    const again = await db.transaction().execute((trx) => enqueueExports(trx, chunk(workspaceId, bulkStore)));
    expect(again.every((r) => r.duplicate)).toBe(true);
    expect(await db.selectFrom('job_items').select('id').where('store_id', '=', bulkStore).execute()).toHaveLength(b.items.length);
  });

  it('an invalid request in the call writes nothing', async () => {
    const storeId = await seedStore(db, workspaceId, 0, 'Invalid');
    const reqs = [...chunk(workspaceId, storeId).slice(0, 3), { workspaceId, storeId, kind: 'stock', key: S1, values: { present: -1 } } as ExportRequest];
    await expect(db.transaction().execute((trx) => enqueueExports(trx, reqs))).rejects.toThrow(/stock values/);
    expect(await db.selectFrom('job_items').select('id').where('store_id', '=', storeId).execute()).toHaveLength(0);
  });
});
