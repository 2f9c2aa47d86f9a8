/**
 * What /v2/review/list and /v1/question/list share: a published_at window and
 * a last_id keyset (last_id = id of the last item of the previous page, ties
 * broken by seq), and how comments/answers get their ids.
 */
import { Rng } from '../util/rng';
import { invalidArgument } from '../protocol/errors';
import { nextId, type World } from '../market/world';

export interface KeysetQuery {
  table: 'reviews' | 'questions';
  storeId: number;
  /** method-specific conditions (status, skus, …) besides store_id */
  where: string[];
  args: (string | number)[];
  from: number | null;
  to: number | null;
  lastId: string;
  desc: boolean;
  limit: number;
}

/** One page by published_at (then seq), newest first unless !desc. */
export function keysetPage<T extends { id: string }>(w: World, q: KeysetQuery): { page: T[]; hasNext: boolean; lastId: string } {
  const where = ['store_id = ?', ...q.where];
  const args: (string | number)[] = [q.storeId, ...q.args];
  if (q.from !== null) {
    where.push('published_at >= ?');
    args.push(q.from);
  }
  if (q.to !== null) {
    where.push('published_at <= ?');
    args.push(q.to);
  }
  if (q.lastId) {
    const last = w.db.prepare(`SELECT published_at, seq FROM ${q.table} WHERE id = ? AND store_id = ?`).get(q.lastId, q.storeId) as { published_at: number; seq: number } | undefined;
    if (!last) throw invalidArgument('invalid last_id');
    const op = q.desc ? '<' : '>';
    where.push(`(published_at ${op} ? OR (published_at = ? AND seq ${op} ?))`);
    args.push(last.published_at, last.published_at, last.seq);
  }
  const dir = q.desc ? 'DESC' : 'ASC';
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
