/**
 * Finance from Ozon's accrual methods (/v3/finance/transaction/list was
 * switched off on 6 July 2026): one row per accrual of
 * /v1/finance/accrual/by-day (finance-doc.ts), its typed lines named from
 * /v1/finance/accrual/types (read once a run: a small dictionary).
 *
 * by-day answers one Moscow date a request, paged by `last_id` until an empty
 * page. The first run covers `financeHistoryDays`; later runs re-read from
 * the date of the last success minus an overlap (Ozon books some accruals on
 * an earlier date), up to today — or further while the following dates still
 * have accruals (Ozon's clock and the Moscow date may be ahead of ours). The
 * date range, the current date and its last_id are frozen in the checkpoint,
 * so a resumed run continues on the page it stopped at. Never swept (accruals are history), except the one-time retirement of
 * rows from the switched-off method (finance-legacy.ts).
 */
import { accrualsByDay, accrualTypes, ACCRUALS_EARLIEST } from '../../ozon/endpoints/finance';
import { TABLES } from '../tables';
import { applyRows } from '../upsert';
import type { Importer, RunContext } from './context';
import { financeDoc } from './finance-doc';
import { hasLegacyFinanceRows, retireLegacyFinanceRows } from './finance-legacy';
import { DAY_MS } from './windows';

const OVERLAP_MS = 2 * DAY_MS;
const MSK_OFFSET_MS = 3 * 3_600_000;
/** Moscow calendar date of an instant (Moscow is UTC+3 all year). */
export const mskDate = (ms: number): string => new Date(ms + MSK_OFFSET_MS).toISOString().slice(0, 10);
const nextDate = (d: string): string => new Date(Date.parse(`${d}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

interface State {
  /** last Moscow date to read: the run's today, moved on while the dates after it still have accruals */
  to: string;
  /** the date being read, the last_id of its last page read ('' = from its start), accruals read on it */
  day: string;
  lastId: string;
  seen: number;
  /** tombstone rows of the switched-off method in the last commit */
  legacy: boolean;
}

async function plan(ctx: RunContext): Promise<State> {
  const legacy = await hasLegacyFinanceRows(ctx.db, ctx.scope.storeId);
  const now = Date.parse(ctx.startedAt);
  const start = ctx.mode === 'full' || !ctx.lastSuccessAt || legacy ? now - ctx.config.financeHistoryDays * DAY_MS : Date.parse(ctx.lastSuccessAt) - OVERLAP_MS;
  const from = mskDate(start);
  return { to: mskDate(now), day: from < ACCRUALS_EARLIEST ? ACCRUALS_EARLIEST : from, lastId: '', seen: 0, legacy };
}

export const financeImporter: Importer = {
  entity: 'finance',
  async run(ctx) {
    const st: State = ctx.cursor ? (JSON.parse(ctx.cursor) as State) : await plan(ctx);
    const scope = { workspaceId: ctx.scope.workspaceId, storeId: ctx.scope.storeId };
    const types = await accrualTypes(ctx.client, ctx.signal);
    const names = new Map(types.accrual_types.map((t) => [t.id, t.name]));
    while (st.day <= st.to) {
      const res = await accrualsByDay(ctx.client, st.day, st.lastId, ctx.signal);
      const rows = res.accruals.map((a) => ({ key: [a.accrual_id], data: financeDoc(a, names) }));
      // an empty page ends the date; so does a page that does not move the keyset (never loop on it)
      st.seen += rows.length;
      if (!rows.length || !res.last_id || res.last_id === st.lastId) {
        // open-ended like Ozon's clock, not ours: a last date that had accruals is followed by the next one
        if (st.day >= st.to && st.seen > 0) st.to = nextDate(st.day);
        st.day = nextDate(st.day);
        st.lastId = '';
        st.seen = 0;
      } else st.lastId = res.last_id;
      const last = st.day > st.to;
      const legacy = last && st.legacy;
      await ctx.commit(
        rows.length || legacy
          ? async (trx) => {
              await applyRows(trx, TABLES.finance_transaction, scope, rows);
              if (legacy) await retireLegacyFinanceRows(trx, scope);
            }
          : null,
        { cursor: last ? null : JSON.stringify(st), done: ctx.done + rows.length, total: last ? ctx.done + rows.length : null },
      );
    }
  },
};
