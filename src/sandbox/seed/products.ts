/**
 * Product cards with Russian names, RUB prices, valid EAN-13 barcodes,
 * images on a fake CDN host and FBS/FBO stocks. Deterministic per (seed,
 * store, index).
 */
import type { Db } from '../db/open';
import { Rng } from '../util/rng';
import { DAY } from '../util/time';
import { ATTR, type Catalog } from './catalog';
import { BRANDS, COLORS, COUNTRIES, MATERIALS } from './vocab';
import type { StoreSeed } from './stores';

export const CDN = 'https://cdn1.ozone-sandbox.test';

export function ean13(rng: Rng): string {
  const body = `460${rng.digits(9)}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}

/** Ozon-like retail price: ends in 9 / 90 / 99. */
export function roundPrice(p: number): number {
  if (p < 1000) return Math.max(49, Math.round(p / 10) * 10 - 1);
  return Math.round(p / 100) * 100 - 10;
}

export type AttrValue = { id: number; complex_id: number; values: { dictionary_value_id: number; value: string }[] };

export function seedProducts(db: Db, seed: number, store: StoreSeed, storeIndex: number, count: number, catalog: Catalog, now: number): void {
  const ins = db.prepare(`INSERT INTO products(product_id, store_id, offer_id, sku, name, description, description_category_id, type_id, barcodes, images, primary_image, color_image,
    attributes, price, old_price, min_price, net_price, vat, currency_code, depth, width, height, dimension_unit, weight, weight_unit, archived, is_discounted, is_kgt,
    status, moderate_status, validation_status, status_updated_at, created_at, updated_at, fbo_present, fbo_reserved, auto_action_enabled, commission_fbs, commission_fbo, popularity)
    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const insStock = db.prepare('INSERT INTO stocks(product_id, warehouse_id, store_id, present, reserved) VALUES (?,?,?,?,0)');
  const base = 800_000_000 + storeIndex * 40_000_000;
  for (let i = 0; i < count; i++) {
    const rng = Rng.derive(seed, 'product', store.id, i);
    const t = rng.pick(catalog.types);
    const def = t.def;
    const brandIdx = rng.int(0, BRANDS.length - 1);
    const colorIdx = rng.int(0, COLORS.length - 1);
    const [color, colorCode] = COLORS[colorIdx]!;
    const adjective = rng.pick(def.adjectives);
    const extra = rng.pick(def.extras);
    const brand = BRANDS[brandIdx]!;
    const name = `${def.name} ${adjective} ${brand === 'Нет бренда' ? '' : `${brand} `}${extra}, ${color}`.replace(/\s+/g, ' ');
    const productId = base + i * 17 + rng.int(0, 16);
    const sku = productId + 1_300_000_000;
    const offerId = `${def.code}-${String(i + 1).padStart(5, '0')}-${colorCode}`;
    const price = roundPrice(def.priceMin + rng.next() * (def.priceMax - def.priceMin));
    const oldPrice = rng.bool(0.6) ? roundPrice(price * (1.15 + rng.next() * 0.5)) : 0;
    const images = Array.from({ length: rng.int(1, 5) }, (_, k) => `${CDN}/s3/multimedia-${rng.int(1, 9)}-${rng.hex(1)}/${6_900_000_000 + productId * 10 + k}.jpg`);
    const weight = rng.int(def.weight[0], def.weight[1]);
    const depth = rng.int(50, 400);
    const width = rng.int(50, 300);
    const height = rng.int(20, 200);
    const country = rng.int(0, COUNTRIES.length - 1);
    const model = `${def.code}${rng.digits(4)}`;
    const description = `${def.name} ${adjective} от бренда ${brand}. ${extra}. Цвет: ${color}. Подходит для ежедневного использования.`;
    const attributes: AttrValue[] = [
      { id: ATTR.brand, complex_id: 0, values: [{ dictionary_value_id: catalog.brandIds[brandIdx]!, value: brand }] },
      { id: ATTR.type, complex_id: 0, values: [{ dictionary_value_id: t.typeValueId, value: def.name }] },
      { id: ATTR.model, complex_id: 0, values: [{ dictionary_value_id: 0, value: model }] },
      { id: ATTR.color, complex_id: 0, values: [{ dictionary_value_id: catalog.colorIds[colorIdx]!, value: color }] },
      { id: ATTR.country, complex_id: 0, values: [{ dictionary_value_id: catalog.countryIds[country]!, value: COUNTRIES[country]! }] },
      { id: ATTR.weight, complex_id: 0, values: [{ dictionary_value_id: 0, value: String(Math.round(weight * 0.85)) }] },
    ];
    if (def.material) {
      const m = rng.int(0, MATERIALS.length - 1);
      attributes.push({ id: ATTR.material, complex_id: 0, values: [{ dictionary_value_id: catalog.materialIds[m]!, value: MATERIALS[m]! }] });
    }
    const created = now - rng.int(30, 700) * DAY - rng.int(0, DAY);
    const archived = rng.bool(0.03) ? 1 : 0;
    const pending = !archived && rng.bool(0.02);
    ins.run(
      productId, store.id, offerId, sku, name, description, t.descriptionCategoryId, t.typeId,
      JSON.stringify([ean13(rng)]), JSON.stringify(images), images[0]!, '', JSON.stringify(attributes),
      price, oldPrice, 0, Math.round(price * 0.45), '0.2', 'RUB', depth, width, height, 'mm', weight, 'g',
      archived, 0, 0, pending ? 'moderating' : 'price_sent', pending ? 'moderating' : 'approved', pending ? 'pending' : 'success',
      created + DAY, created, created + rng.int(0, 20) * DAY,
      rng.bool(0.5) ? rng.int(0, 200) : 0, 0, rng.bool(0.3) ? 1 : 0,
      rng.pick([12, 15, 17, 19, 21]), rng.pick([10, 13, 15, 18, 20]), 0.2 + rng.next() * 1.8,
    );
    for (const wh of store.warehouseIds) {
      if (rng.bool(0.85)) insStock.run(productId, wh, store.id, rng.bool(0.12) ? 0 : rng.int(1, 60));
    }
  }
}
