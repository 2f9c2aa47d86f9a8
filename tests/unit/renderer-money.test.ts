import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { formatCompact, formatMoney, moneyToInput, normalizeMoney, parseStock, stockIssue, toMinor, validatePrices } from '../../src/renderer/src/lib/money';
import { STOCK_MAX } from '../../src/shared/domain/common';
import { dateTimeShortParts, formatAgo, formatDateTimeShort, formatRelative } from '../../src/renderer/src/lib/format';
import { en } from '../../src/renderer/src/i18n/en';
import { ru } from '../../src/renderer/src/i18n/ru';
import { zhCN } from '../../src/renderer/src/i18n/zh-CN';
import { IMPORT_ENTITIES } from '../../src/server/config';

describe('prices as typed', () => {
  it('normalizes decimal comma, spaces and missing decimals', () => {
    expect(normalizeMoney('1 499,9')).toBe('1499.90');
    expect(normalizeMoney('0099')).toBe('99.00');
    expect(normalizeMoney('12.345')).toBeNull();
    expect(normalizeMoney('-5')).toBeNull();
    expect(normalizeMoney('1e3')).toBeNull();
    expect(normalizeMoney('')).toBe('');
  });

  it('compares in minor units without floats', () => {
    expect(toMinor('0.10') + toMinor('0.20')).toBe(toMinor('0.30'));
    expect(toMinor('1530.000000')).toBe(153000n);
    expect(moneyToInput('1530.5')).toBe('1530.50');
    expect(moneyToInput('0.00')).toBe('');
    expect(moneyToInput('0.00', false)).toBe('0.00');
    expect(moneyToInput(null)).toBe('');
  });

  it("checks Ozon's price rules", () => {
    expect(validatePrices({ price: '1499,90', oldPrice: '1999', minPrice: '1200' })).toEqual({});
    expect(validatePrices({ price: '1499', oldPrice: '', minPrice: '' })).toEqual({});
    expect(validatePrices({ price: '', oldPrice: '', minPrice: '' })).toEqual({ price: 'required' });
    expect(validatePrices({ price: '0', oldPrice: '', minPrice: '' })).toEqual({ price: 'positive' });
    expect(validatePrices({ price: 'abc', oldPrice: 'x', minPrice: '1.234' })).toEqual({ price: 'format', oldPrice: 'format', minPrice: 'format' });
    expect(validatePrices({ price: '1000', oldPrice: '1000', minPrice: '' })).toEqual({ oldPrice: 'oldPriceNotAbove' });
    expect(validatePrices({ price: '1000', oldPrice: '900', minPrice: '1000.01' })).toEqual({ oldPrice: 'oldPriceNotAbove', minPrice: 'minPriceAbove' });
    expect(validatePrices({ price: '1000', oldPrice: '', minPrice: '1000' })).toEqual({});
    expect(validatePrices({ price: '1000', oldPrice: '', minPrice: '0' })).toEqual({ minPrice: 'positive' });
  });

  it('accepts whole, non-negative stock only', () => {
    expect(parseStock('12')).toBe(12);
    expect(parseStock(0)).toBe(0);
    expect(parseStock('-1')).toBeNull();
    expect(parseStock('1.5')).toBeNull();
    expect(parseStock('')).toBeNull();
    expect(parseStock('99999999')).toBeNull();
  });

  it('never reinterprets typed stock: signs, exponents, hex and decimals are refused, not converted', () => {
    for (const raw of ['-3', '-0', '+3', '1e3', '0x10', '12.0', '12,0', '1 000', '', '   ', 'abc', '３.５', '1_000', 'Infinity', 'NaN', null, undefined, -1, 1.5]) {
      expect(parseStock(raw), String(raw)).toBeNull();
      expect(stockIssue(raw), String(raw)).toBe('format');
    }
  });

  it('accepts a stock as the person meant it: surrounding spaces, leading zeros, full-width digits', () => {
    expect(parseStock(' 12 ')).toBe(12);
    expect(parseStock('007')).toBe(7);
    expect(parseStock('0')).toBe(0);
    // a Chinese IME types full-width digits by default
    expect(parseStock('１２')).toBe(12);
    for (const raw of [' 12 ', '007', '１２', '0']) expect(stockIssue(raw), raw).toBeNull();
  });

  it('says "too large" above the contract bound, whatever the length', () => {
    expect(parseStock(String(STOCK_MAX))).toBe(STOCK_MAX);
    expect(parseStock(`000${STOCK_MAX}`)).toBe(STOCK_MAX);
    for (const raw of ['10000001', '99999999', '99999999999', '9'.repeat(40), STOCK_MAX + 1]) {
      expect(parseStock(raw), String(raw)).toBeNull();
      expect(stockIssue(raw), String(raw)).toBe('tooLarge');
    }
  });

  it('labels chart axes compactly in each locale', () => {
    expect(formatCompact(150_000, 'en')).toBe('150K');
    expect(formatCompact(1_500_000, 'ru').replace(/\s/g, ' ')).toBe('1,5 млн');
    expect(formatCompact(150_000, 'zh-CN')).toBe('15万');
    expect(formatCompact(950, 'en')).toBe('950');
  });

  it('formats money and relative time per locale', () => {
    expect(formatMoney('1530.5', 'RUB', 'ru').replace(/\s/g, ' ')).toBe('1 530,50 ₽');
    expect(formatMoney('1530.5', 'CNY', 'zh-CN')).toContain('1,530.50');
    expect(formatMoney(null, 'RUB', 'en')).toBe('—');
    const now = Date.parse('2026-06-01T12:00:00Z');
    expect(formatRelative('2026-06-01T11:57:00Z', 'en', now)).toBe('3 minutes ago');
    expect(formatRelative('2026-06-01T11:57:00Z', 'ru', now)).toBe('3 минуты назад');
    expect(formatRelative('2026-06-01T11:57:00Z', 'zh-CN', now)).toBe('3分钟前');
    // a moment that already happened never reads as future, even when `now` lags it (a periodic tick, another clock)
    expect(formatAgo('2026-06-01T11:57:00Z', 'en', now)).toBe('3 minutes ago');
    for (const lng of ['en', 'ru', 'zh-CN']) expect(formatAgo('2026-06-01T12:00:12Z', lng, now)).toBe(formatRelative('2026-06-01T12:00:00Z', lng, now));
    expect(formatRelative('2026-06-01T12:00:12Z', 'en', now)).not.toBe(formatAgo('2026-06-01T12:00:12Z', 'en', now));
  });
});

describe('workstation texts', () => {
  it('every price rule, posting status and import entity has a text in all languages', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { en: { translation: en }, ru: { translation: ru }, 'zh-CN': { translation: zhCN } }, lng: 'en' });
    const keys = [
      ...['required', 'format', 'positive', 'oldPriceNotAbove', 'minPriceAbove'].map((k) => `priceRules.${k}`),
      ...['awaiting_packaging', 'awaiting_deliver', 'delivering', 'delivered', 'cancelled', 'arbitration'].map((k) => `orderStatus.${k}`),
      // every entity the server imports shows up in the first-sync progress
      ...IMPORT_ENTITIES.map((k) => `importEntity.${k}`),
      ...['active', 'key_invalid', 'key_expired', 'key_revoked', 'unreachable'].map((k) => `storeStatus.${k}`),
    ];
    for (const lng of ['en', 'ru', 'zh-CN']) for (const k of keys) expect(i18n.getFixedT(lng)(k), `${lng} ${k}`).not.toBe(k);
    expect(i18n.getFixedT('ru')('orderStatus.awaiting_packaging')).toBe('Ожидает сборки');
    expect(i18n.getFixedT('ru')('orderStatus.awaiting_deliver')).toBe('Ожидает отгрузки');
    expect(i18n.getFixedT('zh-CN')('orderStatus.awaiting_packaging')).toBe('待备货');
    expect(i18n.getFixedT('zh-CN')('orderStatus.awaiting_deliver')).toBe('待发货');
  });
});

describe('date and time in narrow list cells', () => {
  it('splits at the one space before the time, so the joined parts are the one-line text in every app language', () => {
    const at = '2026-11-30T08:05:00Z';
    for (const locale of ['en', 'ru', 'zh-CN']) {
      const { date, time } = dateTimeShortParts(at, locale);
      expect(time, locale).not.toBe('');
      expect(`${date} ${time}`, locale).toBe(formatDateTimeShort(at, locale));
      // the time part carries the hour and minutes; the date part none of them
      expect(time, locale).toMatch(/\d{1,2}:05/);
      expect(date, locale).not.toMatch(/:/);
    }
    expect(dateTimeShortParts('2026-11-30T08:05:00Z', 'en')).toEqual({ date: expect.stringMatching(/^11\/30\/26,$/), time: expect.stringMatching(/^\d{1,2}:05\s[AP]M$/) });
    expect(dateTimeShortParts(null, 'en')).toEqual({ date: '', time: '' });
    expect(dateTimeShortParts('not a date', 'ru')).toEqual({ date: '', time: '' });
  });
});
