/**
 * What /v2/review/list and /v1/question/list share: a published_at window and
 * a last_id keyset (last_id = id of the last item of the previous page, ties
 * broken by seq) read the same way from both requests, and how
 * comments/answers get their ids.
 */
import { Rng } from '../util/rng';
import { parseTs } from '../util/time';
import type { Decoded } from '../protocol/decode';
import { invalidArgument } from '../protocol/errors';
import { str } from '../protocol/validate';
import { nextId, type World } from '../market/world';

export interface KeysetQuery {
  table: 'reviews' | 'questions';
  storeId: number;
  /** method-specific conditions (status, skus, …) besides store_id */
  where: string[];
  args: (string | number)[];
  /** the filter's published_at bounds as sent (each method names them its own way); not a Timestamp = no bound */
  from: string;
  to: string;
  limit: number;
}

/**
 * One page by published_at (then seq) after the request's `last_id`, newest
 * first unless its `sort_dir` is ASC (both methods name these alike).
 */
export function keysetPage<T extends { id: string }>(w: World, body: Decoded, q: KeysetQuery): { page: T[]; hasNext: boolean; lastId: string } {
  const where = ['store_id = ?', ...q.where];
  const args: (string | number)[] = [q.storeId, ...q.args];
  const from = parseTs(q.from);
  const to = parseTs(q.to);
  if (from !== null) {
    where.push('published_at >= ?');
    args.push(from);
  }
  if (to !== null) {
    where.push('published_at <= ?');
    args.push(to);
  }
  const desc = str(body.sort_dir) !== 'ASC';
  const lastId = str(body.last_id);
  if (lastId) {
    const last = w.db.prepare(`SELECT published_at, seq FROM ${q.table} WHERE id = ? AND store_id = ?`).get(lastId, q.storeId) as { published_at: number; seq: number } | undefined;
    if (!last) throw invalidArgument('invalid last_id');
    const op = desc ? '<' : '>';
    where.push(`(published_at ${op} ? OR (published_at = ? AND seq ${op} ?))`);
    args.push(last.published_at, last.published_at, last.seq);
  }
  const dir = desc ? 'DESC' : 'ASC';
  const rows = w.db.prepare(`SELECT * FROM ${q.table} WHERE ${where.join(' AND ')} ORDER BY published_at ${dir}, seq ${dir} LIMIT ?`).all(...args, q.limit + 1) as T[];
  const page = rows.slice(0, q.limit);
  return { page, hasNext: rows.length > q.limit, lastId: page.length ? page[page.length - 1]!.id : '' };
}

/** A new comment/answer: its seq in `counter`, a uuid7 id at the simulated now (deterministic per seed). */
export function newChildId(w: World, counter: 'review_comment' | 'answer', label: 'comment' | 'answer'): { id: string; seq: number; now: number } {
  const now = w.clock.now();
  const seq = nextId(w.db, counter, 1);
  return { id: Rng.derive(w.seed, label, seq).uuid7(now), seq, now };
}
