/**
 * The contract between the kind-agnostic export runner (../runner.ts) and one
 * export kind: what it sends, how Ozon answers per item, how it is read back
 * and which of Ozon's item-level limits hold it back.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema';
import type { OzonClient } from '../../ozon/client';
import type { RowInput } from '../../store-data/upsert';
import { zArr, zBool, zId, zStr } from '../../ozon/endpoints/zod-helpers';
import type { ExportKind } from '../enqueue';
import type { ItemRow } from '../settle';

export interface ItemResult {
  ok: boolean;
  code?: string;
  message?: string;
}

export interface ReadBack {
  /** Ozon shows every value the item sets */
  matches: boolean;
  /** what Ozon shows (stored on the item) */
  value: unknown;
  /** for stock: reserved units at read time */
  reserved?: number;
  /**
   * The target's whole store-data row as this read shows it (postings: the
   * status and the actions Ozon now offers). Settling writes it with the
   * outcome, so the row follows the action at once instead of at its
   * entity's next scheduled import, at no extra request.
   */
  row?: RowInput;
}

export interface Hold {
  id: string;
  notBefore: string;
  message: string;
}

export interface KindHandler {
  kind: ExportKind;
  path: string;
  batchSize: number;
  /** per-item codes that mean "wait and retry", not "failed" */
  waitCodes: string[];
  holds(db: Kysely<DB>, storeId: string, items: ItemRow[], nowMs: number): Promise<Hold[]>;
  /** Ozon's current state per item id (missing = Ozon does not know the target) */
  read(c: OzonClient, db: Kysely<DB>, storeId: string, items: ItemRow[], signal?: AbortSignal): Promise<Map<string, ReadBack>>;
  body(items: ItemRow[], pre: Map<string, ReadBack> | null): unknown;
  results(c: OzonClient, items: ItemRow[], body: unknown, signal?: AbortSignal): Promise<Map<string, ItemResult>>;
  /** a hold after Ozon's per-item "too many requests" */
  waitHold(item: ItemRow, nowMs: number): Hold;
  /** pre-read before sending (stock needs reserved) */
  preRead: boolean;
  /**
   * Written batches that may await their read-back while the lane sends the
   * next (default 0: read back before the next send). Only for a kind whose
   * send has its own, tighter limit than its reads, and whose holds keep a
   * key from being sent again while its read-back is pending.
   */
  pipeline?: number;
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16) + ' UTC';

export const ResultItem = z.object({
  product_id: zId,
  offer_id: zStr,
  warehouse_id: z.union([z.string(), z.number(), z.null()]).optional(),
  updated: zBool,
  errors: zArr(z.object({ code: zStr, message: zStr })),
});
export const WriteResponse = z.object({ result: zArr(ResultItem) });

export function money(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** When each item's target was last sent (for Ozon's per-item limits). */
export async function sentHistory(db: Kysely<DB>, storeId: string, kind: string, keys: string[], sinceIso: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('job_items')
      .select(['item_key', 'sent_at'])
      .where('store_id', '=', storeId)
      .where('kind', '=', kind)
      .where('item_key', 'in', keys.slice(i, i + 500))
      .where('sent_at', '>', sinceIso)
      .where('state', 'in', ['applied', 'drifted', 'written', 'sending'])
      .execute();
    for (const r of rows) out.set(r.item_key, [...(out.get(r.item_key) ?? []), r.sent_at!]);
  }
  return out;
}

