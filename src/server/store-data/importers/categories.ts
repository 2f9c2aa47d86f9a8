/** The description-category tree: one call, flattened into (category, type) nodes; removed nodes are swept. */
import type { Category } from '../../../shared/domain/catalog';
import { getCategoryTree, type OzonTreeNode } from '../../ozon/endpoints/categories';
import { TABLES } from '../tables';
import { applyRows, sweepUnseen, type RowInput } from '../upsert';
import type { Importer } from './context';

type Doc = Omit<Category, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;

export function flattenTree(nodes: OzonTreeNode[], parent: string | null = null, out: RowInput[] = []): RowInput[] {
  for (const n of nodes) {
    if (n.type_id !== '0') {
      // a product type: keyed by its category (the parent) and its own type id
      const doc: Doc = { descriptionCategoryId: parent ?? '0', typeId: n.type_id, parentCategoryId: parent, name: n.type_name, disabled: n.disabled };
      out.push({ key: [parent ?? '0', n.type_id], data: doc });
    } else {
      const doc: Doc = { descriptionCategoryId: n.description_category_id, typeId: '0', parentCategoryId: parent, name: n.category_name, disabled: n.disabled };
      out.push({ key: [n.description_category_id, '0'], data: doc });
    }
    if (n.children.length) flattenTree(n.children, n.type_id !== '0' ? parent : n.description_category_id, out);
  }
  return out;
}

export const categoriesImporter: Importer = {
  entity: 'categories',
  async run(ctx) {
    const tree = await getCategoryTree(ctx.client, ctx.signal);
    const rows = flattenTree(tree.result);
    for (let i = 0; i < rows.length; i += 1000) {
      await ctx.commit((trx) => applyRows(trx, TABLES.category, ctx.scope, rows.slice(i, i + 1000)).then(() => undefined), { done: Math.min(rows.length, i + 1000), total: rows.length });
    }
    await ctx.commit((trx) => sweepUnseen(trx, TABLES.category, ctx.scope).then(() => undefined), {});
  },
};
