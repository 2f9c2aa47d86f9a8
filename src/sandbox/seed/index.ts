/**
 * Builds a fresh world: catalog, stores, products, promotions, ad campaigns,
 * then a short simulated history (the market runs with the seller autopilot
 * on, so lists start populated with postings in every state).
 */
import type { Db } from '../db/open';
import { setMeta } from '../db/open';
import { Rng } from '../util/rng';
import { DAY, HOUR, ymd } from '../util/time';
import { createAction } from '../market/actions';
import type { World } from '../market/world';
import { seedCatalog } from './catalog';
import { seedProducts } from './products';
import { seedStores, type StoreSeed } from './stores';

export interface SeedOptions {
  seed: number;
  stores: number;
  products: number;
  start: number;
}

export function seedWorld(db: Db, o: SeedOptions): StoreSeed[] {
  let stores: StoreSeed[] = [];
  db.transaction(() => {
    const catalog = seedCatalog(db, o.seed);
    // Key expiry is checked against wall time (limits clock), so it is set relative to the real now.
    stores = seedStores(db, o.seed, o.stores, o.start, Date.now() + 180 * DAY);
    stores.forEach((s, i) => seedProducts(db, o.seed, s, i, o.products, catalog, o.start));
    setMeta(db, 'seed', String(o.seed));
  })();
  return stores;
}

export function seedPromotionsAndCampaigns(w: World, start: number): void {
  const stores = w.db.prepare('SELECT id FROM stores ORDER BY id').all() as { id: number }[];
  w.db.transaction(() => {
    for (const { id } of stores) {
      const rng = Rng.derive(w.seed, 'seed-actions', id);
      createAction(w, id, rng, start - 20 * DAY, 7); // ended: not listed by /v1/actions
      const active = createAction(w, id, rng, start - 3 * DAY, 10);
      createAction(w, id, rng, start + 2 * DAY + 21 * HOUR, 7);
      // A few products already take part in the running promotion.
      const prods = w.db.prepare('SELECT product_id, price FROM products WHERE store_id = ? AND archived = 0 ORDER BY product_id LIMIT 8').all(id) as { product_id: number; price: number }[];
      for (const p of prods) w.db.prepare('INSERT INTO action_products(action_id, product_id, action_price, stock, add_mode) VALUES (?,?,?,?,?)').run(active, p.product_id, Math.round(p.price * 0.85), 0, 'AUTO');
      const titles = ['Трафарет: хиты продаж', 'Продвижение в поиске — все товары', 'Новинки сезона', 'Баннер на главной'];
      titles.forEach((title, k) => {
        w.db
          .prepare('INSERT INTO campaigns(id, store_id, title, state, payment_type, adv_object_type, budget, daily_budget, from_date, to_date, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)')
          .run(
            10_000_000 + id * 1000 + k * 7 + rng.int(0, 6),
            id,
            title,
            k === 3 ? 'CAMPAIGN_STATE_INACTIVE' : 'CAMPAIGN_STATE_RUNNING',
            k === 1 ? 'CPO' : k === 3 ? 'CPM' : 'CPC',
            k === 1 ? 'SEARCH_PROMO' : k === 3 ? 'BANNER' : 'SKU',
            rng.int(10, 100) * 1_000_000_000,
            rng.int(5, 30) * 100_000_000,
            ymd(start - rng.int(20, 90) * DAY),
            k === 3 ? ymd(start + 30 * DAY) : '',
            start - rng.int(20, 90) * DAY,
          );
      });
    }
  })();
}
