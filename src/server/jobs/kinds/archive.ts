/**
 * archive → /v1/product/archive, unarchive → /v1/product/unarchive (≤100
 * product_id a call), read back with /v3/product/info/list (is_archived:
 * archived by the seller; is_autoarchived: archived by Ozon).
 *
 * Invariants:
 * - archive and unarchive share one target (enqueue coalesces them: the
 *   newest wins). They run in two lanes, so an item is held while another
 *   item of the same product is in flight in the other lane: the older
 *   command settles first, the newer one is sent after it.
 * - archive is done when is_archived (a manual archive; an automatically
 *   archived product is archived by hand so that Ozon does not restore it on
 *   its own); unarchive is done when neither flag is set.
 * - Pre-read: products already in the wanted state settle as applied
 *   without a request. Unarchive sends manually archived products (no
 *   limit) apart from automatically archived ones: Ozon restores at most 100
 *   of those a day and refuses the call with `autoarchive_restore_failed`
 *   over it; those items are held (pending with a reason) until the limit
 *   resets at 03:00 Moscow time, never failed.
 * - {result: false} is not trusted either way: the read-back decides.
 */
import { isOzonError } from '../../ozon/errors';
import { getProductInfo } from '../../ozon/endpoints/products';
import { PRODUCT_WRITE_BATCH, UNARCHIVE_AUTO_DAILY, isAutoarchiveLimit, setArchived } from '../../ozon/endpoints/product-writes';
import { productStateFields } from '../../store-data/importers/products';
import type { RowInput } from '../../store-data/upsert';
import { hhmm, iso, type Hold, type ItemResult, type KindHandler, type ReadBack } from './types';

const LIMIT_CODE = 'AUTOARCHIVE_LIMIT';
/** How long an item waits for the other lane's in-flight command on the same product. */
const SIBLING_WAIT_MS = 3_000;

interface ArchiveState {
  archived: boolean;
  autoArchived: boolean;
}
interface Body {
  /** each group is one call; unarchive keeps automatically archived products in a group of their own */
  groups: { ids: string[]; productIds: string[] }[];
  unknown: string[];
}

function makeHandler(kind: 'archive' | 'unarchive'): KindHandler {
  const archive = kind === 'archive';
  const done = (s: ArchiveState) => (archive ? s.archived : !s.archived && !s.autoArchived);
  return {
    kind,
    path: archive ? '/v1/product/archive' : '/v1/product/unarchive',
    batchSize: PRODUCT_WRITE_BATCH,
    waitCodes: [LIMIT_CODE],
    preRead: true,
    async holds(db, storeId, items, nowMs) {
      const keys = [...new Set(items.map((i) => i.item_key))];
      if (!keys.length) return [];
      const busy = await db
        .selectFrom('job_items')
        .select(['item_key'])
        .where('store_id', '=', storeId)
        .where('kind', 'in', ['archive', 'unarchive'])
        .where('item_key', 'in', keys)
        .where('state', 'in', ['sending', 'written'])
        .execute();
      const inFlight = new Set(busy.map((b) => b.item_key));
      const out: Hold[] = [];
      for (const it of items) {
        if (inFlight.has(it.item_key)) out.push({ id: it.id, notBefore: iso(nowMs + SIBLING_WAIT_MS), message: 'waiting for the previous archive change of this product to finish' });
      }
      return out;
    },
    waitHold(item, nowMs) {
      const until = (Math.floor(nowMs / 86_400_000) + 1) * 86_400_000 + 60_000;
      return {
        id: item.id,
        notBefore: iso(until),
        message: `Ozon restores at most ${UNARCHIVE_AUTO_DAILY} automatically archived products a day; waiting until the limit resets at 03:00 Moscow time (${hhmm(until)})`,
      };
    },
    async read(c, _db, _storeId, items, signal) {
      const ids = [...new Set(items.map((i) => i.row_key!))];
      const seen = new Map<string, { state: ArchiveState; row: RowInput }>();
      for (let i = 0; i < ids.length; i += 1000) {
        const r = await getProductInfo(c, ids.slice(i, i + 1000), signal);
        // the cached row takes Ozon's archive and visibility state from this same read (merged: the rest of the row
        // comes from reads this one does not make)
        for (const p of r.items) seen.set(p.id, { state: { archived: p.is_archived, autoArchived: p.is_autoarchived }, row: { key: [p.id], patch: productStateFields(p) } });
      }
      const out = new Map<string, ReadBack>();
      for (const it of items) {
        const s = seen.get(it.row_key!);
        if (s) out.set(it.id, { matches: done(s.state), value: s.state, row: s.row });
      }
      return out;
    },
    body(items, pre): Body {
      const manual: Body['groups'][number] = { ids: [], productIds: [] };
      const auto: Body['groups'][number] = { ids: [], productIds: [] };
      const unknown: string[] = [];
      for (const it of items) {
        const s = pre?.get(it.id)?.value as ArchiveState | undefined;
        if (!s) {
          unknown.push(it.id);
          continue;
        }
        const g = !archive && s.autoArchived ? auto : manual;
        g.ids.push(it.id);
        g.productIds.push(it.row_key!);
      }
      return { groups: [manual, auto].filter((g) => g.ids.length), unknown };
    },
    async results(c, _items, raw, signal) {
      const body = raw as Body;
      const out = new Map<string, ItemResult>();
      for (const id of body.unknown) out.set(id, { ok: false, code: 'NOT_FOUND', message: 'Ozon does not know this product' });
      for (const g of body.groups) {
        try {
          await setArchived(c, archive, g.productIds, signal);
          for (const id of g.ids) out.set(id, { ok: true });
        } catch (e) {
          if (isOzonError(e) && isAutoarchiveLimit(e.ozonMessage)) {
            for (const id of g.ids) out.set(id, { ok: false, code: LIMIT_CODE, message: e.ozonMessage });
            continue;
          }
          // a lone call, or a local failure/abort: the runner's rules for the whole batch (resend / read back / fail)
          if ((body.groups.length === 1 && !body.unknown.length) || !isOzonError(e)) throw e;
          if (e.kind === 'rejected') for (const id of g.ids) out.set(id, { ok: false, code: String(e.code ?? e.httpStatus ?? 'REJECTED'), message: e.ozonMessage || e.message });
          // otherwise unanswered: these items stay 'sending' and are read back before any resend
        }
      }
      return out;
    },
  };
}

export const archiveHandler = makeHandler('archive');
export const unarchiveHandler = makeHandler('unarchive');
