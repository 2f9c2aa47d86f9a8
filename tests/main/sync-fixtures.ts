/** Store-data rows and feed pages for cache/sync tests (shapes of src/shared/domain). */
import type { Change } from '../../src/shared/sync/protocol';

export const STORE = 'st_1';

export function product(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    storeId: STORE,
    version: 1,
    updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    deleted: false,
    productId: String(100000 + i),
    offerId: `OFF-${i}`,
    sku: String(900000000 + i),
    name: `${i % 3 === 0 ? 'Кружка керамическая' : i % 3 === 1 ? 'Футболка хлопок' : 'Чехол для телефона'} ${i}`,
    description: null,
    descriptionCategoryId: String(17000000 + (i % 20)),
    typeId: String(90000 + (i % 20)),
    attributes: [],
    images: [],
    primaryImage: null,
    barcodes: [`OZN${7000000 + i}`],
    depth: null,
    width: null,
    height: null,
    dimensionUnit: null,
    weight: null,
    weightUnit: null,
    vat: '0.2',
    price: `${100 + (i % 1000)}.00`,
    oldPrice: null,
    minPrice: null,
    marketingPrice: null,
    currency: 'RUB',
    statuses: { status: i % 10 === 0 ? 'moderating' : 'price_sent', statusName: '', moderateStatus: '', validationStatus: '', isCreated: true, statusUpdatedAt: null },
    visible: i % 7 !== 0,
    hasPrice: true,
    hasStock: true,
    archived: i % 50 === 0,
    autoArchived: false,
    ozonCreatedAt: null,
    ozonUpdatedAt: null,
    ...over,
  };
}

export function stock(i: number, warehouseId: string, present: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { storeId: STORE, version: 1, updatedAt: '2026-01-01T00:00:00.000Z', deleted: false, productId: String(100000 + i), warehouseId, offerId: `OFF-${i}`, sku: null, present, reserved: 0, ...over };
}

export function posting(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    storeId: STORE,
    version: 1,
    updatedAt: '2026-01-01T00:00:00.000Z',
    deleted: false,
    postingNumber: `${10000000 + i}-0001-1`,
    scheme: i % 2 ? 'fbs' : 'fbo',
    orderId: String(5000 + i),
    orderNumber: `${10000000 + i}-0001`,
    status: i % 4 === 0 ? 'delivered' : 'awaiting_packaging',
    substatus: '',
    warehouseId: i % 2 ? '1001' : null,
    deliveryMethodName: null,
    trackingNumber: null,
    inProcessAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    shipmentDate: null,
    deliveringDate: null,
    cancelReason: null,
    cancelReasonId: null,
    availableActions: [],
    items: [
      { sku: String(900000000 + i), offerId: `OFF-${i}`, name: `Кружка керамическая ${i}`, quantity: 2, price: '150.50', currency: 'RUB' },
      { sku: String(900000001 + i), offerId: `OFF-${i + 1}`, name: `Блюдце ${i}`, quantity: 1, price: '99.00', currency: 'RUB' },
    ],
    ...over,
  };
}

let seq = 0;
export function resetSeq(n = 0) {
  seq = n;
}
export function change(entity: Change['entity'], key: string, row: Record<string, unknown> | null, op: 'upsert' | 'delete' = 'upsert'): Change {
  seq++;
  return { seq, entity, storeId: STORE, key, op, row: row ? { ...row, version: seq } : null };
}
export const currentSeq = () => seq;
