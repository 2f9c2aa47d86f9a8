/** Warehouses: a full scan every run (cursor pages of 200), then a sweep tombstones removed ones. */
import type { Warehouse } from '../../../shared/domain/store';
import { listWarehouses } from '../../ozon/endpoints/warehouses';
import { TABLES } from '../tables';
import { applyRows, sweepUnseen } from '../upsert';
import type { Importer } from './context';

type Doc = Omit<Warehouse, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;

export const warehousesImporter: Importer = {
  entity: 'warehouses',
  async run(ctx) {
    let cursor = ctx.cursor ?? '';
    for (;;) {
      const page = await listWarehouses(ctx.client, cursor, ctx.signal);
      const rows = page.warehouses.map((w) => {
        const doc: Doc = { warehouseId: w.warehouse_id, name: w.name, status: w.status, isRfbs: w.is_rfbs, isKgt: w.is_kgt, isExpress: w.is_express, warehouseType: w.warehouse_type, address: w.address_info };
        return { key: [w.warehouse_id], data: doc };
      });
      const next = page.has_next && page.cursor ? page.cursor : null;
      await ctx.commit((trx) => applyRows(trx, TABLES.warehouse, ctx.scope, rows).then(() => undefined), { cursor: next, done: ctx.done + rows.length, total: next ? null : ctx.done + rows.length });
      if (!next) break;
      cursor = next;
    }
    await ctx.commit((trx) => sweepUnseen(trx, TABLES.warehouse, ctx.scope).then(() => undefined), {});
  },
};
