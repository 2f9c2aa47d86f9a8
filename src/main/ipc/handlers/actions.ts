import { EXPORT_SPECS, type ActionKind } from '../../../shared/exports';
import type { ActionEntry as ActionOut, PostingDetail } from '../../../shared/ipc/actions';
import type { ActionEntry } from '../../cache/action-outbox';
import { ozonSyncOf, targetRow } from '../../cache/action-targets';
import type { CoreContext } from '../../core/core';
import { AppError } from '../../core/errors';
import type { OpenWorkspace } from '../../sync/service';
import type { DomainHandlers } from '../types';

const s = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Actions from the desktop: queued in the local action outbox, sent by the engine when online. */
export function actionsHandlers(core: CoreContext): DomainHandlers<'actions'> {
  const out = (w: OpenWorkspace, e: ActionEntry): ActionOut => ({
    id: e.id,
    storeId: e.storeId,
    kind: e.kind,
    key: e.key,
    values: e.values,
    label: e.label,
    state: e.state === 'pending' && w.engine.actions.isSending(e.id) ? 'sending' : e.state,
    attempts: e.attempts,
    nextAttemptAt: e.state === 'pending' && e.nextAttemptAt > 0 ? new Date(e.nextAttemptAt).toISOString() : null,
    error: e.error,
    createdAt: e.createdAt,
  });
  const forTarget = (w: OpenWorkspace, storeId: string, key: string, kinds?: (k: ActionKind) => boolean) =>
    w.cache.actions
      .list(storeId, key)
      .filter((e) => !kinds || kinds(e.kind))
      .map((e) => out(w, e));
  return {
    'actions:enqueue': async ({ storeId, kind, key, values, label }) => {
      const w = core.sync.require();
      const e = w.cache.actions.enqueue({ storeId, kind, key, values, label: label ?? key });
      w.engine.kick();
      return out(w, e);
    },
    'actions:list': async ({ storeId, key }) => {
      const w = core.sync.require();
      return { entries: w.cache.actions.list(storeId, key).map((e) => out(w, e)) };
    },
    'actions:target': async ({ storeId, kind, key }) => {
      const w = core.sync.require();
      const group = EXPORT_SPECS[kind].group;
      const sameTarget = (k: ActionKind) => k === kind || (!!group && EXPORT_SPECS[k].group === group);
      return { entries: forTarget(w, storeId, key, sameTarget), ozon: ozonSyncOf(targetRow(w.cache, kind, storeId, key)) };
    },
    'actions:posting': async ({ storeId, postingNumber }) => {
      const w = core.sync.require();
      const row = targetRow(w.cache, 'posting_ship', storeId, postingNumber);
      if (!row) throw new AppError('NOT_FOUND');
      const items = Array.isArray(row.items) ? (row.items as Record<string, unknown>[]) : [];
      const posting: PostingDetail['posting'] = {
        postingNumber,
        orderNumber: s(row.orderNumber) ?? '',
        scheme: row.scheme === 'fbo' ? 'fbo' : 'fbs',
        status: s(row.status) ?? '',
        substatus: s(row.substatus) ?? '',
        warehouseId: s(row.warehouseId),
        deliveryMethodName: s(row.deliveryMethodName),
        trackingNumber: s(row.trackingNumber),
        inProcessAt: s(row.inProcessAt),
        shipmentDate: s(row.shipmentDate),
        cancelReason: s(row.cancelReason),
        items: items.map((i) => ({
          sku: String(i.sku ?? ''),
          offerId: String(i.offerId ?? ''),
          name: String(i.name ?? ''),
          quantity: Number(i.quantity ?? 0),
          price: String(i.price ?? ''),
          currency: String(i.currency ?? ''),
        })),
      };
      return { posting, entries: forTarget(w, storeId, postingNumber, (k) => EXPORT_SPECS[k].group === 'posting'), ozon: ozonSyncOf(row) };
    },
    'actions:retry': async ({ id }) => {
      const w = core.sync.require();
      const e = w.cache.actions.retry(id);
      w.engine.kick();
      return out(w, e);
    },
    'actions:discard': async ({ id }) => {
      const w = core.sync.require();
      w.cache.actions.discard(id);
      w.engine.kick();
      return { ok: true as const };
    },
  };
}
