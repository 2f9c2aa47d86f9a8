/**
 * Reads of the rows actions target (for the order drawer and the action
 * state shown beside a review, question, chat, promotion product or
 * product): the server's row as pulled (`server_json`, which carries the
 * row's `ozonSync`). Read-only; never touches local edits.
 */
import { EXPORT_SPECS, type ActionKind, type ExportEntity } from '../../shared/exports';
import type { OzonSyncState } from '../../shared/sync/protocol';
import type { Cache } from './cache';
import { perCache, Stmts } from './queries-shared';

const TABLE: Record<ExportEntity, string> = {
  product: 'products',
  stock: 'stocks',
  posting: 'postings',
  review: 'reviews',
  question: 'questions',
  chat: 'chats',
  promotion_product: 'promotion_products',
};

export type TargetRow = Record<string, unknown>;

/** one statement per target table, prepared once per open cache */
const stmts = perCache((cache) => new Stmts(cache));

/** The server's row of an action's target, or null when the cache does not hold it. */
export function targetRow(cache: Cache, kind: ActionKind, storeId: string, key: string): TargetRow | null {
  const table = TABLE[EXPORT_SPECS[kind].entity];
  const json = stmts(cache).get(`SELECT server_json FROM ${table} WHERE store_id = ? AND key = ?`).pluck().get(storeId, key) as string | undefined;
  return json ? (JSON.parse(json) as TargetRow) : null;
}

/** The row's Ozon state as the feed last brought it (null: nothing sent through Sellerdesk yet). */
export function ozonSyncOf(row: TargetRow | null): OzonSyncState | null {
  const s = row?.ozonSync as { state?: unknown; reason?: unknown; at?: unknown } | null | undefined;
  if (!s || typeof s.state !== 'string' || !['synced', 'pending', 'failed', 'drifted'].includes(s.state)) return null;
  return { state: s.state as OzonSyncState['state'], reason: typeof s.reason === 'string' ? s.reason : null, at: typeof s.at === 'string' ? s.at : null };
}
