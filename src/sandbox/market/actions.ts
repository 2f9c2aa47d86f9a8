/**
 * Ozon promotions ("акции"). New ones are announced every few simulated days,
 * start later and end; /v1/actions lists those not yet ended. Products join
 * via /v1/actions/products/activate (seller) or automatically (auto-add).
 */
import { Rng } from '../util/rng';
import { DAY, HOUR } from '../util/time';
import { nextId, type World } from './world';

const TEMPLATES: [string, string, string][] = [
  ['Распродажа недели', 'DISCOUNT', 'Скидки до 40% на популярные товары'],
  ['Чёрная пятница', 'DISCOUNT', 'Главная распродажа года'],
  ['Товары дня', 'DISCOUNT', 'Дополнительная скидка на товары дня'],
  ['Эластичный бустинг', 'ELASTIC_BOOSTING', 'Чем больше скидка, тем выше товар в поиске'],
  ['Скидка на сток', 'STOCK_DISCOUNT', 'Скидка на ограниченное количество товара'],
  ['Весенняя распродажа', 'DISCOUNT', 'Сезонные скидки'],
];

export function createAction(w: World, storeId: number, rng: Rng, start: number, days: number): number {
  const [title, type, description] = rng.pick(TEMPLATES);
  const id = nextId(w.db, 'action', 1_100_000 + storeId * 10_000);
  w.db
    .prepare(
      'INSERT INTO actions(id, store_id, title, action_type, description, date_start, date_end, discount_type, discount_value, with_targeting, is_voucher_action) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
    )
    .run(id, storeId, title, type, description, start, start + days * DAY, 'PERCENT', rng.pick([10, 15, 20, 25, 30]), 0, 0);
  return id;
}

/** Once per simulated day (at step boundaries crossing midnight UTC) maybe announce a new promotion. */
export function actionsStep(w: World, storeId: number, stepIndex: number, t: number, stepMs: number): void {
  if (Math.floor(t / DAY) === Math.floor((t - stepMs) / DAY)) return;
  const rng = Rng.derive(w.seed, 'actions', storeId, Math.floor(t / DAY));
  if (!rng.bool(0.35)) return;
  const start = Math.floor(t / DAY) * DAY + rng.int(1, 4) * DAY + 21 * HOUR;
  createAction(w, storeId, rng, start, rng.int(3, 14));
  void stepIndex;
}
