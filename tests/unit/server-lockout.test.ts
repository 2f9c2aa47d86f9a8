import { describe, expect, it } from 'vitest';
import { isLocked, lockAfterFailures } from '../../src/server/auth/lockout';
import { DEFAULT_LIMITS } from '../../src/server/config';

const T0 = Date.parse('2025-01-01T00:00:00.000Z');
const minutes = (iso: string | null) => (iso ? (Date.parse(iso) - T0) / 60_000 : null);

describe('lockout schedule', () => {
  it('no lock below the threshold', () => {
    for (let f = 0; f < 5; f++) expect(lockAfterFailures(f, DEFAULT_LIMITS, T0)).toEqual({ lockedUntil: null, permanent: false });
  });

  it('5 → 15 min, doubling on each further failure, permanent at 10', () => {
    expect(minutes(lockAfterFailures(5, DEFAULT_LIMITS, T0).lockedUntil)).toBe(15);
    expect(minutes(lockAfterFailures(6, DEFAULT_LIMITS, T0).lockedUntil)).toBe(30);
    expect(minutes(lockAfterFailures(7, DEFAULT_LIMITS, T0).lockedUntil)).toBe(60);
    expect(minutes(lockAfterFailures(8, DEFAULT_LIMITS, T0).lockedUntil)).toBe(120);
    expect(minutes(lockAfterFailures(9, DEFAULT_LIMITS, T0).lockedUntil)).toBe(240);
    expect(lockAfterFailures(10, DEFAULT_LIMITS, T0)).toEqual({ lockedUntil: null, permanent: true });
    expect(lockAfterFailures(25, DEFAULT_LIMITS, T0).permanent).toBe(true);
  });

  it('isLocked honours time and permanence', () => {
    expect(isLocked(null, T0)).toBe(false);
    expect(isLocked({ failures: 5, lockedUntil: new Date(T0 + 1000).toISOString(), permanent: false }, T0)).toBe(true);
    expect(isLocked({ failures: 5, lockedUntil: new Date(T0 - 1).toISOString(), permanent: false }, T0)).toBe(false);
    expect(isLocked({ failures: 10, lockedUntil: null, permanent: true }, T0)).toBe(true);
  });
});
