/**
 * FBS/rFBS warehouses. /v2/warehouse/list is current (cursor, limit ≤200).
 * /v1/warehouse/list was switched off by Ozon on 7 April 2026 and answers
 * 501 UNIMPLEMENTED (after auth and its documented 1 req/min limit).
 */
import { ts } from '../util/time';
import { Check, num, nums, str } from '../protocol/validate';
import { decodeCursor, encodeCursor } from '../protocol/pagination';
import type { RouteDef } from './context';

interface WarehouseRow {
  warehouse_id: number;
  name: string;
  is_rfbs: number;
  is_kgt: number;
  status: string;
  address: string;
  created_at: number;
}

const WORKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

export const warehouseRoutes: RouteDef[] = [
  {
    path: '/v2/warehouse/list',
    handler: ({ w, store, body }) => {
      const check = new Check('WarehouseListV2Request');
      const limit = check.range('limit', num(body.limit), 1, 200);
      const ids = check.maxItems('warehouse_ids', nums(body.warehouse_ids), 200);
      const cur = decodeCursor(str(body.cursor), 'cursor');
      const after = cur ? Number(cur[0]) : 0;
      const rows = w.db
        .prepare(`SELECT * FROM warehouses WHERE store_id = ? AND warehouse_id > ?${ids.length ? ` AND warehouse_id IN (${ids.map(() => '?').join(',')})` : ''} ORDER BY warehouse_id LIMIT ?`)
        .all(store.id, after, ...ids, limit + 1) as WarehouseRow[];
      const page = rows.slice(0, limit);
      return {
        cursor: rows.length > limit ? encodeCursor([page[page.length - 1]!.warehouse_id]) : '',
        has_next: rows.length > limit,
        warehouses: page.map((r) => ({
          address_info: { address: r.address, latitude: 55.43, longitude: 37.54, utc: '+03:00' },
          carriage_label_type: 'BIG',
          courier_comment: '',
          courier_phones: [],
          created_at: ts(r.created_at),
          cut_in_time: 120,
          first_mile: { dropoff_point_id: '', first_mile_is_changing: false, timeslot_from: '09:00', timeslot_id: 0, timeslot_to: '18:00', type: 'PICK_UP' },
          has_entrusted_acceptance: false,
          has_postings_limit: false,
          is_auto_assembly: false,
          is_comfort: false,
          is_express: false,
          is_kgt: r.is_kgt === 1,
          is_rfbs: r.is_rfbs === 1,
          is_waybill_enabled: false,
          min_postings_limit: 0,
          name: r.name,
          pause_at: null,
          phone: '+74951234567',
          postings_limit: -1,
          sla_cut_in: 60,
          status: r.status,
          timetable: { timetable_from: ts(r.created_at), timetable_to: ts(r.created_at + 3650 * 86_400_000), working_hours: [] },
          updated_at: ts(r.created_at),
          warehouse_id: r.warehouse_id,
          warehouse_type: r.is_rfbs ? 'RFBS' : 'FBS',
          with_item_list: false,
          working_days: WORKDAYS,
        })),
      };
    },
  },
  {
    path: '/v1/warehouse/list',
    handler: () => null,
    disabled: 'method /v1/warehouse/list was switched off on 7 April 2026, use /v2/warehouse/list',
  },
];
