/** Shared by the reviews and questions importers: the window of a run and child-row counts. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { PublishedWindow } from '../../ozon/endpoints/feedback';
import type { RunContext } from './context';
import { DAY_MS, isoSec } from './windows';

const OVERLAP_MS = 10 * 60_000;

/**
 * Full: everything Ozon lists. Incremental: items published in the last
 * `feedbackRecentDays` (their status, comment and answer counts still move),
 * or since the last success when that is longer ago (a server that was off).
 */
export function publishedWindow(ctx: RunContext): PublishedWindow {
  if (ctx.mode === 'full' || !ctx.lastSuccessAt) return {};
  const started = Date.parse(ctx.startedAt);
  const from = Math.min(started - ctx.config.feedbackRecentDays * DAY_MS, Date.parse(ctx.lastSuccessAt) - OVERLAP_MS);
  return { from: isoSec(from) };
}

/** Live child rows per parent id (comments per review, answers per question). */
export async function childCounts(db: Kysely<DB>, table: 'review_comments' | 'question_answers', parentCol: 'review_id' | 'question_id', storeId: string, parents: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!parents.length) return out;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- two tables with the same envelope, addressed by name
  const rows = await (db as unknown as Kysely<any>)
    .selectFrom(table)
    .select([parentCol, (eb) => eb.fn.countAll().as('n')])
    .where('store_id', '=', storeId)
    .where('deleted', '=', 0)
    .where(parentCol, 'in', parents)
    .groupBy(parentCol)
    .execute();
  for (const r of rows as Record<string, unknown>[]) out.set(String(r[parentCol]), Number(r.n));
  return out;
}
