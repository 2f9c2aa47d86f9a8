/**
 * Stores (seller cabinets), their API keys, Performance credentials and FBS
 * warehouses. Client-Id is numeric like Ozon's; Api-Key is a UUID.
 */
import type { Db } from '../db/open';
import { Rng } from '../util/rng';
import { DAY } from '../util/time';

export interface StoreSeed {
  id: number;
  clientId: string;
  apiKey: string;
  name: string;
  perfClientId: string;
  perfClientSecret: string;
  warehouseIds: number[];
}

const STORE_NAMES: [string, string][] = [
  ['Домовита', 'ООО «Домовита»'],
  ['ТехноЛавка', 'ИП Соколов Андрей Викторович'],
  ['Уютный Край', 'ООО «Уютный Край»'],
  ['Северный Двор', 'ООО «СД Трейд»'],
];
const WAREHOUSES: [string, string, boolean][] = [
  ['Склад Подольск', 'Московская обл., г. Подольск, ул. Поливановская, д. 9', false],
  ['Склад Казань', 'Республика Татарстан, г. Казань, ул. Тэцевская, д. 4', false],
  ['Магазин rFBS Екатеринбург', 'Свердловская обл., г. Екатеринбург, ул. Малышева, д. 51', true],
];

export function seedStores(db: Db, seed: number, count: number, now: number, keyExpiresAt: number): StoreSeed[] {
  const insStore = db.prepare(
    'INSERT INTO stores(id, client_id, api_key, name, legal_name, inn, ogrn, key_expires_at, perf_client_id, perf_client_secret) VALUES (?,?,?,?,?,?,?,?,?,?)',
  );
  const insWh = db.prepare(
    'INSERT INTO warehouses(warehouse_id, store_id, name, is_rfbs, is_kgt, status, address, created_at, delivery_method_id, delivery_method_name) VALUES (?,?,?,?,?,?,?,?,?,?)',
  );
  const out: StoreSeed[] = [];
  for (let i = 0; i < count; i++) {
    const rng = Rng.derive(seed, 'store', i);
    const id = i + 1;
    const clientId = String(1_800_000 + rng.int(0, 99_999) * 10 + i);
    const apiKey = `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${'89ab'[rng.int(0, 3)]}${rng.hex(3)}-${rng.hex(12)}`;
    const [short, legal] = STORE_NAMES[i % STORE_NAMES.length]!;
    const name = i < STORE_NAMES.length ? short : `${short} ${i + 1}`;
    const perfClientId = `${rng.digits(8)}-${rng.digits(13)}@advertising.performance.ozon.ru`;
    const perfClientSecret = rng.hex(64);
    insStore.run(id, clientId, apiKey, name, legal, rng.digits(10), rng.digits(13), keyExpiresAt, perfClientId, perfClientSecret);
    const warehouseIds: number[] = [];
    WAREHOUSES.forEach(([whName, address, rfbs], w) => {
      const whId = 1_020_000_000_000_000 + id * 1_000_000_000 + rng.int(100_000, 999_999) * 1000;
      warehouseIds.push(whId);
      const dm = whId + 7;
      insWh.run(whId, id, whName, rfbs ? 1 : 0, 0, 'created', address, now - (400 - w * 30) * DAY, dm, rfbs ? `Доставка продавцом, ${whName}` : `Доставка Ozon самостоятельно, ${whName.replace('Склад ', '')}`);
    });
    out.push({ id, clientId, apiKey, name, perfClientId, perfClientSecret, warehouseIds });
  }
  return out;
}
