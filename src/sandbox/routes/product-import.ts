/**
 * Asynchronous card writes: /v3/product/import (≤100 items, task_id),
 * /v1/product/import/info, /v1/product/attributes/update (task_id),
 * /v4/product/info/limit (daily create/update quotas, per-minute item limit).
 *
 * Attribute updates are applied by ../market/attribute-update.ts when the
 * task comes due (name 4180 and annotation 4191 land on the product row).
 *
 * Limits: at most OPERATION_LIMIT items per minute (limits clock) → 429 with
 * Item-Retry-After / Item-Rate-Limit-Remaining headers as the spec documents;
 * the daily quotas reset at 03:00 Moscow (00:00 UTC, simulated clock); items
 * over quota fail in the task with item_limit_exceeded.
 */
import { DAY, ts, ymd } from '../util/time';
import { Check, msgs, num, str, strs } from '../protocol/validate';
import { GRPC, notFound, OzonError } from '../protocol/errors';
import { createTask, taskInfo, type ImportItem, type ItemError } from '../market/imports';
import type { World } from '../market/world';
import type { RouteDef } from './context';

export const DAILY_CREATE_LIMIT = 1000;
export const DAILY_UPDATE_LIMIT = 5000;
export const TOTAL_LIMIT = 100_000;
export const OPERATION_LIMIT = 500;

const opLog = new WeakMap<World, Map<number, number[]>>();

function takeOperations(w: World, storeId: number, n: number, now: number): void {
  let byStore = opLog.get(w);
  if (!byStore) opLog.set(w, (byStore = new Map()));
  const list = (byStore.get(storeId) ?? []).filter((t) => t > now - 60_000);
  byStore.set(storeId, list);
  if (list.length + n > OPERATION_LIMIT) {
    const remaining = Math.max(0, OPERATION_LIMIT - list.length);
    const retry = Math.max(1, Math.ceil(((list[0] ?? now) + 60_000 - now) / 1000));
    throw new OzonError(GRPC.RESOURCE_EXHAUSTED, `You have reached operation items limits. Retry after ${retry} seconds. Remaining ${remaining} items`, {
      headers: { 'Item-Retry-After': String(Math.ceil(retry / 60)), 'Item-Rate-Limit-Remaining': String(remaining) },
    });
  }
  for (let i = 0; i < n; i++) list.push(now);
}

function usage(w: World, storeId: number, kind: string, day: string): number {
  return (w.db.prepare('SELECT used FROM quota_usage WHERE store_id = ? AND day = ? AND kind = ?').get(storeId, day, kind) as { used: number } | undefined)?.used ?? 0;
}

function addUsage(w: World, storeId: number, kind: string, day: string, n: number): void {
  w.db
    .prepare('INSERT INTO quota_usage(store_id, day, kind, used) VALUES (?,?,?,?) ON CONFLICT(store_id, day, kind) DO UPDATE SET used = used + excluded.used')
    .run(storeId, day, kind, n);
}

function toItem(d: Record<string, unknown>): ImportItem {
  const attrs = msgs(d.attributes as never).map((a) => ({
    id: num(a.id),
    complex_id: num(a.complex_id),
    values: msgs(a.values).map((v) => ({ dictionary_value_id: num(v.dictionary_value_id), value: str(v.value) })),
  }));
  return {
    offer_id: str(d.offer_id as never),
    name: str(d.name as never),
    description_category_id: num(d.description_category_id as never),
    new_description_category_id: num(d.new_description_category_id as never),
    type_id: num(d.type_id as never),
    price: str(d.price as never),
    old_price: str(d.old_price as never),
    vat: str(d.vat as never),
    currency_code: str(d.currency_code as never),
    barcode: str(d.barcode as never),
    images: strs(d.images as never),
    primary_image: str(d.primary_image as never),
    depth: num(d.depth as never),
    width: num(d.width as never),
    height: num(d.height as never),
    dimension_unit: str(d.dimension_unit as never),
    weight: num(d.weight as never),
    weight_unit: str(d.weight_unit as never),
    attributes: attrs,
  };
}

const quotaError = (kind: string): ItemError[] => [
  { code: 'item_limit_exceeded', field: '', attribute_id: 0, state: '', level: 'error', description: `Превышен суточный лимит на ${kind} товаров`, attribute_name: '', message: 'item_limit_exceeded' },
];

export const productImportRoutes: RouteDef[] = [
  {
    path: '/v3/product/import',
    handler: ({ w, store, body, limitsNow }) => {
      const check = new Check('ImportProductsV3Request');
      const items = msgs(body.items);
      check.maxItems('items', check.minItems('items', items, 1), 100);
      const parsed = items.map(toItem);
      parsed.forEach((it, i) => {
        if (!it.offer_id) throw new OzonError(GRPC.INVALID_ARGUMENT, `invalid ImportProductsV3Request.Items[${i}]: embedded message failed validation | caused by: invalid ImportProductsV3Request_Item.OfferId: value length must be between 1 and 50 runes, inclusive`);
      });
      takeOperations(w, store.id, parsed.length, limitsNow);
      const day = ymd(w.clock.now());
      let creates = usage(w, store.id, 'create', day);
      let updates = usage(w, store.id, 'update', day);
      const pre = parsed.map((it) => {
        const exists = w.db.prepare('SELECT 1 FROM products WHERE store_id = ? AND offer_id = ?').get(store.id, it.offer_id) !== undefined;
        if (exists) {
          if (updates >= DAILY_UPDATE_LIMIT) return quotaError('обновление');
          updates++;
          addUsage(w, store.id, 'update', day, 1);
        } else {
          if (creates >= DAILY_CREATE_LIMIT) return quotaError('создание');
          creates++;
          addUsage(w, store.id, 'create', day, 1);
        }
        return null;
      });
      return { result: { task_id: createTask(w, store.id, 'import', parsed, pre) } };
    },
  },
  {
    path: '/v1/product/import/info',
    handler: ({ w, store, body }) => {
      const taskId = new Check('GetImportProductsInfoRequest').required('task_id', num(body.task_id));
      const info = taskInfo(w, store.id, taskId);
      if (!info) throw notFound('task not found');
      return { result: info };
    },
  },
  {
    path: '/v1/product/attributes/update',
    handler: ({ w, store, body, limitsNow }) => {
      const check = new Check('ProductUpdateAttributesRequest');
      const items = check.maxItems('items', check.minItems('items', msgs(body.items), 1), 100);
      const parsed = items.map((d) => {
        const it = toItem({ offer_id: d.offer_id, attributes: d.attributes });
        return { offer_id: it.offer_id, attributes: it.attributes };
      });
      parsed.forEach((it, i) => {
        if (!it.offer_id) throw new OzonError(GRPC.INVALID_ARGUMENT, `invalid ProductUpdateAttributesRequest.Items[${i}]: embedded message failed validation | caused by: invalid ProductUpdateAttributesRequest_Item.OfferId: value length must be between 1 and 50 runes, inclusive`);
      });
      takeOperations(w, store.id, parsed.length, limitsNow);
      // every item is a card update: it counts against the daily update quota like /v3/product/import
      const day = ymd(w.clock.now());
      let updates = usage(w, store.id, 'update', day);
      const pre = parsed.map(() => {
        if (updates >= DAILY_UPDATE_LIMIT) return quotaError('обновление');
        updates++;
        addUsage(w, store.id, 'update', day, 1);
        return null;
      });
      return { task_id: createTask(w, store.id, 'attributes', parsed, pre) };
    },
  },
  {
    path: '/v4/product/info/limit',
    handler: ({ w, store }) => {
      const now = w.clock.now();
      const day = ymd(now);
      const reset = ts(Math.floor(now / DAY) * DAY + DAY);
      const total = (w.db.prepare('SELECT COUNT(*) AS n FROM products WHERE store_id = ?').get(store.id) as { n: number }).n;
      return {
        daily_create: { limit: DAILY_CREATE_LIMIT, reset_at: reset, usage: usage(w, store.id, 'create', day) },
        daily_update: { limit: DAILY_UPDATE_LIMIT, reset_at: reset, usage: usage(w, store.id, 'update', day) },
        operation_limits: { limit: OPERATION_LIMIT, limit_type: 'RATE_LIMIT_PER_MINUTE' },
        total: { limit: TOTAL_LIMIT, usage: total },
      };
    },
  },
];
