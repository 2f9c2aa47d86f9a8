/**
 * Migration 0031 (one export queue), on SQLite and PostgreSQL: a database at
 * 0030 with entries in the old `ozon_push_queue` is migrated; pending and
 * sending entries become export items (sending ones stay 'sending', so the
 * runner reads them back before any resend), entries the old bridge had
 * already adopted only lend their `before`, the newest failed entry keeps the
 * row's ozonSync, and the queue table is gone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/server/db/connect';
import { MIGRATIONS } from '../../src/server/db/migrations';
import { exportStateFor } from '../../src/server/jobs/enqueue';
import { ozonValues } from '../../src/server/sync/ozon-push';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { DB_KINDS } from './support/harness';

const upTo = (last: string) => Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name <= last));

async function migrate(db: Kysely<any>, migrations: typeof MIGRATIONS): Promise<void> {
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) throw error;
}

describe.each(DB_KINDS)('migration 0031 one export queue (%s)', (kind) => {
  let database: Database | null = null;
  let pg: TestDatabase | null = null;
  let dir: string | null = null;
  afterAll(async () => {
    await database?.close();
    await pg?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves pending and sending queue entries into job items and drops the queue', async () => {
    if (kind === 'postgres') {
      pg = await createTestDatabase();
      database = await openDatabase({ kind: 'postgres', url: pg.url } as never);
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-mig-'));
      database = await openDatabase({ kind: 'sqlite', path: path.join(dir, 'm.db') } as never);
    }
    const db = database.db as unknown as Kysely<any>;
    const before0031 = Object.keys(MIGRATIONS).filter((n) => n < '0031').at(-1)!;
    await migrate(db, upTo(before0031));

    const at = '2025-03-01T10:00:00.000Z';
    const entry = (id: string, k: string, entity: string, rowKey: string, state: string, fields: unknown, before: unknown, extra: Record<string, unknown> = {}) => ({
      id,
      workspace_id: 'ws1',
      store_id: 'st1',
      entity,
      row_key: rowKey,
      kind: k,
      mutation_id: `00000000-0000-4000-8000-${id.padStart(12, '0')}`,
      change_set_id: 'cs-m',
      seq: Number(id),
      fields: JSON.stringify(fields),
      before: JSON.stringify(before),
      state,
      reason: null,
      job_id: null,
      attempts: 0,
      created_at: at,
      updated_at: at,
      ...extra,
    });
    // an item the old bridge already made for entry 7
    await db.insertInto('jobs').values({ id: 'J0', workspace_id: 'ws1', store_id: 'st1', kind: 'price', state: 'running', change_set_id: null, created_by: null, attempts: 0, next_attempt_at: null, last_error: null, total_items: 1, created_at: at, updated_at: at, finished_at: null }).execute();
    await db
      .insertInto('job_items')
      .values({ id: 'I0', job_id: 'J0', store_id: 'st1', position: 0, item_key: 'price:105', payload: '{"price":"50.00"}', state: 'sending', attempts: 1, batch_id: 'B0', sent_at: at, not_before: null, error_code: null, error_message: null, readback: null, updated_at: at, workspace_id: 'ws1', kind: 'price', entity: 'product', row_key: '105', change_set_id: null, source_mutation_id: '00000000-0000-4000-8000-000000000007', attempt_id: 'B0', superseded_by: null, created_at: at, settled_at: null })
      .execute();
    await db
      .insertInto('ozon_push_queue')
      .values([
        entry('1', 'prices', 'product', '101', 'superseded', { price: '1100.00', oldPrice: null, minPrice: null }, { price: '1000.00', oldPrice: null, minPrice: null }),
        entry('2', 'prices', 'product', '101', 'pending', { price: '1200.00', oldPrice: '1500.00', minPrice: null }, { price: '1000.00', oldPrice: '1500.00', minPrice: null }),
        entry('3', 'stocks', 'stock', '102:22', 'sending', { present: 12 }, { present: 10 }, { attempts: 1 }),
        entry('4', 'info', 'product', '101', 'pending', { name: 'Новое имя' }, { name: 'Старое имя' }),
        entry('5', 'prices', 'product', '103', 'applied', { price: '10.00', oldPrice: null, minPrice: null }, { price: '9.00', oldPrice: null, minPrice: null }),
        entry('6', 'prices', 'product', '104', 'failed', { price: '20.00', oldPrice: null, minPrice: null }, { price: '25.00', oldPrice: null, minPrice: null }, { reason: 'PRICE_CHANGE_LIMIT: 10 changes an hour' }),
        entry('7', 'prices', 'product', '105', 'sending', { price: '50.00', oldPrice: null, minPrice: null }, { price: '55.00', oldPrice: null, minPrice: null }),
      ])
      .execute();

    await migrate(db, MIGRATIONS);

    const tables = (await db.introspection.getTables()).map((t) => t.name);
    expect(tables).not.toContain('ozon_push_queue');
    const items = await db.selectFrom('job_items').selectAll().orderBy('id').execute();
    const bySource = (n: string) => items.filter((i) => i.source_mutation_id === `00000000-0000-4000-8000-${n.padStart(12, '0')}`);
    // superseded and applied entries are history: not moved
    expect(bySource('1')).toEqual([]);
    expect(bySource('5')).toEqual([]);
    const price = bySource('2')[0]!;
    expect(price).toMatchObject({ kind: 'price', entity: 'product', row_key: '101', item_key: 'price:101', state: 'pending', change_set_id: 'cs-m', attempt_id: null, attempts: 0 });
    expect(JSON.parse(price.payload)).toEqual({ price: '1200.00', oldPrice: '1500.00', minPrice: '0' });
    expect(JSON.parse(price.ozon_before)).toEqual({ price: '1000.00', oldPrice: '1500.00', minPrice: null });
    const stock = bySource('3')[0]!;
    expect(stock).toMatchObject({ kind: 'stock', entity: 'stock', row_key: '102:22', item_key: 'stock:102:22', state: 'sending', attempts: 1 });
    expect(stock.attempt_id).toBeTruthy();
    expect(stock.sent_at).toBeTruthy();
    expect(JSON.parse(stock.payload)).toEqual({ present: 12 });
    const attrs = bySource('4')[0]!;
    expect(attrs).toMatchObject({ kind: 'attributes', state: 'pending', item_key: 'attributes:101' });
    expect(JSON.parse(attrs.payload)).toEqual({ name: 'Новое имя' });
    const failed = bySource('6')[0]!;
    expect(failed).toMatchObject({ kind: 'price', state: 'failed', error_code: 'PRICE_CHANGE_LIMIT', error_message: '10 changes an hour' });
    // the adopted entry made no second item, only lent its before
    expect(bySource('7')).toEqual([expect.objectContaining({ id: 'I0', state: 'sending', ozon_before: JSON.stringify({ price: '55.00', oldPrice: null, minPrice: null }) })]);

    // jobs per store, kind and change set; a job with a sending item is running
    const jobs = await db.selectFrom('jobs').selectAll().where('id', '<>', 'J0').execute();
    const jobOf = (id: string) => jobs.find((j) => j.id === id)!;
    expect(jobOf(price.job_id)).toMatchObject({ kind: 'price', change_set_id: 'cs-m', state: 'queued' });
    expect(Number(jobOf(price.job_id).total_items)).toBe(2); // the pending and the failed price
    expect(jobOf(stock.job_id)).toMatchObject({ kind: 'stock', state: 'running' });

    // the rows' ozonSync and the conflict's `ozon` now come from the items
    const states = await exportStateFor(database.db, 'st1', 'product', ['101', '104']);
    expect(states.get('101')).toMatchObject({ state: 'pending' });
    expect(states.get('104')).toMatchObject({ state: 'failed' });
    expect(states.get('104')!.reason).toContain('PRICE_CHANGE_LIMIT');
    expect(await ozonValues(database.db, 'st1', 'product', '101')).toEqual({ price: '1000.00', oldPrice: '1500.00', minPrice: null, name: 'Старое имя' });
  });
});
