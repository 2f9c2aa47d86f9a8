/**
 * Archive writes: /v1/product/archive and /v1/product/unarchive (≤100
 * product_id a call, answered with productBooleanResponse {result: true}).
 *
 * - Archiving is the seller's (manual) archive: the product leaves the
 *   default list (visibility ALL) and shows with visibility ARCHIVED /
 *   MANUAL_ARCHIVED and is_archived = true in /v3/product/info/list. An
 *   automatically archived product archived by hand becomes a manual one.
 * - Unarchiving a manually archived product has no limit. Ozon restores at
 *   most UNARCHIVE_AUTO_DAILY automatically archived products a day (reset at
 *   03:00 Moscow = 00:00 UTC of the simulated clock, as the daily card
 *   quotas); a call that would go over it is refused as a whole with
 *   `autoarchive_restore_failed` (HTTP 400, rpcStatus) and changes nothing.
 * - Any unknown product_id → 404 for the whole call, nothing changes.
 */
import { ymd } from '../util/time';
import { Check, nums } from '../protocol/validate';
import { GRPC, notFound, OzonError } from '../protocol/errors';
import type { RouteDef } from './context';
import { ARCHIVED_AUTO, ARCHIVED_MANUAL, findProduct } from './product-store';

const ARCHIVE_MAX_IDS = 100;
export const UNARCHIVE_AUTO_DAILY = 100;
const QUOTA_KIND = 'autoarchive_restore';

export const productArchiveRoutes: RouteDef[] = [
  {
    path: '/v1/product/archive',
    handler: ({ w, store, body }) => {
      const check = new Check('ProductArchiveRequest');
      const ids = check.maxItems('product_id', check.minItems('product_id', nums(body.product_id), 1), ARCHIVE_MAX_IDS);
      const found = ids.map((id) => findProduct(w.db, store.id, { productId: id }));
      if (found.some((p) => !p)) throw notFound('Product not found');
      const stmt = w.db.prepare('UPDATE products SET archived = ?, updated_at = ? WHERE product_id = ? AND archived <> ?');
      for (const id of ids) stmt.run(ARCHIVED_MANUAL, w.clock.now(), id, ARCHIVED_MANUAL);
      return { result: true };
    },
  },
  {
    path: '/v1/product/unarchive',
    handler: ({ w, store, body }) => {
      const check = new Check('ProductUnarchiveRequest');
      const ids = check.maxItems('product_id', check.minItems('product_id', nums(body.product_id), 1), ARCHIVE_MAX_IDS);
      const found = ids.map((id) => findProduct(w.db, store.id, { productId: id }));
      if (found.some((p) => !p)) throw notFound('Product not found');
      const auto = new Set(found.filter((p) => p!.archived === ARCHIVED_AUTO).map((p) => p!.product_id));
      const day = ymd(w.clock.now());
      const used = (w.db.prepare('SELECT used FROM quota_usage WHERE store_id = ? AND day = ? AND kind = ?').get(store.id, day, QUOTA_KIND) as { used: number } | undefined)?.used ?? 0;
      if (auto.size && used + auto.size > UNARCHIVE_AUTO_DAILY) {
        throw new OzonError(
          GRPC.FAILED_PRECONDITION,
          `autoarchive_restore_failed: at most ${UNARCHIVE_AUTO_DAILY} automatically archived products can be restored a day, ${Math.max(0, UNARCHIVE_AUTO_DAILY - used)} left until 03:00 Moscow time`,
        );
      }
      w.db.transaction(() => {
        const stmt = w.db.prepare('UPDATE products SET archived = 0, updated_at = ? WHERE product_id = ? AND archived <> 0');
        for (const id of ids) stmt.run(w.clock.now(), id);
        if (auto.size) {
          w.db
            .prepare('INSERT INTO quota_usage(store_id, day, kind, used) VALUES (?,?,?,?) ON CONFLICT(store_id, day, kind) DO UPDATE SET used = used + excluded.used')
            .run(store.id, day, QUOTA_KIND, auto.size);
        }
      })();
      return { result: true };
    },
  },
];
