import type { Kysely } from 'kysely';
import { newId } from '../ids';

/**
 * One queue to Ozon (issues 3+4): accepted edits go straight into export job
 * items; the sync side's `ozon_push_queue` (0010) and its bridge are gone.
 *
 * - job_items.ozon_before: JSON of the row's values (of the item's fields)
 *   before the edit — what Ozon had; the conflict dialog's `ozon` value.
 * - Queue entries still 'pending' become pending items; entries 'sending'
 *   (claimed, a request may have left) become 'sending' items, so the runner
 *   reads them back before any resend. Entries an item already carries
 *   (adopted by the old bridge: same store and source mutation) only lend
 *   their `before`. The newest failed / drifted entry of a row and kind
 *   without an item becomes a settled item, so the row keeps its ozonSync.
 * - At most one pending item per target stays true: a pending item of the
 *   same target is superseded by the moved one (older fields carried forward
 *   for prices and attributes), as enqueueExport does.
 *
 * Self-contained on purpose (a shipped migration must not change with the
 * app's code): plain queries over Kysely<any>, on SQLite and PostgreSQL.
 */

const KIND: Record<string, string> = { prices: 'price', stocks: 'stock', info: 'attributes' };
const OPEN = ['pending', 'sending'];
const SETTLED = ['failed', 'drifted'];

interface QueueEntry {
  id: string;
  workspace_id: string;
  store_id: string;
  entity: string;
  row_key: string;
  kind: string;
  mutation_id: string;
  change_set_id: string | null;
  seq: number | string;
  fields: string;
  before: string;
  state: string;
  reason: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
}

/** The queue's `fields` as export values of the item's kind (old/min price null = none = "0" for Ozon). */
function valuesOf(kind: string, fields: Record<string, unknown>): Record<string, unknown> | null {
  if (kind === 'stock') return typeof fields.present === 'number' || typeof fields.present === 'string' ? { present: Number(fields.present) } : null;
  const names = kind === 'price' ? ['price', 'oldPrice', 'minPrice'] : ['name', 'description'];
  const out: Record<string, unknown> = {};
  for (const f of names) {
    if (!(f in fields)) continue;
    const v = fields[f];
    if (kind === 'price') out[f] = v === null || v === undefined ? '0' : String(v);
    else if (typeof v === 'string') out[f] = v;
  }
  if (kind === 'price' && (out.price === '0' || out.price === undefined)) delete out.price;
  return Object.keys(out).length ? out : null;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('job_items').addColumn('ozon_before', 'text').execute();

  const entries = (await db
    .selectFrom('ozon_push_queue')
    .selectAll()
    .where('state', 'in', [...OPEN, ...SETTLED])
    .orderBy('seq')
    .execute()) as QueueEntry[];
  // settled entries: only the newest of each (row, kind), and only when nothing newer is open
  const newest = new Map<string, QueueEntry>();
  for (const e of entries) newest.set(`${e.store_id}|${e.entity}|${e.row_key}|${e.kind}`, e);
  const jobs = new Map<string, string>(); // store|kind|changeSet → job id

  for (const e of entries) {
    const kind = KIND[e.kind];
    if (!kind) continue;
    if (SETTLED.includes(e.state) && newest.get(`${e.store_id}|${e.entity}|${e.row_key}|${e.kind}`) !== e) continue;
    const existing = await db.selectFrom('job_items').select(['id']).where('store_id', '=', e.store_id).where('source_mutation_id', '=', e.mutation_id).executeTakeFirst();
    if (existing) {
      await db.updateTable('job_items').set({ ozon_before: e.before }).where('id', '=', existing.id).where('ozon_before', 'is', null).execute();
      continue;
    }
    let values = valuesOf(kind, JSON.parse(e.fields) as Record<string, unknown>);
    if (!values) continue;
    const id = newId();
    const at = e.updated_at;
    const itemKey = `${kind}:${e.row_key}`;
    if (e.state === 'pending') {
      const prev = (await db
        .selectFrom('job_items')
        .select(['id', 'payload'])
        .where('store_id', '=', e.store_id)
        .where('kind', '=', kind)
        .where('item_key', '=', itemKey)
        .where('state', '=', 'pending')
        .execute()) as { id: string; payload: string }[];
      for (const p of prev) {
        if (kind !== 'stock') values = { ...(JSON.parse(p.payload) as Record<string, unknown>), ...values };
        await db.updateTable('job_items').set({ state: 'superseded', superseded_by: id, updated_at: at, settled_at: at }).where('id', '=', p.id).execute();
      }
    }
    const jobKey = `${e.store_id}|${kind}|${e.change_set_id ?? ''}`;
    let jobId = jobs.get(jobKey);
    if (!jobId) {
      jobId = newId();
      jobs.set(jobKey, jobId);
      await db
        .insertInto('jobs')
        .values({
          id: jobId,
          workspace_id: e.workspace_id,
          store_id: e.store_id,
          kind,
          state: 'queued',
          change_set_id: e.change_set_id,
          created_by: null,
          attempts: 0,
          next_attempt_at: null,
          last_error: null,
          total_items: 0,
          created_at: e.created_at,
          updated_at: at,
          finished_at: null,
        })
        .execute();
    }
    const sending = e.state === 'sending';
    const settled = SETTLED.includes(e.state);
    // the queue kept Ozon's reason as "CODE: message"
    const why = /^([A-Z][A-Z0-9_]*): ([\s\S]*)$/.exec(e.reason ?? '');
    const code = settled ? (why?.[1] ?? (e.state === 'drifted' ? 'DRIFTED' : 'FAILED')) : null;
    const message = settled ? (why ? why[2]! : e.reason) : null;
    await db
      .insertInto('job_items')
      .values({
        id,
        job_id: jobId,
        store_id: e.store_id,
        position: 0,
        item_key: itemKey,
        payload: JSON.stringify(values),
        state: e.state,
        attempts: Math.max(e.attempts, sending || settled ? 1 : 0),
        batch_id: sending ? id : null,
        sent_at: sending || settled ? at : null,
        not_before: null,
        error_code: code,
        error_message: message,
        readback: null,
        updated_at: at,
        workspace_id: e.workspace_id,
        kind,
        entity: e.entity,
        row_key: e.row_key,
        change_set_id: e.change_set_id,
        source_mutation_id: e.mutation_id,
        // committed 'sending' with an attempt id: the runner reads it back before any resend
        attempt_id: sending ? id : null,
        superseded_by: null,
        created_at: e.created_at,
        settled_at: settled ? at : null,
        ozon_before: e.before,
      })
      .execute();
    await db
      .updateTable('jobs')
      .set((eb: any) => ({ total_items: eb('total_items', '+', 1), updated_at: at }))
      .where('id', '=', jobId)
      .execute();
    if (sending) await db.updateTable('jobs').set({ state: 'running' }).where('id', '=', jobId).execute();
  }
  // jobs holding only settled items are finished
  for (const jobId of jobs.values()) {
    const open = await db.selectFrom('job_items').select('id').where('job_id', '=', jobId).where('state', 'in', OPEN).executeTakeFirst();
    if (!open) await db.updateTable('jobs').set({ state: 'done', finished_at: new Date().toISOString() }).where('id', '=', jobId).execute();
  }

  await db.schema.dropTable('ozon_push_queue').execute();
}

/** Recreates the (empty) queue table of 0010; items stay where they are. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ozon_push_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('row_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mutation_id', 'text', (c) => c.notNull())
    .addColumn('change_set_id', 'text')
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('before', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('job_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ozon_push_queue_row_idx').on('ozon_push_queue').columns(['store_id', 'entity', 'row_key', 'seq']).execute();
  await db.schema.createIndex('ozon_push_queue_state_idx').on('ozon_push_queue').columns(['store_id', 'state', 'kind', 'seq']).execute();
  await db.schema.createIndex('ozon_push_queue_change_set_idx').on('ozon_push_queue').columns(['workspace_id', 'change_set_id']).execute();
  await db.schema.alterTable('job_items').dropColumn('ozon_before').execute();
}
