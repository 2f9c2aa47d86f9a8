/**
 * /v1/description-category/tree, /attribute, /attribute/values
 * (last_value_id pagination, limit 1..2000).
 */
import { Check, num } from '../protocol/validate';
import { notFound } from '../protocol/errors';
import type { RouteDef } from './context';

interface CatRow {
  description_category_id: number;
  parent_id: number | null;
  category_name: string;
  type_id: number;
  type_name: string;
  disabled: number;
}

function typeExists(db: import('../db/open').Db, cat: number, type: number): boolean {
  return db.prepare('SELECT 1 FROM categories WHERE description_category_id = ? AND type_id = ?').get(cat, type) !== undefined;
}

export const categoryRoutes: RouteDef[] = [
  {
    path: '/v1/description-category/tree',
    handler: ({ w }) => {
      const rows = w.db.prepare('SELECT * FROM categories ORDER BY description_category_id, type_id').all() as CatRow[];
      type Node = Record<string, unknown> & { children: Node[] };
      const build = (parent: number | null): Node[] =>
        rows
          .filter((r) => r.type_id === 0 && r.parent_id === parent)
          .map((r) => ({
            description_category_id: r.description_category_id,
            category_name: r.category_name,
            disabled: r.disabled === 1,
            type_id: 0,
            type_name: '',
            children: [
              ...build(r.description_category_id),
              ...rows
                .filter((t) => t.type_id !== 0 && t.description_category_id === r.description_category_id)
                .map((t) => ({ description_category_id: 0, category_name: '', disabled: t.disabled === 1, type_id: t.type_id, type_name: t.type_name, children: [] })),
            ],
          }));
      return { result: build(null) };
    },
  },
  {
    path: '/v1/description-category/attribute',
    handler: ({ w, body }) => {
      const check = new Check('GetAttributesRequest');
      const cat = check.required('description_category_id', num(body.description_category_id));
      const type = check.required('type_id', num(body.type_id));
      if (!typeExists(w.db, cat, type)) throw notFound('category not found');
      const rows = w.db
        .prepare('SELECT a.* FROM type_attributes ta JOIN attributes a ON a.id = ta.attribute_id WHERE ta.description_category_id = ? AND ta.type_id = ? ORDER BY a.id')
        .all(cat, type) as Record<string, number | string>[];
      return {
        result: rows.map((a) => ({
          category_dependent: a.category_dependent === 1,
          description: a.description,
          dictionary_id: a.dictionary_id,
          group_id: a.group_id,
          group_name: a.group_name,
          id: a.id,
          is_aspect: a.is_aspect === 1,
          is_collection: a.is_collection === 1,
          is_required: a.is_required === 1,
          name: a.name,
          type: a.type,
          attribute_complex_id: 0,
          max_value_count: a.max_value_count,
          complex_is_collection: false,
        })),
      };
    },
  },
  {
    path: '/v1/description-category/attribute/values',
    handler: ({ w, body }) => {
      const check = new Check('GetAttributeValuesRequest');
      const attrId = check.required('attribute_id', num(body.attribute_id));
      const cat = check.required('description_category_id', num(body.description_category_id));
      const type = check.required('type_id', num(body.type_id));
      const limit = check.range('limit', num(body.limit), 1, 2000);
      if (!typeExists(w.db, cat, type)) throw notFound('category not found');
      const attr = w.db.prepare('SELECT a.dictionary_id, a.category_dependent FROM type_attributes ta JOIN attributes a ON a.id = ta.attribute_id WHERE ta.description_category_id = ? AND ta.type_id = ? AND a.id = ?').get(cat, type, attrId) as
        | { dictionary_id: number; category_dependent: number }
        | undefined;
      if (!attr) throw notFound('attribute not found');
      if (!attr.dictionary_id) return { has_next: false, result: [] };
      // The type dictionary is category-dependent: only this type's own value applies.
      const typeName = attr.category_dependent ? (w.db.prepare('SELECT type_name FROM categories WHERE description_category_id = ? AND type_id = ?').get(cat, type) as { type_name: string }).type_name : null;
      const rows = w.db
        .prepare(`SELECT id, value, info, picture FROM dictionary_values WHERE dictionary_id = ? AND id > ?${typeName ? ' AND value = ?' : ''} ORDER BY id LIMIT ?`)
        .all(attr.dictionary_id, num(body.last_value_id), ...(typeName ? [typeName] : []), limit + 1) as { id: number; value: string; info: string; picture: string }[];
      return { has_next: rows.length > limit, result: rows.slice(0, limit) };
    },
  },
];
