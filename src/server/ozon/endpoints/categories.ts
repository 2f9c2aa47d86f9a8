/** /v1/description-category/tree and /v1/description-category/attribute. */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zBool, zId, zNum, zStr } from './zod-helpers';

export interface OzonTreeNode {
  description_category_id: string;
  category_name: string;
  type_id: string;
  type_name: string;
  disabled: boolean;
  children: OzonTreeNode[];
}

export const TreeNode: z.ZodType<OzonTreeNode, unknown> = z.lazy(() =>
  z.object({
    description_category_id: zId.optional().transform((v) => v ?? '0'),
    category_name: zStr,
    type_id: zId.optional().transform((v) => v ?? '0'),
    type_name: zStr,
    disabled: zBool,
    children: z
      .array(TreeNode)
      .nullish()
      .transform((v) => v ?? []),
  }),
);

export const TreeResponse = z.object({ result: z.array(TreeNode).nullish().transform((v) => v ?? []) });

export const OzonCategoryAttribute = z.object({
  id: zId,
  name: zStr,
  description: zStr,
  type: zStr,
  is_collection: zBool,
  is_required: zBool,
  is_aspect: zBool,
  dictionary_id: zId.optional().transform((v) => v ?? '0'),
  group_id: zId.optional().transform((v) => v ?? '0'),
  group_name: zStr,
  category_dependent: zBool,
  max_value_count: zNum,
});
export const AttributesResponse = z.object({ result: z.array(OzonCategoryAttribute).nullish().transform((v) => v ?? []) });

export const getCategoryTree = (c: OzonClient, signal?: AbortSignal) => c.call('/v1/description-category/tree', { language: 'DEFAULT' }, TreeResponse, { signal });

export const getCategoryAttributes = (c: OzonClient, categoryId: string, typeId: string, signal?: AbortSignal) =>
  c.call('/v1/description-category/attribute', { description_category_id: Number(categoryId), type_id: Number(typeId), language: 'DEFAULT' }, AttributesResponse, { signal });
