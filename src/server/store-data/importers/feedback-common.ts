/** Shared by the reviews and questions importers: the window of a run, child-row counts and the run loop. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { OzonClient } from '../../ozon/client';
import type { PublishedWindow } from '../../ozon/endpoints/feedback';
import { TABLES } from '../tables';
import { applyRows, type RowInput } from '../upsert';
import { mapLimit, type RunContext } from './context';
import { DAY_MS, isoSec } from './windows';

const OVERLAP_MS = 10 * 60_000;

/**
 * Full: everything Ozon lists. Incremental: items published in the last
 * `feedbackRecentDays` (their status, comment and answer counts still move),
 * or since the last success when that is longer ago (a server that was off).
 */
function publishedWindow(ctx: RunContext): PublishedWindow {
  if (ctx.mode === 'full' || !ctx.lastSuccessAt) return {};
  const started = Date.parse(ctx.startedAt);
  const from = Math.min(started - ctx.config.feedbackRecentDays * DAY_MS, Date.parse(ctx.lastSuccessAt) - OVERLAP_MS);
  return { from: isoSec(from) };
}

/** Live child rows per parent id (comments per review, answers per question). */
async function childCounts(db: Kysely<DB>, table: 'review_comments' | 'question_answers', parentCol: 'review_id' | 'question_id', storeId: string, parents: string[]): Promise<Map<string, number>> {
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

/** The tables of each parent kind: the parents, their children, and how childCounts finds a parent's children. */
const FEEDBACK_TABLES = {
  reviews: { parents: TABLES.review, children: TABLES.review_comment, childTable: 'review_comments', parentCol: 'review_id' },
  questions: { parents: TABLES.question, children: TABLES.question_answer, childTable: 'question_answers', parentCol: 'question_id' },
} as const;

/** One parent kind (reviews, questions) with its children (comments, answers), as the shared run loop needs it. */
export interface FeedbackSpec<P, R extends { last_id: string; has_next: boolean }> {
  kind: keyof typeof FEEDBACK_TABLES;
  /** Ozon's list method of the parents: a page after `lastId` (its last_id keyset) within the window */
  list(c: OzonClient, w: PublishedWindow, lastId: string, signal?: AbortSignal): Promise<R>;
  /** the parents of a page */
  items(page: R): P[];
  id(p: P): string;
  /** Ozon's child count of the parent (comments_amount, answers_count) */
  count(p: P): number;
  /** whether the children can be fetched at all (answers need the question's SKU) */
  fetchable?(p: P): boolean;
  parentDoc(p: P): Record<string, unknown>;
  /** every child row of the parent */
  childRows(ctx: RunContext, p: P): Promise<RowInput[]>;
}

/**
 * The reviews/questions run: pages of parents (oldest first, last_id keyset),
 * children fetched only for parents whose Ozon count differs from the child
 * rows we hold (4 at a time), each page committed together with its children
 * and the checkpoint — after a crash the counts still differ and the children
 * are fetched again. Never swept.
 */
export async function importFeedback<P, R extends { last_id: string; has_next: boolean }>(ctx: RunContext, spec: FeedbackSpec<P, R>): Promise<void> {
  const saved = ctx.cursor ? (JSON.parse(ctx.cursor) as { w: PublishedWindow; last: string }) : null;
  const w = saved?.w ?? publishedWindow(ctx);
  let last = saved?.last ?? '';
  const scope = { workspaceId: ctx.scope.workspaceId, storeId: ctx.scope.storeId };
  const t = FEEDBACK_TABLES[spec.kind];
  for (;;) {
    const page = await spec.list(ctx.client, w, last, ctx.signal);
    const items = spec.items(page);
    const held = await childCounts(ctx.db, t.childTable, t.parentCol, ctx.scope.storeId, items.map((p) => spec.id(p)));
    const stale = items.filter((p) => spec.count(p) > 0 && (spec.fetchable?.(p) ?? true) && (held.get(spec.id(p)) ?? 0) !== spec.count(p));
    const children: RowInput[] = [];
    await mapLimit(stale, 4, async (p) => {
      children.push(...(await spec.childRows(ctx, p)));
    });
    const rows = items.map((p) => ({ key: [spec.id(p)], data: spec.parentDoc(p) }));
    const next = page.has_next && page.last_id ? page.last_id : '';
    await ctx.commit(
      async (trx) => {
        await applyRows(trx, t.parents, scope, rows);
        await applyRows(trx, t.children, scope, children);
      },
      { cursor: next ? JSON.stringify({ w, last: next }) : null, done: ctx.done + rows.length, total: next ? null : ctx.done + rows.length },
    );
    if (!next) break;
    last = next;
  }
}
