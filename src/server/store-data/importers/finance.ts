/**
 * Finance transactions from /v3/finance/transaction/list: at most one month a
 * request, 1000 a page by page number. The first run covers
 * `financeHistoryDays`; later runs re-read from the last success minus an
 * overlap (Ozon posts some accruals with an earlier operation date). The
 * month windows are frozen in the checkpoint with the window index and page,
 * so a resumed run continues where it stopped. Never swept.
 */
import type { FinanceTransaction } from '../../../shared/domain/finance';
import { FINANCE_PAGE, listFinanceTransactions, type OzonFinanceOperation } from '../../ozon/endpoints/finance';
import { TABLES } from '../tables';
import { applyRows } from '../upsert';
import type { Importer, RunContext } from './context';
import { DAY_MS } from './windows';

type Doc = Omit<FinanceTransaction, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;
const OVERLAP_MS = 2 * DAY_MS;
const WINDOW_MS = 30 * DAY_MS;

export function financeDoc(o: OzonFinanceOperation): Doc {
  const skus = [...new Set(o.items.map((i) => i.sku).filter((s): s is string => !!s))];
  return {
    operationId: o.operation_id,
    operationType: o.operation_type,
    operationTypeName: o.operation_type_name,
    operationDate: o.operation_date,
    type: o.type,
    postingNumber: o.posting?.posting_number ?? null,
    amount: o.amount ?? '0.00',
    accrualsForSale: o.accruals_for_sale ?? '0.00',
    saleCommission: o.sale_commission ?? '0.00',
    deliveryCharge: o.delivery_charge ?? '0.00',
    returnDeliveryCharge: o.return_delivery_charge ?? '0.00',
    services: o.services.map((s) => ({ name: s.name, price: s.price ?? '0.00' })),
    skus,
  };
}

interface State {
  /** [from, to] ISO pairs, each ≤ 30 days */
  windows: [string, string][];
  i: number;
  page: number;
  /** rows Ozon reported for the windows started so far */
  known: number;
}

function plan(ctx: RunContext): State {
  const end = Date.parse(ctx.startedAt) + 60_000;
  const start = ctx.mode === 'full' || !ctx.lastSuccessAt ? Date.parse(ctx.startedAt) - ctx.config.financeHistoryDays * DAY_MS : Date.parse(ctx.lastSuccessAt) - OVERLAP_MS;
  const windows: [string, string][] = [];
  for (let from = start; from < end; from += WINDOW_MS) windows.push([new Date(from).toISOString(), new Date(Math.min(end, from + WINDOW_MS) - 1).toISOString()]);
  return { windows, i: 0, page: 1, known: 0 };
}

export const financeImporter: Importer = {
  entity: 'finance',
  async run(ctx) {
    const st: State = ctx.cursor ? (JSON.parse(ctx.cursor) as State) : plan(ctx);
    const scope = { workspaceId: ctx.scope.workspaceId, storeId: ctx.scope.storeId };
    while (st.i < st.windows.length) {
      const [from, to] = st.windows[st.i]!;
      const res = await listFinanceTransactions(ctx.client, from, to, st.page, ctx.signal);
      if (st.page === 1) st.known += res.result.row_count;
      const rows = res.result.operations.map((o) => ({ key: [o.operation_id], data: financeDoc(o) }));
      if (st.page < res.result.page_count && rows.length === FINANCE_PAGE) st.page++;
      else {
        st.i++;
        st.page = 1;
      }
      const last = st.i >= st.windows.length;
      await ctx.commit((trx) => applyRows(trx, TABLES.finance_transaction, scope, rows).then(() => undefined), {
        cursor: last ? null : JSON.stringify(st),
        done: ctx.done + rows.length,
        total: last ? ctx.done + rows.length : Math.max(st.known, ctx.done + rows.length),
      });
    }
  },
};
