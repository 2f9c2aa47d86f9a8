/**
 * Promotions (actions) and their products. Every run is a full scan — the
 * action list is short and candidacy changes with prices and stock:
 * GET /v1/actions, then per action its participating products
 * (/v1/actions/products) and candidates (/v1/actions/candidates), 1000 a page
 * by offset. Checkpoint: cursor = {i: action index, kind, offset} over the
 * action ids frozen in `phase`. At the end, actions that ended (no longer
 * listed) and products that left an action are swept.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Promotion, PromotionProduct } from '../../../shared/domain/marketing';
import { ACTION_PRODUCTS_PAGE, listActionProducts, listActions, type OzonAction } from '../../ozon/endpoints/actions';
import { optionalPrice } from '../../ozon/endpoints/zod-helpers';
import { TABLES } from '../tables';
import { applyRows, sweepUnseen } from '../upsert';
import type { Importer } from './context';

type ActionDoc = Omit<Promotion, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;
type ProductDoc = Omit<PromotionProduct, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;
type Kind = 'products' | 'candidates';

export function promotionDoc(a: OzonAction): ActionDoc {
  return {
    actionId: a.id,
    title: a.title,
    actionType: a.action_type,
    description: a.description,
    dateStart: a.date_start,
    dateEnd: a.date_end,
    isParticipating: a.is_participating,
    participatingProductsCount: a.participating_products_count,
    potentialProductsCount: a.potential_products_count,
    discountType: a.discount_type || null,
    discountValue: a.discount_value,
  };
}

async function participantsSeen(db: Kysely<DB>, storeId: string, runId: string, actionId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('promotion_products')
    .select(['product_id', 'data'])
    .where('store_id', '=', storeId)
    .where('action_id', '=', actionId)
    .where('seen_run', '=', runId)
    .where('deleted', '=', 0)
    .execute();
  return new Set(rows.filter((r) => (JSON.parse(r.data) as ProductDoc).participating).map((r) => r.product_id));
}

export const promotionsImporter: Importer = {
  entity: 'promotions',
  async run(ctx) {
    const actions = await listActions(ctx.client, ctx.signal);
    // the action ids this run walks: frozen at the first page so a resumed run keeps its place
    const ids: string[] = ctx.phase ? (JSON.parse(ctx.phase) as string[]) : actions.result.map((a) => a.id);
    const actionRows = actions.result.map((a) => ({ key: [a.id], data: promotionDoc(a) }));
    const state = ctx.cursor ? (JSON.parse(ctx.cursor) as { i: number; kind: Kind; offset: number }) : { i: 0, kind: 'products' as Kind, offset: 0 };
    if (!ctx.cursor) {
      const total = actions.result.reduce((s, a) => s + a.potential_products_count + a.participating_products_count, 0);
      await ctx.commit((trx) => applyRows(trx, TABLES.promotion, ctx.scope, actionRows).then(() => undefined), { phase: JSON.stringify(ids), cursor: JSON.stringify(state), done: 0, total });
    } else {
      // a resumed run: the actions themselves are re-applied (no-op when unchanged) and marked seen by this run
      await ctx.commit((trx) => applyRows(trx, TABLES.promotion, ctx.scope, actionRows).then(() => undefined), {});
    }
    const listed = new Set(actions.result.map((a) => a.id));
    // the action's participants this run saw: complete once its candidates start (products come
    // first) and unchanged by candidate pages, so read once per action, not once per page
    let participantsOf: string | null = null;
    let participants = new Set<string>();
    for (; state.i < ids.length; state.i++, state.kind = 'products', state.offset = 0) {
      const actionId = ids[state.i]!;
      if (!listed.has(actionId)) continue; // ended since the run started
      for (;;) {
        const page = await listActionProducts(ctx.client, state.kind, actionId, state.offset, ctx.signal);
        const participating = state.kind === 'products';
        // a product this run already saw participating stays a participant even if Ozon also lists it as a candidate
        if (!participating && participantsOf !== actionId) {
          participants = await participantsSeen(ctx.db, ctx.scope.storeId, ctx.scope.runId, actionId);
          participantsOf = actionId;
        }
        const seenAsParticipant = participating ? new Set<string>() : participants;
        const rows = page.result.products.filter((p) => !seenAsParticipant.has(p.id)).map((p) => {
          const doc: ProductDoc = {
            actionId,
            productId: p.id,
            participating,
            price: optionalPrice(p.price),
            actionPrice: optionalPrice(p.action_price),
            maxActionPrice: optionalPrice(p.max_action_price),
            stock: participating ? p.stock : null,
          };
          return { key: [actionId, p.id], data: doc };
        });
        const more = page.result.last_id > 0 && page.result.products.length === ACTION_PRODUCTS_PAGE;
        if (more) state.offset = page.result.last_id;
        else if (state.kind === 'products') {
          state.kind = 'candidates';
          state.offset = 0;
        }
        const finishedAction = !more && !participating;
        const nextState = finishedAction ? { i: state.i + 1, kind: 'products' as Kind, offset: 0 } : { ...state };
        await ctx.commit((trx) => applyRows(trx, TABLES.promotion_product, ctx.scope, rows).then(() => undefined), {
          cursor: JSON.stringify(nextState),
          done: ctx.done + rows.length,
        });
        if (finishedAction) break;
      }
    }
    await ctx.commit(
      async (trx) => {
        await sweepUnseen(trx, TABLES.promotion, ctx.scope);
        await sweepUnseen(trx, TABLES.promotion_product, ctx.scope);
      },
      { total: ctx.done },
    );
  },
};
