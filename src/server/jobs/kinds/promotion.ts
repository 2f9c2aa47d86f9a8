/**
 * promotion_join → /v1/actions/products/activate, promotion_leave →
 * /v1/actions/products/deactivate. Row key "actionId:productId". Ozon batches
 * per action_id (≤1000 products a call): a claimed batch is grouped by action
 * and sent as one request per group. Ozon answers 200 with accepted
 * product_ids and rejected[] {product_id, reason} (e.g. the action price is
 * above max_action_price): rejected items fail with Ozon's reason — except a
 * leave Ozon refuses because the product does not participate (checked with
 * a read): the intent holds, so it is written and read back applied.
 *
 * Read-back with /v1/actions/products (all pages of the action): join is
 * applied when the product participates at the action price (and stock, when
 * set); leave when it no longer participates.
 *
 * Only the first group's transport error is left to the runner (nothing else
 * was sent yet). A later group's is kept per item: its items stay 'sending'
 * (not mentioned) and the next step reads them back before any resend.
 */
import type { OzonClient } from '../../ozon/client';
import { isOzonError } from '../../ozon/errors';
import { listActionProducts } from '../../ozon/endpoints/actions';
import { ACTION_PRODUCTS_PER_WRITE, activateActionProducts, deactivateActionProducts, type ActionWriteResult } from '../../ozon/endpoints/promotion-actions';
import type { ExportValuesByKind } from '../enqueue';
import type { ItemRow } from '../settle';
import { noHolds, payloadOf, refusal, retryHold } from './action-common';
import { money, type ItemResult, type KindHandler, type ReadBack } from './types';

const split = (it: ItemRow): [string, string] => {
  const [a, p] = it.row_key!.split(':') as [string, string];
  return [a, p];
};

function byAction(items: ItemRow[]): Map<string, ItemRow[]> {
  const out = new Map<string, ItemRow[]>();
  for (const it of items) {
    const [a] = split(it);
    out.set(a, [...(out.get(a) ?? []), it]);
  }
  return out;
}

interface Participation {
  actionPrice: string | null;
  stock: number | null;
  maxActionPrice: string | null;
}

/** Every participating product of the action; null when Ozon does not know the action. */
async function participants(c: OzonClient, actionId: string, signal?: AbortSignal): Promise<Map<string, Participation> | null> {
  const out = new Map<string, Participation>();
  let offset = 0;
  try {
    for (;;) {
      const r = await listActionProducts(c, 'products', actionId, offset, signal);
      for (const p of r.result.products) out.set(p.id, { actionPrice: p.action_price, stock: p.stock, maxActionPrice: p.max_action_price });
      if (!r.result.last_id || !r.result.products.length) return out;
      offset = r.result.last_id;
    }
  } catch (e) {
    if (isOzonError(e) && e.kind === 'rejected') return null;
    throw e;
  }
}

async function readBack(c: OzonClient, items: ItemRow[], want: (it: ItemRow, p: Participation | undefined) => boolean, signal?: AbortSignal): Promise<Map<string, ReadBack>> {
  const out = new Map<string, ReadBack>();
  for (const [actionId, group] of byAction(items)) {
    const seen = await participants(c, actionId, signal);
    if (!seen) continue;
    for (const it of group) {
      const p = seen.get(split(it)[1]);
      out.set(it.id, { matches: want(it, p), value: p ? { participating: true, ...p } : { participating: false } });
    }
  }
  return out;
}

/**
 * One request per action (≤1000 products); see the module comment for errors.
 * `done`, when given, tells which rejected products already are as wanted
 * (a leave of a product that does not participate): those are written, and
 * the read-back confirms them.
 */
async function sendGrouped(
  items: ItemRow[],
  call: (actionId: string, group: ItemRow[]) => Promise<ActionWriteResult>,
  done?: (actionId: string) => Promise<Set<string>>,
): Promise<Map<string, ItemResult>> {
  const out = new Map<string, ItemResult>();
  const groups: [string, ItemRow[]][] = [];
  for (const [a, g] of byAction(items)) for (let i = 0; i < g.length; i += ACTION_PRODUCTS_PER_WRITE) groups.push([a, g.slice(i, i + ACTION_PRODUCTS_PER_WRITE)]);
  for (const [n, [actionId, group]] of groups.entries()) {
    let res: ActionWriteResult;
    try {
      res = await call(actionId, group);
    } catch (e) {
      if (groups.length === 1) throw e;
      if (isOzonError(e) && e.kind === 'rejected') {
        const r = refusal(e);
        for (const it of group) out.set(it.id, r);
        continue;
      }
      if (n === 0) throw e;
      break;
    }
    const byProduct = new Map(group.map((it) => [split(it)[1], it.id]));
    for (const p of res.product_ids) {
      const id = byProduct.get(p);
      if (id) out.set(id, { ok: true });
    }
    const already = res.rejected.length && done ? await done(actionId) : new Set<string>();
    for (const x of res.rejected) {
      const id = byProduct.get(x.product_id);
      if (!id) continue;
      out.set(id, already.has(x.product_id) ? { ok: true } : { ok: false, code: 'ACTION_REJECTED', message: x.reason || 'Ozon rejected the product without a reason' });
    }
  }
  return out;
}

const common = {
  batchSize: ACTION_PRODUCTS_PER_WRITE,
  waitCodes: [] as string[],
  preRead: false,
  holds: noHolds,
  waitHold: (item: ItemRow, nowMs: number) => retryHold(item, nowMs, 'Ozon asked to retry'),
  body: (items: ItemRow[]) => items,
};

export const promotionJoinHandler: KindHandler = {
  ...common,
  kind: 'promotion_join',
  path: '/v1/actions/products/activate',
  read: (c, _db, _storeId, items, signal) =>
    readBack(
      c,
      items,
      (it, p) => {
        if (!p) return false;
        const v = payloadOf<ExportValuesByKind['promotion_join']>(it);
        const priceOk = Math.abs((money(p.actionPrice) ?? 0) - Number(v.actionPrice)) < 0.005;
        return priceOk && (v.stock === undefined || p.stock === v.stock);
      },
      signal,
    ),
  results: (c, items, _body, signal) =>
    sendGrouped(items, async (actionId, group) => {
      const products = group.map((it) => {
        const v = payloadOf<ExportValuesByKind['promotion_join']>(it);
        return { product_id: Number(split(it)[1]), action_price: Number(v.actionPrice), ...(v.stock !== undefined ? { stock: v.stock } : {}) };
      });
      return (await activateActionProducts(c, actionId, products, signal)).result;
    }),
};

export const promotionLeaveHandler: KindHandler = {
  ...common,
  kind: 'promotion_leave',
  path: '/v1/actions/products/deactivate',
  read: (c, _db, _storeId, items, signal) => readBack(c, items, (_it, p) => !p, signal),
  results: (c, items, _body, signal) =>
    sendGrouped(
      items,
      async (actionId, group) => (await deactivateActionProducts(c, actionId, group.map((it) => Number(split(it)[1])), signal)).result,
      // Ozon refuses to remove a product that does not participate: the person's intent already holds
      async (actionId) => {
        const seen = await participants(c, actionId, signal);
        const ids = new Set(items.filter((it) => split(it)[0] === actionId).map((it) => split(it)[1]));
        return new Set(seen ? [...ids].filter((p) => !seen.has(p)) : []);
      },
    ),
};
