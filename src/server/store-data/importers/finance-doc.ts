/**
 * One /v1/finance/accrual/by-day accrual → one finance row (see
 * shared/domain/finance.ts for the model and its invariants). Sums are exact
 * decimal arithmetic on the strings Ozon sends, never floats.
 */
import type { FinanceAccrualLine, FinanceTransaction } from '../../../shared/domain/finance';
import type { OzonAccrual } from '../../ozon/endpoints/finance';
import { normalizeMoney } from '../../ozon/endpoints/zod-helpers';

export type FinanceDoc = Omit<FinanceTransaction, 'storeId' | 'version' | 'updatedAt' | 'deleted'>;
/** accrual type id → name, from /v1/finance/accrual/types */
export type AccrualTypeNames = ReadonlyMap<string, string>;

const SCALE = 6;
/** "−12.5" → −12500000n (micro-units); Money has at most 6 fraction digits. */
function micros(v: string): bigint {
  const neg = v.startsWith('-');
  const [int, frac = ''] = (neg ? v.slice(1) : v).split('.') as [string, string?];
  const n = BigInt(int || '0') * 10n ** BigInt(SCALE) + BigInt((frac ?? '').padEnd(SCALE, '0').slice(0, SCALE) || '0');
  return neg ? -n : n;
}
function fromMicros(n: bigint): string {
  const neg = n < 0n;
  const a = neg ? -n : n;
  const s = `${neg ? '-' : ''}${a / 10n ** BigInt(SCALE)}.${(a % 10n ** BigInt(SCALE)).toString().padStart(SCALE, '0')}`;
  return normalizeMoney(s)!;
}
const sumMoney = (values: string[]): string => fromMicros(values.reduce((s, v) => s + micros(v), 0n));
const isZero = (v: string): boolean => micros(v) === 0n;

/** Moscow is UTC+3 all year: the instant an accrual date starts. */
const mskStart = (date: string): string => `${date}T00:00:00+03:00`;

export function financeDoc(a: OzonAccrual, names: AccrualTypeNames): FinanceDoc {
  const lines: FinanceAccrualLine[] = [];
  const typed = (component: FinanceAccrualLine['component'], typeId: string | null, sku: string | null, amount: string): void => {
    lines.push({ component, typeId, typeName: typeId ? (names.get(typeId) ?? '') : '', sku, amount });
  };
  const sale: string[] = [];
  const commission: string[] = [];
  for (const p of a.posting?.products ?? []) {
    if (p.commission) {
      sale.push(p.commission.sale_amount.amount);
      commission.push(p.commission.commission.amount);
      typed('sale', null, p.sku, p.commission.sale_amount.amount);
      typed('commission', null, p.sku, p.commission.commission.amount);
      if (!isZero(p.commission.bonus.amount)) typed('bonus', null, p.sku, p.commission.bonus.amount);
      if (!isZero(p.commission.coinvestment.amount)) typed('coinvestment', null, p.sku, p.commission.coinvestment.amount);
    }
    for (const s of p.delivery?.services ?? []) typed('service', s.type_id, p.sku, s.accrued.amount);
  }
  for (const i of a.item_fees?.fees ?? []) for (const f of i.fees) typed('item_fee', f.type_id, i.sku, f.accrued.amount);
  if (a.non_item_fee) typed('non_item_fee', a.non_item_fee.type_id, null, a.non_item_fee.accrued.amount);

  // everything but the sale and the commission, summed per name (a type without a name keeps its id)
  const byName = new Map<string, string[]>();
  for (const l of lines) {
    if (l.component === 'sale' || l.component === 'commission') continue;
    const name = l.component === 'bonus' || l.component === 'coinvestment' ? l.component : l.typeName || `type:${l.typeId ?? '?'}`;
    byName.set(name, [...(byName.get(name) ?? []), l.amount]);
  }
  const accrualsForSale = sumMoney(sale);
  const typeNames = [...new Set(lines.map((l) => l.typeName).filter((n) => n !== ''))];
  const date = a.date.slice(0, 10);
  return {
    operationId: a.accrual_id,
    operationType: a.accrued_category,
    operationTypeName: typeNames.join(', '),
    operationDate: /^\d{4}-\d{2}-\d{2}$/.test(date) ? mskStart(date) : null,
    type: a.accrued_category === 'POSTING' ? (micros(accrualsForSale) < 0n ? 'returns' : 'orders') : 'services',
    postingNumber: a.accrued_category === 'POSTING' && a.unit_number ? a.unit_number : null,
    amount: a.total_amount.amount,
    accrualsForSale,
    saleCommission: sumMoney(commission),
    deliveryCharge: '0.00',
    returnDeliveryCharge: '0.00',
    services: [...byName].map(([name, amounts]) => ({ name, price: sumMoney(amounts) })),
    skus: [...new Set(lines.map((l) => l.sku).filter((s): s is string => s !== null))],
    accrualCategory: a.accrued_category,
    accrualDate: date,
    unitNumber: a.unit_number,
    currency: a.total_amount.currency,
    lines,
  };
}
