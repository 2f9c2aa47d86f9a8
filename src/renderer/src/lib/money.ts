/**
 * Prices as the seller types them and as Ozon wants them: decimal text
 * ("1530.50"), never floats. Comparisons are done on integer kopecks/fen
 * (BigInt), so 0.1 + 0.2 problems never reach a price.
 */
import { STOCK_MAX } from '../../../shared/domain/common';

/** What a person may type: digits, optional "." or "," and up to 2 decimals. */
const INPUT = /^\d{1,13}([.,]\d{1,2})?$/;

/** "1 530,5" → "1530.50"; null when it is not a price at all. Empty text gives "". */
export function normalizeMoney(raw: string): string | null {
  const s = raw.replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return '';
  if (!INPUT.test(s)) return null;
  const [int = '0', frac = ''] = s.replace(',', '.').split('.');
  return `${BigInt(int).toString()}.${frac.padEnd(2, '0')}`;
}

/** Minor units of a normalized or contract Money value (up to 6 decimals are cut to 2). */
export function toMinor(money: string): bigint {
  const neg = money.startsWith('-');
  const [int = '0', frac = ''] = money.replace('-', '').split('.');
  const v = BigInt(int) * 100n + BigInt((frac + '00').slice(0, 2));
  return neg ? -v : v;
}

/** A contract Money as an editable text ("1530.00" → "1530.00"; null / "0" → ""). */
export function moneyToInput(money: string | null | undefined, zeroIsEmpty = true): string {
  if (money === null || money === undefined) return '';
  if (zeroIsEmpty && toMinor(money) === 0n) return '';
  const minor = toMinor(money);
  const abs = minor < 0n ? -minor : minor;
  return `${minor < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

export type PriceField = 'price' | 'oldPrice' | 'minPrice';
export type PriceIssue = 'required' | 'format' | 'positive' | 'oldPriceNotAbove' | 'minPriceAbove';

export interface PriceInput {
  price: string;
  oldPrice: string;
  minPrice: string;
}

/**
 * Ozon's rules, checked before anything is saved: price > 0; old price empty
 * or above the price; min price empty or not above the price; decimal format.
 */
export function validatePrices(input: PriceInput): Partial<Record<PriceField, PriceIssue>> {
  const out: Partial<Record<PriceField, PriceIssue>> = {};
  const price = normalizeMoney(input.price);
  const oldPrice = normalizeMoney(input.oldPrice);
  const minPrice = normalizeMoney(input.minPrice);
  if (price === '') out.price = 'required';
  else if (price === null) out.price = 'format';
  else if (toMinor(price) <= 0n) out.price = 'positive';
  if (oldPrice === null) out.oldPrice = 'format';
  if (minPrice === null) out.minPrice = 'format';
  else if (minPrice !== '' && toMinor(minPrice) <= 0n) out.minPrice = 'positive';
  const priceOk = !out.price && price;
  if (priceOk && oldPrice && !out.oldPrice && toMinor(oldPrice) !== 0n && toMinor(oldPrice) <= toMinor(priceOk)) out.oldPrice = 'oldPriceNotAbove';
  if (priceOk && minPrice && !out.minPrice && toMinor(minPrice) > toMinor(priceOk)) out.minPrice = 'minPriceAbove';
  return out;
}

export type StockIssue = 'format' | 'tooLarge';

/**
 * Why a typed stock quantity cannot be sent, or null when it can: a whole
 * number from 0 to STOCK_MAX (the bound the IPC contract and Ozon enforce).
 * Full-width digits (a Chinese IME's default) count as the digits they show;
 * signs, decimals, exponents and hex never do, so nothing typed is reinterpreted.
 */
export function stockIssue(raw: string | number | null | undefined): StockIssue | null {
  if (raw === null || raw === undefined) return 'format';
  const s = String(raw).normalize('NFKC').trim();
  if (!/^\d+$/.test(s)) return 'format';
  // compared as text first: a 30-digit paste must read "too large", not lose precision as a Number
  const digits = s.replace(/^0+(?=\d)/, '');
  return digits.length > String(STOCK_MAX).length || Number(digits) > STOCK_MAX ? 'tooLarge' : null;
}

/** A stock quantity typed by a person, or null when stockIssue() names a reason. */
export function parseStock(raw: string | number | null | undefined): number | null {
  return stockIssue(raw) === null ? Number(String(raw).normalize('NFKC').trim()) : null;
}

/** Money for people: "1 530,00 ₽", "RUB 1,530.00", "¥1,530.00"… in the person's language. */
export function formatMoney(amount: string | null | undefined, currency: string, locale: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const n = Number(amount);
  if (!Number.isFinite(n)) return amount;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: currency || 'RUB', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
  } catch {
    return `${n.toFixed(2)} ${currency}`;
  }
}

export function formatNumber(n: number, locale: string): string {
  try {
    return new Intl.NumberFormat(locale).format(n);
  } catch {
    return String(n);
  }
}

/** An axis label: short enough that neighbouring ticks never run together ("150K", "150 тыс.", "15万"). */
export function formatCompact(n: number, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
  } catch {
    return String(n);
  }
}
