/**
 * FBS writes: /v4/posting/fbs/ship, /v2/posting/fbs/cancel,
 * /v2/posting/fbs/cancel-reason/list, /v2/posting/fbs/package-label.
 *
 * The unpleasant parts, on purpose:
 * - ship answers 200 with the posting numbers, yet with probability
 *   market.shipFailRate the posting stays awaiting_packaging with substatus
 *   ship_failed (retry by calling ship again) — check with /v3/posting/fbs/get;
 * - labels only for awaiting_deliver, ≤20 per call, all-or-nothing, and not
 *   in the first 45 simulated seconds after packing ("The next postings aren't ready").
 */
import { Rng } from '../util/rng';
import { ts } from '../util/time';
import { labelsPdf } from '../util/pdf';
import { Check, msgs, num, str, strs } from '../protocol/validate';
import { invalidArgument, notFound } from '../protocol/errors';
import { CANCEL_REASONS, reasonById } from '../market/cancel-reasons';
import { cancelPosting, getPosting, markPacked, postingItems } from '../market/postings';
import type { RouteDef } from './context';

export const LABEL_READY_AFTER_MS = 45_000;

export const fbsActionRoutes: RouteDef[] = [
  {
    path: '/v4/posting/fbs/ship',
    handler: ({ w, store, body }) => {
      const check = new Check('FbsPostingShipV4Request');
      const pn = check.required('posting_number', str(body.posting_number));
      const packages = check.minItems('packages', msgs(body.packages), 1);
      const p = getPosting(w, store.id, pn);
      if (!p || p.scheme !== 'fbs') throw notFound('POSTING_NOT_FOUND');
      if (p.status === 'cancelled') throw invalidArgument('POSTING_ALREADY_CANCELLED');
      if (p.status !== 'awaiting_packaging') throw invalidArgument(p.status === 'awaiting_deliver' ? 'POSTING_ALREADY_SHIPPED' : 'HAS_INCORRECT_STATUS');
      const items = postingItems(w, pn);
      const want = new Map<number, number>();
      for (const it of items) want.set(it.sku, (want.get(it.sku) ?? 0) + it.quantity);
      const got = new Map<number, number>();
      const pk = packages.map((pkg) => msgs(pkg.products).map((x) => ({ sku: num(x.product_id), qty: num(x.quantity) })));
      for (const list of pk) {
        if (!list.length) throw invalidArgument('invalid FbsPostingShipV4Request.Packages: package must contain products');
        for (const x of list) {
          if (x.qty <= 0) throw invalidArgument('invalid FbsPostingShipV4Request_Package_Product.Quantity: value must be greater than 0');
          got.set(x.sku, (got.get(x.sku) ?? 0) + x.qty);
        }
      }
      if (got.size !== want.size || [...want].some(([sku, q]) => got.get(sku) !== q)) throw invalidArgument('POSTING_PRODUCTS_QUANTITY_MISMATCH');

      const now = w.clock.now();
      const rng = Rng.derive(w.seed, 'ship', pn, p.ship_attempts);
      w.db.prepare('UPDATE postings SET ship_attempts = ship_attempts + 1 WHERE posting_number = ?').run(pn);
      p.ship_attempts++;
      if (rng.bool(w.market.shipFailRate)) {
        w.db.prepare("UPDATE postings SET substatus = 'ship_failed', previous_substatus = substatus, status_changed_at = ? WHERE posting_number = ?").run(now, pn);
        return { additional_data: [], result: [pn] };
      }
      const numbers = [pn];
      if (pk.length > 1) {
        // Split: the first package keeps the number, the others become new postings of the same order.
        const byOrder = (w.db.prepare('SELECT COUNT(*) AS n FROM postings WHERE order_id = ?').get(p.order_id) as { n: number }).n;
        const src = new Map(items.map((it) => [it.sku, it]));
        w.db.prepare('DELETE FROM posting_items WHERE posting_number = ?').run(pn);
        pk.forEach((list, i) => {
          const number = i === 0 ? pn : `${p.order_number}-${byOrder + i}`;
          if (i > 0) {
            w.db
              .prepare(`INSERT INTO postings(${POSTING_COPY_COLUMNS}) SELECT ${POSTING_COPY_COLUMNS.replace(/^posting_number/, '?')} FROM postings WHERE posting_number = ?`)
              .run(number, pn);
            w.db.prepare('UPDATE postings SET parent_posting_number = ? WHERE posting_number = ?').run(pn, number);
            numbers.push(number);
          }
          list.forEach((x, line) => {
            const it = src.get(x.sku)!;
            w.db
              .prepare('INSERT INTO posting_items(posting_number, line, product_id, sku, offer_id, name, quantity, price, old_price, commission_percent) VALUES (?,?,?,?,?,?,?,?,?,?)')
              .run(number, line + 1, it.product_id, it.sku, it.offer_id, it.name, x.qty, it.price, it.old_price, it.commission_percent);
          });
        });
      }
      for (const number of numbers) markPacked(w, getPosting(w, store.id, number)!, now, Rng.derive(w.seed, 'pack', number));
      const withData = body.with && typeof body.with === 'object' && (body.with as { additional_data?: unknown }).additional_data === true;
      return {
        additional_data: withData
          ? numbers.map((n) => ({
              posting_number: n,
              products: postingItems(w, n).map((it) => ({ mandatory_mark: [], name: it.name, offer_id: it.offer_id, price: it.price.toFixed(4), quantity: it.quantity, sku: it.sku, currency_code: 'RUB' })),
            }))
          : [],
        result: numbers,
      };
    },
  },
  {
    path: '/v2/posting/fbs/cancel-reason/list',
    handler: () => ({ result: CANCEL_REASONS }),
  },
  {
    path: '/v2/posting/fbs/cancel',
    handler: ({ w, store, body }) => {
      const check = new Check('CancelFbsPostingRequest');
      const pn = check.required('posting_number', str(body.posting_number));
      const reasonId = check.required('cancel_reason_id', num(body.cancel_reason_id));
      const reason = reasonById(reasonId);
      if (!reason || !reason.is_available_for_cancellation) throw invalidArgument('HAS_INCORRECT_CANCEL_REASON');
      if (reasonId === 402 && !str(body.cancel_reason_message).trim()) throw invalidArgument('invalid CancelFbsPostingRequest.CancelReasonMessage: value is required for cancel_reason_id 402');
      const p = getPosting(w, store.id, pn);
      if (!p || p.scheme !== 'fbs') throw notFound('POSTING_NOT_FOUND');
      if (p.status === 'cancelled') throw invalidArgument('POSTING_ALREADY_CANCELLED');
      if (p.status !== 'awaiting_packaging' && p.status !== 'awaiting_deliver') throw invalidArgument('TRANSITION_IS_NOT_POSSIBLE');
      cancelPosting(w, p, w.clock.now(), reasonId, 'seller', p.status === 'awaiting_deliver');
      return { result: true };
    },
  },
  {
    path: '/v2/posting/fbs/package-label',
    handler: ({ w, store, body }) => {
      const check = new Check('PostingFBSPackageLabelRequest');
      const numbers = check.maxItems('posting_number', check.minItems('posting_number', strs(body.posting_number), 1), 20);
      const now = w.clock.now();
      const postings = numbers.map((n) => {
        const p = getPosting(w, store.id, n);
        if (!p || p.scheme !== 'fbs') throw notFound(`POSTING_NOT_FOUND: ${n}`);
        return p;
      });
      const wrong = postings.filter((p) => p.status !== 'awaiting_deliver');
      if (wrong.length) throw invalidArgument(`INVALID_POSTING_STATE: labels are available only for postings in status awaiting_deliver: ${wrong.map((p) => p.posting_number).join(', ')}`);
      const early = postings.filter((p) => (p.packed_at ?? 0) + LABEL_READY_AFTER_MS > now);
      if (early.length) throw invalidArgument(`The next postings aren't ready: ${early.map((p) => p.posting_number).join(', ')}`);
      const pdf = labelsPdf(
        postings.map((p) => {
          const items = postingItems(w, p.posting_number);
          return [p.posting_number, `OZON  ${p.barcode}`, `Otgruzka do: ${ts(p.shipment_date)}`, ...items.map((it) => `${it.offer_id} x${it.quantity}`), store.name];
        }),
      );
      return { raw: pdf, contentType: 'application/pdf', headers: { 'content-disposition': `attachment; filename="ticket-${store.client_id}-${ts(now)}.pdf"` } };
    },
  },
];

// Every postings column, in table order; used to clone a posting when a shipment is split.
const POSTING_COPY_COLUMNS = [
  'posting_number', 'store_id', 'scheme', 'order_id', 'order_number', 'warehouse_id', 'status', 'substatus', 'previous_substatus', 'created_at', 'in_process_at',
  'shipment_date', 'status_changed_at', 'packed_at', 'delivering_date', 'delivered_at', 'next_event_at', 'next_event', 'cancel_reason_id', 'cancel_reason', 'cancellation_type',
  'cancellation_initiator', 'cancelled_after_ship', 'tracking_number', 'parent_posting_number', 'region', 'city', 'customer_name', 'delivery_type', 'payment_type',
  'is_premium', 'is_express', 'cluster_from', 'cluster_to', 'barcode', 'ship_attempts',
].join(', ');
