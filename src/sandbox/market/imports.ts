/**
 * Asynchronous product import (/v3/product/import, /v1/product/attributes/update).
 * A task is stored with the request items and becomes "ready" 20–90 simulated
 * seconds later; the market then validates and applies every item. Until then
 * /v1/product/import/info reports each item as "pending".
 * Validation mirrors Ozon's card rules: known, enabled category+type; the
 * required attributes (85 Бренд, 8229 Тип, 9048 Модель); non-zero dimensions
 * and weight; positive price; name present.
 */
import { Rng } from '../util/rng';

import { ATTR } from '../seed/catalog';
import { CDN, ean13 } from '../seed/products';
import { nextId, type World } from './world';
import { applyAttributeUpdate, itemError, type AttributeUpdateItem } from './attribute-update';

export interface ImportItem {
  offer_id: string;
  name: string;
  description_category_id: number;
  new_description_category_id: number;
  type_id: number;
  price: string;
  old_price: string;
  vat: string;
  currency_code: string;
  barcode: string;
  images: string[];
  primary_image: string;
  depth: number;
  width: number;
  height: number;
  dimension_unit: string;
  weight: number;
  weight_unit: string;
  attributes: { id: number; complex_id: number; values: { dictionary_value_id: number; value: string }[] }[];
}

export interface ItemError {
  code: string;
  field: string;
  attribute_id: number;
  state: string;
  level: string;
  description: string;
  attribute_name: string;
  message: string;
}
export interface ResultItem {
  offer_id: string;
  product_id: number;
  status: string;
  errors: ItemError[];
}

export function createTask(w: World, storeId: number, kind: 'import' | 'attributes', payload: unknown[], preErrors: (ItemError[] | null)[] = []): number {
  const taskId = nextId(w.db, 'import_task', 1_000_000_000 + storeId * 10_000_000);
  const rng = Rng.derive(w.seed, 'task', taskId);
  const now = w.clock.now();
  w.db
    .prepare('INSERT INTO import_tasks(task_id, store_id, kind, created_at, ready_at, payload, result) VALUES (?,?,?,?,?,?,NULL)')
    .run(taskId, storeId, kind, now, now + rng.int(20, 90) * 1000, JSON.stringify({ items: payload, preErrors }));
  return taskId;
}

function validate(w: World, it: ImportItem): ItemError[] {
  const errors: ItemError[] = [];
  const cat = it.new_description_category_id || it.description_category_id;
  const type = w.db.prepare('SELECT disabled FROM categories WHERE description_category_id = ? AND type_id = ?').get(cat, it.type_id) as { disabled: number } | undefined;
  if (!type || type.disabled) errors.push(itemError('description_category_invalid', 'description_category_id', 'Категория или тип товара указаны неверно'));
  if (!it.name.trim()) errors.push(itemError('name_empty', 'name', 'Не указано название товара'));
  if (it.name.length > 500) errors.push(itemError('name_too_long', 'name', 'Название длиннее 500 символов'));
  if (!(Number(it.price) > 0)) errors.push(itemError('price_negative', 'price', 'Цена должна быть больше нуля'));
  if (!it.depth || !it.width || !it.height || !it.dimension_unit) errors.push(itemError('missing_dimension', 'depth', 'Не указаны габариты упаковки'));
  if (!it.weight || !it.weight_unit) errors.push(itemError('missing_weight', 'weight', 'Не указан вес товара в упаковке'));
  for (const [id, name] of [
    [ATTR.brand, 'Бренд'],
    [ATTR.type, 'Тип'],
    [ATTR.model, 'Название модели (для объединения в одну карточку)'],
  ] as const) {
    const a = it.attributes.find((x) => x.id === id);
    if (!a || a.values.length === 0 || a.values.every((v) => !v.value && !v.dictionary_value_id)) {
      errors.push(itemError('required_attribute_missing', 'attribute', `Не заполнена обязательная характеристика «${name}»`, id, name));
    }
  }
  return errors;
}

function applyImport(w: World, storeId: number, it: ImportItem, t: number, rng: Rng): number {
  const existing = w.db.prepare('SELECT product_id FROM products WHERE store_id = ? AND offer_id = ?').get(storeId, it.offer_id) as { product_id: number } | undefined;
  const cat = it.new_description_category_id || it.description_category_id;
  const images = it.images.length ? it.images : [`${CDN}/s3/multimedia-1-a/${rng.digits(10)}.jpg`];
  const common = {
    name: it.name,
    description_category_id: cat,
    type_id: it.type_id,
    price: Number(it.price),
    old_price: Number(it.old_price) || 0,
    vat: it.vat || '0',
    currency_code: it.currency_code || 'RUB',
    images: JSON.stringify(images),
    primary_image: it.primary_image || images[0]!,
    depth: it.depth,
    width: it.width,
    height: it.height,
    dimension_unit: it.dimension_unit,
    weight: it.weight,
    weight_unit: it.weight_unit,
    attributes: JSON.stringify(it.attributes),
    updated_at: t,
  };
  const annotation = it.attributes.find((a) => a.id === ATTR.annotation)?.values[0]?.value;
  if (existing) {
    const keys = Object.keys(common) as (keyof typeof common)[];
    w.db.prepare(`UPDATE products SET ${keys.map((k) => `${k} = ?`).join(', ')}${annotation ? ', description = ?' : ''} WHERE product_id = ?`).run(
      ...keys.map((k) => common[k]),
      ...(annotation ? [annotation] : []),
      existing.product_id,
    );
    return existing.product_id;
  }
  const max = (w.db.prepare('SELECT MAX(product_id) AS m FROM products').get() as { m: number | null }).m ?? 800_000_000;
  const productId = max + rng.int(1, 17);
  w.db
    .prepare(
      `INSERT INTO products(product_id, store_id, offer_id, sku, name, description, description_category_id, type_id, barcodes, images, primary_image, color_image, attributes,
       price, old_price, min_price, net_price, vat, currency_code, depth, width, height, dimension_unit, weight, weight_unit, status, moderate_status, validation_status,
       status_updated_at, created_at, updated_at, commission_fbs, commission_fbo, popularity) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    )
    .run(
      productId, storeId, it.offer_id, productId + 1_300_000_000, it.name, annotation ?? '', cat, it.type_id, JSON.stringify([it.barcode || ean13(rng)]), common.images,
      common.primary_image, '', common.attributes, common.price, common.old_price, 0, 0, common.vat, common.currency_code, it.depth, it.width, it.height, it.dimension_unit,
      it.weight, it.weight_unit, 'price_sent', 'approved', 'success', t, t, t, 15, 13, 1,
    );
  return productId;
}

export function processDueImports(w: World, t: number): void {
  const rows = w.db.prepare('SELECT * FROM import_tasks WHERE result IS NULL AND ready_at <= ? ORDER BY ready_at, task_id').all(t) as {
    task_id: number;
    ready_at: number;
    store_id: number;
    kind: string;
    payload: string;
  }[];
  for (const task of rows) {
    const at = task.ready_at; // apply at the task's own time: independent of how the clock was advanced
    const rng = Rng.derive(w.seed, 'task-run', task.task_id);
    const { items, preErrors } = JSON.parse(task.payload) as { items: unknown[]; preErrors: (ItemError[] | null)[] };
    const result: ResultItem[] = items.map((raw, i) => {
      const pre = preErrors[i];
      if (task.kind === 'attributes') return applyAttributeUpdate(w, task.store_id, raw as AttributeUpdateItem, pre, at);
      const it = raw as ImportItem;
      const errors = pre ?? validate(w, it);
      if (errors.length) return { offer_id: it.offer_id, product_id: 0, status: 'failed', errors };
      return { offer_id: it.offer_id, product_id: applyImport(w, task.store_id, it, at, rng), status: 'imported', errors: [] };
    });
    w.db.prepare('UPDATE import_tasks SET result = ? WHERE task_id = ?').run(JSON.stringify(result), task.task_id);
  }
}

export function taskInfo(w: World, storeId: number, taskId: number): { items: ResultItem[]; total: number } | undefined {
  const row = w.db.prepare('SELECT payload, result FROM import_tasks WHERE task_id = ? AND store_id = ?').get(taskId, storeId) as { payload: string; result: string | null } | undefined;
  if (!row) return undefined;
  if (row.result) {
    const items = JSON.parse(row.result) as ResultItem[];
    return { items, total: items.length };
  }
  const { items } = JSON.parse(row.payload) as { items: { offer_id: string }[] };
  return { items: items.map((i) => ({ offer_id: i.offer_id, product_id: 0, status: 'pending', errors: [] })), total: items.length };
}

