/**
 * attributes → /v1/product/attributes/update (≤100 items {offer_id,
 * attributes}: name = attribute 4180, description = annotation 4191), an
 * ASYNCHRONOUS Ozon task: the answer is a task_id, the per-item outcome comes
 * from /v1/product/import/info, the values are read back with
 * /v4/product/info/attributes (name + attribute 4191).
 *
 * Invariants:
 * - Pre-read (by product_id): gives the offer_id the method needs, and items
 *   Ozon already shows settle as applied without a request. The pre-read
 *   also hands the db to results() through body() (the runner passes none).
 * - Ozon compares texts exactly here: a name/description Ozon rewrites on
 *   import shows as drifted with what Ozon holds.
 * - The task id is committed onto the items (batch_id = "ozon-task:<id>")
 *   as soon as Ozon answers, while they stay 'sending'. The handler then
 *   polls the task (≤ TASK_WAIT_MS): imported/skipped → written (→ read back),
 *   failed → failed with Ozon's code and description, still pending → the
 *   items stay 'sending'.
 * - Recovery (crash, shutdown, long task) never resends an item whose task
 *   is known: read() asks the task first; still pending → the lane waits
 *   (throws, backs off, asks again); done → Ozon's verdict: failed with its
 *   reason, or imported and compared (applied / drifted). Only an item whose
 *   request may have left without an answer (no task id) is compared with
 *   Ozon and, if Ozon does not show it, sent again (same values: harmless).
 * - Ozon cannot clear a filled attribute with this method: an empty
 *   description is refused up front with a reason instead of "succeeding".
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { OzonClient } from '../../ozon/client';
import { isOzonError } from '../../ozon/errors';
import { getProductAttributes } from '../../ozon/endpoints/products';
import { ATTR_ANNOTATION, ATTR_NAME, PRODUCT_WRITE_BATCH, importInfo, updateAttributes, type AttributeUpdateItem, type ImportInfoItem } from '../../ozon/endpoints/product-writes';
import { settle, type ItemRow, type Outcome } from '../settle';
import { hhmm, iso, type ItemResult, type KindHandler, type ReadBack } from './types';

const TASK_PREFIX = 'ozon-task:';
/** How long one send waits for Ozon's task before leaving the items to recovery. */
const TASK_WAIT_MS = 120_000;
/** How long recovery waits for a known task before the lane backs off and asks again. */
const RECOVERY_WAIT_MS = 10_000;
const POLL_STEPS_MS = [1000, 2000, 3000, 5000];
/** Ozon's per-item answer when the daily card-update quota is used up (resets 03:00 Moscow = 00:00 UTC). */
const QUOTA_CODE = 'item_limit_exceeded';

interface Want {
  name?: string;
  description?: string;
}
interface Seen {
  name: string;
  description: string;
}
/** Pre-read result: what Ozon shows, plus what the send needs (offer_id, and the db to commit the task id on). */
interface AttrReadBack extends ReadBack {
  offerId: string;
  db: Kysely<DB>;
}
interface Body {
  db: Kysely<DB> | null;
  send: AttributeUpdateItem[];
  byOffer: Map<string, string>;
  unknown: string[];
  refused: string[];
}

class TaskPending extends Error {}

const want = (it: ItemRow): Want => JSON.parse(it.payload) as Want;
const matches = (w: Want, s: Seen): boolean => (w.name === undefined || w.name === s.name) && (w.description === undefined || w.description === s.description);
const taskOf = (it: ItemRow & { batch_id?: string | null }): string | null => (it.batch_id?.startsWith(TASK_PREFIX) ? it.batch_id.slice(TASK_PREFIX.length) : null);
const reasonOf = (t: ImportInfoItem): string => t.errors.map((e) => e.description || e.message || e.code).join('; ') || `Ozon reports status ${t.status}`;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(t);
      reject(signal!.reason as Error);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Polls the task until no item is pending or `waitMs` passed; null = still pending. */
async function waitTask(c: OzonClient, taskId: string, waitMs: number, signal?: AbortSignal): Promise<Map<string, ImportInfoItem> | null> {
  const deadline = Date.now() + waitMs;
  for (let n = 0; ; n++) {
    const r = await importInfo(c, taskId, signal);
    if (r.result.items.length && r.result.items.every((i) => i.status !== 'pending')) return new Map(r.result.items.map((i) => [i.offer_id, i]));
    const step = POLL_STEPS_MS[Math.min(n, POLL_STEPS_MS.length - 1)]!;
    if (Date.now() + step > deadline) return null;
    await sleep(step, signal);
  }
}

async function readSeen(c: OzonClient, productIds: string[], signal?: AbortSignal): Promise<Map<string, Seen & { offerId: string }>> {
  const out = new Map<string, Seen & { offerId: string }>();
  for (let i = 0; i < productIds.length; i += 1000) {
    const chunk = productIds.slice(i, i + 1000);
    let last = '';
    do {
      const r = await getProductAttributes(c, chunk, last, signal);
      for (const p of r.result) {
        const text = (id: string) => p.attributes.find((a) => a.id === id)?.values.map((v) => v.value).join('') ?? '';
        out.set(p.id, { offerId: p.offer_id, name: p.name || text(ATTR_NAME), description: text(ATTR_ANNOTATION) });
      }
      last = r.result.length ? r.last_id : '';
    } while (last);
  }
  return out;
}

/**
 * Ozon's verdict per item left 'sending' with a known task (item id → task
 * item). Asked BEFORE the values are read, so the read-back sees the task's
 * effect. A task still pending → TaskPending (the lane backs off, asks again).
 */
async function taskVerdicts(c: OzonClient, items: ItemRow[], signal?: AbortSignal): Promise<Map<string, Map<string, ImportInfoItem>>> {
  const byTask = new Map<string, ItemRow[]>();
  for (const it of items) {
    const t = it.state === 'sending' ? taskOf(it) : null;
    if (t) byTask.set(t, [...(byTask.get(t) ?? []), it]);
  }
  const out = new Map<string, Map<string, ImportInfoItem>>();
  for (const [taskId, list] of byTask) {
    let res: Map<string, ImportInfoItem> | null;
    try {
      res = await waitTask(c, taskId, RECOVERY_WAIT_MS, signal);
    } catch (e) {
      // Ozon no longer knows the task (refused as a request): the read-back alone decides
      if (isOzonError(e) && e.kind === 'rejected') continue;
      throw e;
    }
    if (!res) throw new TaskPending(`Ozon task ${taskId} is still being processed; its items stay 'sending' until Ozon decides`);
    for (const it of list) out.set(it.id, res);
  }
  return out;
}

/**
 * Settles the items whose task Ozon decided against (failed with its reason)
 * or that Ozon imported but shows differently (drifted); returns their ids.
 * A quota refusal is left to the runner's normal path (sent again, then held).
 */
async function settleFromTasks(db: Kysely<DB>, items: ItemRow[], verdicts: Map<string, Map<string, ImportInfoItem>>, seen: Map<string, Seen & { offerId: string }>): Promise<Set<string>> {
  const outcomes: Outcome[] = [];
  for (const it of items) {
    const s = seen.get(it.row_key!);
    const t = s ? verdicts.get(it.id)?.get(s.offerId) : undefined;
    if (!s || !t || t.status === 'pending') continue;
    if (t.status === 'failed' && !t.errors.some((e) => e.code === QUOTA_CODE)) outcomes.push({ id: it.id, state: 'failed', code: t.errors[0]?.code || 'FAILED', message: reasonOf(t) });
    else if ((t.status === 'imported' || t.status === 'skipped') && !matches(want(it), s))
      outcomes.push({ id: it.id, state: 'drifted', code: 'DRIFTED', message: `Ozon shows ${JSON.stringify({ name: s.name, description: s.description })} after the update`, readback: s });
  }
  await settle(db, items, outcomes);
  return new Set(outcomes.map((o) => o.id));
}

export const attributesHandler: KindHandler = {
  kind: 'attributes',
  path: '/v1/product/attributes/update',
  batchSize: PRODUCT_WRITE_BATCH,
  waitCodes: [QUOTA_CODE],
  preRead: true,
  async holds() {
    return [];
  },
  waitHold(item, nowMs) {
    const until = (Math.floor(nowMs / 86_400_000) + 1) * 86_400_000 + 60_000;
    return { id: item.id, notBefore: iso(until), message: `Ozon's daily limit of product card updates is used up; waiting until it resets at 03:00 Moscow time (${hhmm(until)})` };
  },
  async read(c, db, _storeId, items, signal) {
    const verdicts = await taskVerdicts(c, items, signal);
    const seen = await readSeen(c, [...new Set(items.map((i) => i.row_key!))], signal);
    const settledHere = await settleFromTasks(db, items, verdicts, seen);
    const out = new Map<string, ReadBack>();
    for (const it of items) {
      const s = seen.get(it.row_key!);
      if (!s || settledHere.has(it.id)) continue;
      const rb: AttrReadBack = { matches: matches(want(it), s), value: { name: s.name, description: s.description }, offerId: s.offerId, db };
      out.set(it.id, rb);
    }
    return out;
  },
  body(items, pre): Body {
    const body: Body = { db: null, send: [], byOffer: new Map(), unknown: [], refused: [] };
    for (const it of items) {
      const rb = pre?.get(it.id) as AttrReadBack | undefined;
      if (!rb) {
        body.unknown.push(it.id);
        continue;
      }
      body.db = rb.db;
      const w = want(it);
      const attributes: AttributeUpdateItem['attributes'] = [];
      if (w.name !== undefined) attributes.push({ id: Number(ATTR_NAME), complex_id: 0, values: [{ value: w.name }] });
      if (w.description !== undefined && w.description !== '') attributes.push({ id: Number(ATTR_ANNOTATION), complex_id: 0, values: [{ value: w.description }] });
      if (w.description === '' || !attributes.length) {
        body.refused.push(it.id);
        continue;
      }
      body.send.push({ offer_id: rb.offerId, attributes });
      body.byOffer.set(rb.offerId, it.id);
    }
    return body;
  },
  async results(c, _items, raw, signal) {
    const body = raw as Body;
    const out = new Map<string, ItemResult>();
    for (const id of body.unknown) out.set(id, { ok: false, code: 'NOT_FOUND', message: 'Ozon does not know this product' });
    for (const id of body.refused) out.set(id, { ok: false, code: 'CANNOT_CLEAR', message: 'Ozon cannot clear a filled description through /v1/product/attributes/update; enter a new text instead' });
    if (!body.send.length) return out;
    const { task_id: taskId } = await updateAttributes(c, body.send, signal);
    // committed while 'sending': from here on recovery asks this task instead of resending
    const ids = [...body.byOffer.values()];
    if (body.db) await body.db.updateTable('job_items').set({ batch_id: TASK_PREFIX + taskId }).where('id', 'in', ids).where('state', '=', 'sending').execute();
    let res: Map<string, ImportInfoItem> | null = null;
    try {
      res = await waitTask(c, taskId, TASK_WAIT_MS, signal);
    } catch (e) {
      // Ozon has the task: whatever went wrong while asking about it, the items must not be resent or failed blindly
      if (signal?.aborted) throw e;
    }
    if (!res) return out; // unknown yet: the items stay 'sending' and recovery asks the task again
    for (const [offer, id] of body.byOffer) {
      const t = res.get(offer);
      if (!t || t.status === 'pending') continue;
      if (t.status === 'imported' || t.status === 'skipped') out.set(id, { ok: true });
      else out.set(id, { ok: false, code: t.errors[0]?.code || 'FAILED', message: reasonOf(t) });
    }
    return out;
  },
};
