/** Lossless JSON, money normalization, pacing windows and back-off bounds. */
import { zMicroRoubles } from '../../src/server/ozon/performance/campaigns';
import { describe, expect, it } from 'vitest';
import { parseJsonLossless, quoteUnsafeIntegers } from '../../src/server/ozon/json';
import { normalizeMoney } from '../../src/server/ozon/endpoints/zod-helpers';
import { SlidingWindowGate } from '../../src/server/ozon/gate';
import { backoffDelay, DEFAULT_RETRY } from '../../src/server/ozon/client';
import { classify, grpcCode } from '../../src/server/ozon/errors';

describe('parseJsonLossless', () => {
  it('keeps integers above 2^53 exact and leaves strings and safe numbers alone', () => {
    const v = parseJsonLossless('{"message_id": 3000000000123456789, "n": 12, "f": 1.5e3, "s": "9999999999999999999", "neg": -9007199254740993}') as Record<string, unknown>;
    expect(v.message_id).toBe('3000000000123456789');
    expect(v.n).toBe(12);
    expect(v.f).toBe(1500);
    expect(v.s).toBe('9999999999999999999');
    expect(v.neg).toBe('-9007199254740993');
    expect(quoteUnsafeIntegers('{"a":"x\\"9007199254740993"}')).toBe('{"a":"x\\"9007199254740993"}');
  });
});

describe('normalizeMoney', () => {
  it('gives one decimal string for Ozon strings and numbers', () => {
    expect(normalizeMoney('273.00')).toBe('273.00');
    expect(normalizeMoney(273)).toBe('273.00');
    expect(normalizeMoney('1530.0000')).toBe('1530.00');
    expect(normalizeMoney(0.1)).toBe('0.10');
    expect(normalizeMoney('12.345')).toBe('12.345');
    expect(normalizeMoney('')).toBeNull();
    expect(normalizeMoney(null)).toBeNull();
  });
});

describe('SlidingWindowGate', () => {
  it('never admits more than max within the window', async () => {
    let now = 0;
    const g = new SlidingWindowGate(5, 1000, 0, () => now);
    for (let i = 0; i < 5; i++) {
      await g.acquire();
      now += 200; // spacing: windowMs / max
    }
    now = 800;
    let admitted = false;
    const p = g.acquire().then(() => (admitted = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(admitted).toBe(false);
    now = 1001;
    await p;
    expect(admitted).toBe(true);
  });
});

describe('back-off and error classes', () => {
  it('full jitter stays within [0, min(cap, base·2^n)] and respects Retry-After', () => {
    for (let n = 1; n < 12; n++) {
      const d = backoffDelay(n, DEFAULT_RETRY, null, () => 0.999);
      expect(d).toBeLessThanOrEqual(Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** (n - 1)));
    }
    expect(backoffDelay(1, DEFAULT_RETRY, 5000, () => 0)).toBe(5000);
  });
  it('parses numeric and string gRPC codes', () => {
    expect(grpcCode('RESOURCE_EXHAUSTED')).toBe(8);
    expect(classify(429, 'RESOURCE_EXHAUSTED', '')).toBe('rate_limited');
    expect(classify(503, 14, 'Circle is open')).toBe('unavailable');
    expect(classify(403, 7, 'Invalid Api-Key, please contact support')).toBe('permission');
    expect(classify(400, 3, 'proto: syntax error')).toBe('rejected');
  });
});

describe('Performance API budgets (millionths of a rouble)', () => {
  const parse = (v: unknown) => zMicroRoubles.parse(v);
  it('reads the spec examples and its own definition (1 000 000 = 1 ₽)', () => {
    expect(parse(504000000)).toBe('504.00');
    expect(parse('202000000')).toBe('202.00');
    expect(parse('1000000')).toBe('1.00');
    expect(parse('2900000000')).toBe('2900.00');
  });
  it('rounds to kopecks exactly, half up, beyond 2^53', () => {
    expect(parse('1234999')).toBe('1.23');
    expect(parse('1235000')).toBe('1.24');
    expect(parse('0')).toBe('0.00');
    expect(parse('90071992547409930000')).toBe('90071992547409.93');
  });
  it('gives null for what is missing or unreadable, never a wrong amount', () => {
    for (const v of [null, undefined, '', 'abc', '-5', '1.5', 1.5, -1, 1e25]) expect(parse(v)).toBeNull();
  });
});
