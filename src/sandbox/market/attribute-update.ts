/**
 * How the market applies one item of a /v1/product/attributes/update task
 * when the task comes due (processDueImports in ./imports.ts).
 *
 * Like Ozon: only the attributes named in the request change (a filled
 * attribute cannot be removed: an empty value leaves it as it is); the name
 * is attribute 4180 and the annotation (description) attribute 4191, both
 * kept on the product row itself so /v3/product/info/list,
 * /v4/product/info/attributes and /v1/product/info/description agree.
 * Bad values fail the item with Ozon-style errors (the other attributes of
 * that item are not applied); a request that changes nothing is `skipped`.
 */
import { ATTR } from '../seed/catalog';
import type { ImportItem, ItemError, ResultItem } from './imports';
import type { World } from './world';

export const NAME_MAX = 500;
const ANNOTATION_MAX = 6000;
/** Tags Ozon's annotation sanitizer refuses (it allows simple formatting: br, ul, li, b, i, p). */
const FORBIDDEN_TAG = /<\s*\/?\s*(script|iframe|style|object|embed|form|input|img|a)\b/i;

export interface AttributeUpdateItem {
  offer_id: string;
  attributes: ImportItem['attributes'];
}

/** An item error as /v1/product/import/info reports it, for both kinds of task (imports.ts uses it too). */
export const itemError = (code: string, field: string, description: string, attributeId = 0, attributeName = ''): ItemError => ({
  code,
  field,
  attribute_id: attributeId,
  state: 'imported',
  level: 'error',
  description,
  attribute_name: attributeName,
  message: description,
});

const textOf = (a: AttributeUpdateItem['attributes'][number] | undefined): string | undefined => (a && a.values.length ? a.values.map((v) => v.value).join('') : undefined);

function validate(name: string | undefined, annotation: string | undefined): ItemError[] {
  const out: ItemError[] = [];
  if (name !== undefined) {
    if (!name.trim()) out.push(itemError('name_empty', 'attribute', 'Не указано название товара', ATTR.name, 'Название'));
    else if (name.length > NAME_MAX) out.push(itemError('name_too_long', 'attribute', `Название длиннее ${NAME_MAX} символов`, ATTR.name, 'Название'));
  }
  if (annotation !== undefined) {
    if (annotation.length > ANNOTATION_MAX) out.push(itemError('annotation_too_long', 'attribute', `Аннотация длиннее ${ANNOTATION_MAX} символов`, ATTR.annotation, 'Аннотация'));
    if (FORBIDDEN_TAG.test(annotation)) out.push(itemError('attribute_value_invalid', 'attribute', 'Аннотация содержит недопустимые HTML-теги', ATTR.annotation, 'Аннотация'));
  }
  return out;
}

export function applyAttributeUpdate(w: World, storeId: number, a: AttributeUpdateItem, pre: ItemError[] | null | undefined, at: number): ResultItem {
  const p = w.db.prepare('SELECT product_id, name, description, attributes FROM products WHERE store_id = ? AND offer_id = ?').get(storeId, a.offer_id) as
    | { product_id: number; name: string; description: string; attributes: string }
    | undefined;
  if (!p) return { offer_id: a.offer_id, product_id: 0, status: 'failed', errors: [itemError('offer_id_not_found', 'offer_id', 'Товар с таким артикулом не найден')] };
  if (pre?.length) return { offer_id: a.offer_id, product_id: p.product_id, status: 'failed', errors: pre };
  const name = textOf(a.attributes.find((x) => x.id === ATTR.name));
  // an empty annotation cannot clear a filled one ("Удалить уже заполненные характеристики не получится")
  const annotationRaw = textOf(a.attributes.find((x) => x.id === ATTR.annotation));
  const annotation = annotationRaw ? annotationRaw : undefined;
  const errors = validate(name, annotation);
  if (errors.length) return { offer_id: a.offer_id, product_id: p.product_id, status: 'failed', errors };
  const others = a.attributes.filter((x) => x.id !== ATTR.name && x.id !== ATTR.annotation && x.values.some((v) => v.value || v.dictionary_value_id));
  const current = JSON.parse(p.attributes) as ImportItem['attributes'];
  const merged = current.filter((x) => !others.some((y) => y.id === x.id)).concat(others);
  const nextName = name ?? p.name;
  const nextDescription = annotation ?? p.description;
  const nextAttrs = JSON.stringify(merged);
  if (nextName === p.name && nextDescription === p.description && nextAttrs === p.attributes) return { offer_id: a.offer_id, product_id: p.product_id, status: 'skipped', errors: [] };
  w.db.prepare('UPDATE products SET name = ?, description = ?, attributes = ?, updated_at = ? WHERE product_id = ?').run(nextName, nextDescription, nextAttrs, at, p.product_id);
  return { offer_id: a.offer_id, product_id: p.product_id, status: 'imported', errors: [] };
}
