import { z } from 'zod';
import { ACTION_KINDS } from '../exports';
import { text } from '../http/common';
import { checkActionShape, OzonSyncState } from '../sync/protocol';
import { StoreIdIn } from './list-common';

/**
 * Actions from the desktop (issues 3+4): commands Ozon must carry out — ship
 * or cancel a posting, reply to a review, answer a question, message a chat,
 * join or leave a promotion, archive or unarchive a product. Queued in the
 * local action outbox (works offline) and sent through sync when online; the
 * server answers applied/refused, then the export runner carries it to Ozon
 * and the target row's `ozonSync` tells where it stands.
 */

export const ActionKindIn = z.enum(ACTION_KINDS);

export const ActionReason = z.object({ code: z.string(), field: z.string().optional(), message: z.string().optional() });

export const ActionEntry = z.object({
  /** the idempotency key of the next send */
  id: z.string(),
  storeId: z.string(),
  kind: ActionKindIn,
  key: z.string(),
  values: z.record(z.string(), z.unknown()),
  label: z.string(),
  /** pending: queued on this computer; sending: on its way; failed: refused by the server with `error` */
  state: z.enum(['pending', 'sending', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  error: ActionReason.nullable(),
  createdAt: z.string(),
});
export type ActionEntry = z.infer<typeof ActionEntry>;

/** key and values are checked against EXPORT_SPECS[kind] (VALIDATION_FAILED names the field). */
export const EnqueueAction = z
  .strictObject({
    storeId: StoreIdIn,
    kind: ActionKindIn,
    key: text(64).min(1),
    values: z.record(z.string(), z.unknown()),
    /** what the queue page shows (e.g. the posting number and first item) */
    label: text(200).optional(),
  })
  .superRefine((a, ctx) => checkActionShape(a.kind, a.key, a.values, ctx));

/** Where an action's target row stands: queued commands for it and its Ozon state (from the feed). */
export const ActionTarget = z.object({
  entries: z.array(ActionEntry),
  ozon: OzonSyncState.nullable(),
});
export type ActionTarget = z.infer<typeof ActionTarget>;

export const PostingItem = z.object({ sku: z.string(), offerId: z.string(), name: z.string(), quantity: z.number().int(), price: z.string(), currency: z.string() });
export type PostingItem = z.infer<typeof PostingItem>;

export const PostingDetail = ActionTarget.extend({
  posting: z.object({
    postingNumber: z.string(),
    orderNumber: z.string(),
    scheme: z.enum(['fbs', 'fbo']),
    status: z.string(),
    substatus: z.string(),
    warehouseId: z.string().nullable(),
    deliveryMethodName: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    inProcessAt: z.string().nullable(),
    shipmentDate: z.string().nullable(),
    cancelReason: z.string().nullable(),
    items: z.array(PostingItem),
  }),
});
export type PostingDetail = z.infer<typeof PostingDetail>;

const ok = z.object({ ok: z.literal(true) });
const Id = z.strictObject({ id: text(64).min(1) });

export const actionsIpc = {
  'actions:enqueue': { input: EnqueueAction, output: ActionEntry },
  /** queued actions, all or of one store / one target */
  'actions:list': { input: z.strictObject({ storeId: StoreIdIn.optional(), key: text(64).min(1).optional() }), output: z.object({ entries: z.array(ActionEntry) }) },
  'actions:target': { input: z.strictObject({ storeId: StoreIdIn, kind: ActionKindIn, key: text(64).min(1) }), output: ActionTarget },
  /** one posting with its items, for the order drawer */
  'actions:posting': { input: z.strictObject({ storeId: StoreIdIn, postingNumber: text(64).min(1) }), output: PostingDetail },
  /** send again now (a refused action gets a fresh idempotency key) */
  'actions:retry': { input: Id, output: ActionEntry },
  'actions:discard': { input: Id, output: ok },
} as const;
