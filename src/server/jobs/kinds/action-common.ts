/**
 * Shared by the action kinds (posting, feedback, promotion): Ozon's refusal of
 * a single-target write as a per-item result, and the pieces every
 * single-target kind has in common (no pacing holds, a short retry hold).
 */
import { isOzonError } from '../../ozon/errors';
import type { ItemRow } from '../settle';
import { hhmm, iso, type Hold, type ItemResult } from './types';

/**
 * Ozon's whole-request 4xx (HTTP 400/404 with rpcStatus) for a request that
 * carried one item → that item's result. Ozon's message is usually the code
 * itself ("POSTING_ALREADY_SHIPPED"), sometimes a sentence: the code is its
 * leading UPPER_SNAKE token when there is one, else the gRPC code.
 * Anything else (429, 5xx, timeouts, auth) is rethrown for the runner.
 */
export function refusal(e: unknown): ItemResult {
  if (!isOzonError(e) || e.kind !== 'rejected') throw e;
  const msg = e.ozonMessage || e.message;
  const token = /^([A-Z][A-Z0-9_]{2,})\b/.exec(msg)?.[1];
  return { ok: false, code: token ?? String(e.code ?? e.httpStatus ?? 'REJECTED'), message: msg };
}

/** true when a refusal says the item was already done (the read-back decides) */
export const alreadyDone = (r: ItemResult, codes: string[]): boolean => !r.ok && !!r.code && codes.includes(r.code);

export const noHolds = async (): Promise<Hold[]> => [];

/** A short wait before the next attempt (Ozon asked to retry). */
export function retryHold(item: ItemRow, nowMs: number, why: string, delayMs = 5_000): Hold {
  const until = nowMs + delayMs;
  return { id: item.id, notBefore: iso(until), message: `${why}; retrying at ${hhmm(until)}` };
}

/**
 * Ozon and this server have separate clocks: a reply "created after sent_at"
 * is compared with this much slack. Together with excluding objects other
 * items already claimed, a reply is never attributed twice.
 */
export const CLOCK_SLACK_MS = 5 * 60_000;

export function createdAfter(createdAt: string | null, sentAt: string | null): boolean {
  if (!sentAt) return true;
  if (!createdAt) return false;
  const c = Date.parse(createdAt);
  return Number.isFinite(c) && c >= Date.parse(sentAt) - CLOCK_SLACK_MS;
}

export const payloadOf = <T>(it: ItemRow): T => JSON.parse(it.payload) as T;
