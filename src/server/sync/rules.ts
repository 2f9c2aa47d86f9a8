/**
 * Server-side validation of edits against Ozon's rules, on the row as it
 * would be after the merge (so an old-price edit is checked against the
 * current price, even one another person just changed).
 *
 * Ozon /v1/product/import/prices: prices are rubles with at most two decimals;
 * old_price 0 means "no old price"; when old_price > 0 it must exceed price by
 * at least 20 ₽ (price < 400), 5 % of price (400–10 000) or 500 ₽ (> 10 000).
 * min_price (when set) must not exceed price.
 */
import { STOCK_MAX } from '../../shared/domain/common';
import type { Permission } from '../../shared/roles';

export interface Rejection {
  code: string;
  field?: string;
  message?: string;
}

/** Which permission each editable field needs. */
export const FIELD_PERMISSION: Record<string, Permission> = {
  'product.name': 'products.edit',
  'product.description': 'products.edit',
  'product.price': 'prices.edit',
  'product.oldPrice': 'prices.edit',
  'product.minPrice': 'prices.edit',
  'stock.present': 'stocks.edit',
};

export const NAME_MAX = 500;
export const DESCRIPTION_MAX = 6000;
const MONEY_FIELDS = new Set(['price', 'oldPrice', 'minPrice']);

/** Money in hundredths (kopecks) as a bigint; null for null/absent. Throws nothing: callers validate the format first. */
export function toCents(v: string | null | undefined): bigint | null {
  if (v === null || v === undefined) return null;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(v);
  if (!m) return null;
  const frac = (m[3] ?? '').padEnd(2, '0');
  const cents = BigInt(m[2]!) * 100n + BigInt(frac.slice(0, 2) || '0');
  return m[1] ? -cents : cents;
}

function formatCents(c: bigint): string {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

/**
 * Normalizes an incoming money value to Ozon's stored form ("1530.00").
 * Old and min price "0" mean "none" and are stored as null, as the importer does.
 */
export function normalizeMoney(field: string, v: string): { value: string | null } | Rejection {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(v);
  if (!m) return { code: 'PRICE_INVALID', field, message: 'not a decimal number' };
  if (m[3] && m[3].replace(/0+$/, '').length > 2) return { code: 'PRICE_PRECISION', field, message: 'at most two decimal places' };
  const cents = toCents(v)!;
  if (cents < 0n) return { code: 'PRICE_NEGATIVE', field };
  if (cents === 0n && field !== 'price') return { value: null };
  return { value: formatCents(cents) };
}

/** Equality of field values, decimal-aware for money ("1530" = "1530.00", "0" = null for old/min price). */
export function sameValue(field: string, a: unknown, b: unknown): boolean {
  if (MONEY_FIELDS.has(field)) {
    const norm = (x: unknown) => {
      if (x === null || x === undefined) return null;
      if (typeof x !== 'string' && typeof x !== 'number') return `?${JSON.stringify(x)}`;
      const c = toCents(String(x));
      if (c === null) return `?${String(x)}`;
      return c === 0n && field !== 'price' ? null : c.toString();
    };
    return norm(a) === norm(b);
  }
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  return a === b;
}

/** Minimal old-price markup over price (in cents) by Ozon's table. */
export function minOldPriceGap(priceCents: bigint): bigint {
  if (priceCents < 40000n) return 2000n;
  if (priceCents <= 1_000_000n) return (priceCents * 5n + 99n) / 100n; // 5 %, rounded up to the kopeck
  return 50000n;
}

/** Validates the product's price fields as they would be after the edit. */
export function checkProduct(after: { price?: unknown; oldPrice?: unknown; minPrice?: unknown; name?: unknown; description?: unknown }, touched: Set<string>): Rejection | null {
  if (touched.has('name')) {
    const name = typeof after.name === 'string' ? after.name.trim() : '';
    if (!name) return { code: 'NAME_EMPTY', field: 'name' };
    if ([...(after.name as string)].length > NAME_MAX) return { code: 'NAME_TOO_LONG', field: 'name', message: `at most ${NAME_MAX} characters` };
  }
  if (touched.has('description') && typeof after.description === 'string' && [...after.description].length > DESCRIPTION_MAX) {
    return { code: 'DESCRIPTION_TOO_LONG', field: 'description', message: `at most ${DESCRIPTION_MAX} characters` };
  }
  const priceTouched = touched.has('price') || touched.has('oldPrice') || touched.has('minPrice');
  if (!priceTouched) return null;
  const price = toCents(after.price as string | null);
  if (price === null || price <= 0n) return { code: 'PRICE_NOT_POSITIVE', field: 'price', message: 'price must be greater than 0' };
  const old = toCents(after.oldPrice as string | null);
  if (old !== null && old > 0n) {
    if (old <= price) return { code: 'OLD_PRICE_NOT_ABOVE_PRICE', field: touched.has('oldPrice') ? 'oldPrice' : 'price', message: 'old price must be 0 or greater than price' };
    const gap = minOldPriceGap(price);
    if (old - price < gap) {
      return {
        code: 'OLD_PRICE_GAP_TOO_SMALL',
        field: touched.has('oldPrice') ? 'oldPrice' : 'price',
        message: `old price must exceed price by at least ${formatCents(gap)}`,
      };
    }
  }
  const min = toCents(after.minPrice as string | null);
  if (min !== null && min > 0n && min > price) {
    return { code: 'MIN_PRICE_ABOVE_PRICE', field: touched.has('minPrice') ? 'minPrice' : 'price', message: 'min price must not exceed price' };
  }
  return null;
}

export function checkStock(after: { present?: unknown; reserved?: unknown }): Rejection | null {
  const p = after.present;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 0) return { code: 'STOCK_INVALID', field: 'present' };
  if (p > STOCK_MAX) return { code: 'STOCK_TOO_LARGE', field: 'present' };
  return null;
}
