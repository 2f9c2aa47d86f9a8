/**
 * Attributes of the (category, type) pairs the store's products use — not of
 * the whole tree (thousands of types). Pairs are processed in sorted order;
 * the checkpoint cursor is the last finished pair.
 */
import type { CategoryAttributes } from '../../../shared/domain/catalog';
import { getCategoryAttributes } from '../../ozon/endpoints/categories';
import { TABLES } from '../tables';
import { applyRows, sweepUnseen } from '../upsert';
import type { Importer } from './context';

type Doc = Omit<CategoryAttributes, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;

export const categoryAttributesImporter: Importer = {
  entity: 'category_attributes',
  // reads the (category, type) pairs of our own products
  after: ['products'],
  async run(ctx) {
    const rows = await ctx.db.selectFrom('products').select('data').where('store_id', '=', ctx.scope.storeId).where('deleted', '=', 0).execute();
    const pairs = new Set<string>();
    for (const r of rows) {
      const d = JSON.parse(r.data) as { descriptionCategoryId?: string; typeId?: string };
      if (d.descriptionCategoryId && d.typeId && d.descriptionCategoryId !== '0' && d.typeId !== '0') pairs.add(`${d.descriptionCategoryId}:${d.typeId}`);
    }
    const sorted = [...pairs].sort();
    let done = ctx.done;
    for (const pair of sorted) {
      if (ctx.cursor && pair <= ctx.cursor) continue;
      const [cat, type] = pair.split(':') as [string, string];
      const res = await getCategoryAttributes(ctx.client, cat, type, ctx.signal);
      const doc: Doc = {
        descriptionCategoryId: cat,
        typeId: type,
        attributes: res.result.map((a) => ({
          id: a.id,
          name: a.name,
          description: a.description,
          type: a.type,
          isCollection: a.is_collection,
          isRequired: a.is_required,
          isAspect: a.is_aspect,
          dictionaryId: a.dictionary_id,
          groupId: a.group_id,
          groupName: a.group_name,
          categoryDependent: a.category_dependent,
          maxValueCount: a.max_value_count,
        })),
      };
      done++;
      await ctx.commit((trx) => applyRows(trx, TABLES.category_attributes, ctx.scope, [{ key: [cat, type], data: doc }]).then(() => undefined), { cursor: pair, done, total: sorted.length });
    }
    await ctx.commit((trx) => sweepUnseen(trx, TABLES.category_attributes, ctx.scope).then(() => undefined), { total: sorted.length });
  },
};
