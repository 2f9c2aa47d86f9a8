/**
 * Actions through sync (roadmap §2, §4, §5): ship or cancel a posting, reply
 * to a review, answer a question, message a chat or mark it read, join or leave a promotion,
 * archive or unarchive a product — queued offline on the desktop, pushed as
 * `entity: 'action'` mutations, and also accepted by the HTTP exports
 * endpoint (src/server/jobs/routes.ts).
 *
 * decideAction runs INSIDE the chunk's transaction of push.ts, which has
 * already taken the workspace feed lock, claimed the idempotency record (so
 * a retried id returns the first result and enqueues nothing) and looked up
 * the chunk's stores. In order:
 *   1. key and values against EXPORT_SPECS[kind] (ACTION_INVALID);
 *   2. the role's permission for the kind (FORBIDDEN);
 *   3. the store (UNKNOWN_STORE, as push.ts found it), then the target row
 *      (UNKNOWN_ROW; deleted rows count as gone);
 *   4. where the cache can know it, that the action fits the row's state —
 *      judged on the row as Ozon last showed it, unless an unsent action of
 *      the same group is queued for it (then the newest wins by coalescing);
 *   5. enqueueExport + a feed entry for the target row (its version moves,
 *      its data does not: the row changes when Ozon's state is imported),
 *      answering 'applied' with the new version.
 * Any rejection changes nothing.
 */
import type { Kysely, Transaction } from 'kysely';
import { ACTION_KINDS, EXPORT_SPECS, type ActionKind, type ExportValuesByKind } from '../../shared/exports';
import { can, type Permission } from '../../shared/roles';
import type { MutationResult } from '../../shared/sync/protocol';
import type { DB } from '../db/schema';
import { enqueueExport, itemKeyFor, type EnqueueResult, type ExportRequest } from '../jobs/enqueue';
import { TABLES } from '../store-data/tables';
import { touchRow } from './ozon-push';
import type { Actor } from './push';
import type { Rejection } from './rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- store-data tables are addressed by name
type AnyDb = Kysely<any>;

/** Which permission each action needs. */
const ACTION_PERMISSION: Record<ActionKind, Permission> = {
  archive: 'products.edit',
  unarchive: 'products.edit',
  posting_ship: 'orders.process',
  posting_cancel: 'orders.process',
  review_reply: 'service.reply',
  question_answer: 'service.reply',
  chat_message: 'service.reply',
  // marking read changes the chat on Ozon for the whole store, as a reply does
  chat_read: 'service.reply',
  promotion_join: 'marketing.manage',
  promotion_leave: 'marketing.manage',
};

/** Ozon statuses of an FBS posting the seller may still cancel (before it leaves with the carrier). */
const CANCELLABLE = new Set(['acceptance_in_progress', 'awaiting_registration', 'awaiting_approve', 'awaiting_packaging', 'awaiting_deliver']);
/** Ozon's cancel reason "other": needs the seller's own words. */
const CANCEL_REASON_OTHER = 402;

interface ActionInput {
  id: string;
  storeId: string;
  kind: ActionKind;
  key: string;
  values: Record<string, unknown>;
  changeSetId?: string | null;
}

type ActionDecision = { result: MutationResult; seq: number | null; item: EnqueueResult | null };

const reject = (id: string, reason: Rejection): ActionDecision => ({ result: { id, status: 'rejected', reason }, seq: null, item: null });

/** `storeKnown`: the store belongs to the actor's workspace (push.ts looks up a chunk's stores at once). */
export async function decideAction(trx: Transaction<DB>, actor: Actor, m: ActionInput, storeKnown: boolean): Promise<ActionDecision> {
  if (!(ACTION_KINDS as readonly string[]).includes(m.kind)) return reject(m.id, { code: 'ACTION_INVALID', message: `unknown action ${String(m.kind)}` });
  const spec = EXPORT_SPECS[m.kind];
  if (!spec.key.safeParse(m.key).success) return reject(m.id, { code: 'ACTION_INVALID', field: 'key', message: `not a ${spec.entity} key` });
  const parsed = spec.values.safeParse(m.values);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return reject(m.id, { code: 'ACTION_INVALID', field: ['values', ...i.path.map(String)].join('.'), message: i.message });
  }
  const values = parsed.data;
  const perm = ACTION_PERMISSION[m.kind];
  if (!can(actor.role, perm)) return reject(m.id, { code: 'FORBIDDEN', message: `needs ${perm}` });

  if (!storeKnown) return reject(m.id, { code: 'UNKNOWN_STORE' });

  const table = TABLES[spec.entity];
  const parts = m.key.split(':');
  let q = (trx as unknown as AnyDb).selectFrom(table.table).select(['data', 'deleted']).where('store_id', '=', m.storeId);
  table.keys.forEach((col, i) => (q = q.where(col, '=', parts[i]!)));
  const row = (await q.executeTakeFirst()) as { data: string; deleted: number } | undefined;
  if (!row || row.deleted) return reject(m.id, { code: 'UNKNOWN_ROW' });
  const doc = JSON.parse(row.data) as Record<string, unknown>;

  const queued = await queuedInGroup(trx, m.storeId, m.kind, m.key);
  const misfit = fits(m.kind, doc, values, queued);
  if (misfit) return reject(m.id, misfit);

  const item = await enqueueExport(trx, {
    workspaceId: actor.workspaceId,
    storeId: m.storeId,
    kind: m.kind,
    key: m.key,
    values,
    changeSetId: m.changeSetId ?? null,
    sourceMutationId: m.id,
    createdBy: actor.accountId,
  } as ExportRequest);
  const seq = await touchRow(trx, actor.workspaceId, m.storeId, spec.entity, m.key);
  if (seq === null) throw new Error('decideAction: the target row vanished inside the transaction');
  return { result: { id: m.id, status: 'applied', version: seq, merged: false }, seq, item };
}

/** The newest unsent action of the same group for the target (it decides the row's coming state), if any. */
async function queuedInGroup(trx: Transaction<DB>, storeId: string, kind: ActionKind, key: string): Promise<string | null> {
  if (EXPORT_SPECS[kind].coalesce === 'none') return null;
  const r = await trx
    .selectFrom('job_items')
    .select(['kind'])
    .where('store_id', '=', storeId)
    .where('item_key', '=', itemKeyFor(kind, key))
    .where('state', 'in', ['pending', 'sending', 'written'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.kind ?? null;
}

/** Ozon ships a posting whole: the packages together hold exactly its items (quantities per SKU). */
function shipMismatch(row: Record<string, unknown>, v: ExportValuesByKind['posting_ship']): Rejection | null {
  const want = new Map<string, number>();
  for (const it of (row.items as { sku?: unknown; quantity?: unknown }[] | undefined) ?? []) want.set(String(it.sku), (want.get(String(it.sku)) ?? 0) + Number(it.quantity ?? 0));
  const got = new Map<string, number>();
  for (const p of v.packages) for (const x of p.products) got.set(x.sku, (got.get(x.sku) ?? 0) + x.quantity);
  const skus = new Set([...want.keys(), ...got.keys()]);
  const off = [...skus].filter((s) => (want.get(s) ?? 0) !== (got.get(s) ?? 0));
  return off.length ? { code: 'SHIP_ITEMS_MISMATCH', field: 'values.packages', message: off.map((s) => `SKU ${s}: posting ${want.get(s) ?? 0}, packages ${got.get(s) ?? 0}`).join('; ') } : null;
}

/** Whether the action fits the row as the cache knows it; null when it does. */
function fits(kind: ActionKind, row: Record<string, unknown>, values: Record<string, unknown>, queued: string | null): Rejection | null {
  switch (kind) {
    case 'archive':
    case 'unarchive': {
      const archived = queued ? queued === 'archive' : row.archived === true;
      if (kind === 'archive' && archived) return { code: 'PRODUCT_ALREADY_ARCHIVED' };
      if (kind === 'unarchive' && !archived) return { code: 'PRODUCT_NOT_ARCHIVED' };
      return null;
    }
    case 'posting_ship':
    case 'posting_cancel': {
      if (row.scheme !== 'fbs') return { code: 'POSTING_NOT_FBS', message: `scheme ${String(row.scheme)}` };
      // a queued ship or cancel replaces an unsent one: judge against Ozon's status
      const status = String(row.status ?? '');
      if (kind === 'posting_ship' && status !== 'awaiting_packaging') return { code: 'POSTING_NOT_AWAITING_PACKAGING', message: `status ${status}` };
      if (kind === 'posting_ship') return shipMismatch(row, values as ExportValuesByKind['posting_ship']);
      if (kind === 'posting_cancel') {
        if (!CANCELLABLE.has(status)) return { code: 'POSTING_NOT_CANCELLABLE', message: `status ${status}` };
        const v = values as ExportValuesByKind['posting_cancel'];
        if (v.reasonId === CANCEL_REASON_OTHER && !v.message?.trim()) return { code: 'CANCEL_MESSAGE_REQUIRED', field: 'values.message' };
      }
      return null;
    }
    case 'question_answer': {
      const v = values as ExportValuesByKind['question_answer'];
      if (row.sku !== undefined && String(row.sku) !== v.sku) return { code: 'QUESTION_SKU_MISMATCH', field: 'values.sku', message: `the question is about SKU ${String(row.sku)}` };
      return null;
    }
    case 'chat_message':
      return String(row.chatStatus ?? '').toLowerCase() === 'closed' ? { code: 'CHAT_CLOSED' } : null;
    case 'promotion_join': {
      const v = values as ExportValuesByKind['promotion_join'];
      const max = row.maxActionPrice === null || row.maxActionPrice === undefined ? null : Number(row.maxActionPrice);
      if (max !== null && max > 0 && Number(v.actionPrice) > max) return { code: 'PROMOTION_PRICE_TOO_HIGH', field: 'values.actionPrice', message: `at most ${String(row.maxActionPrice)}` };
      return null;
    }
    case 'promotion_leave': {
      const participating = queued ? queued === 'promotion_join' : row.participating === true;
      return participating ? null : { code: 'PROMOTION_NOT_PARTICIPATING' };
    }
    case 'review_reply':
      return null;
    // a closed chat can still be read; an already-read one is harmless to read again
    case 'chat_read':
      return null;
  }
}
