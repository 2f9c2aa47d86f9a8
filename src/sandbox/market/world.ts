/**
 * The shared state every route and market process works on.
 */
import type { Db } from '../db/open';
import type { SimClock } from './clock';

export interface MarketConfig {
  /** Orders per store per simulated day. */
  ordersPerDay: number;
  /** Share of new orders that are FBS (rest FBO). */
  fbsShare: number;
  /** Probability that /v4/posting/fbs/ship answers 200 but leaves substatus ship_failed. */
  shipFailRate: number;
  /** When true the market packs FBS postings itself (used for the history warm-up). */
  sellerAutopilot: boolean;
}

export interface World {
  db: Db;
  seed: number;
  clock: SimClock;
  market: MarketConfig;
}

export interface StoreRow {
  id: number;
  client_id: string;
  api_key: string;
  name: string;
  legal_name: string;
  inn: string;
  ogrn: string;
  key_expires_at: number;
  key_revoked: number;
  perf_client_id: string;
  perf_client_secret: string;
}

export function nextId(db: Db, key: string, start: number): number {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(`seq:${key}`) as { value: string } | undefined;
  const next = row ? Number(row.value) + 1 : start;
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(`seq:${key}`, String(next));
  return next;
}
