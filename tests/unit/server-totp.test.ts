import { describe, expect, it } from 'vitest';
import { checkTotp, newTotpSecret, totpAt, totpUri } from '../../src/server/auth/totp';

// RFC 6238 appendix B test secret ("12345678901234567890") in base32
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('matches the RFC 6238 SHA1 vectors (last 6 digits)', () => {
    expect(totpAt(RFC_SECRET, 59_000)).toBe('287082');
    expect(totpAt(RFC_SECRET, 1_111_111_109_000)).toBe('081804');
    expect(totpAt(RFC_SECRET, 1_234_567_890_000)).toBe('005924');
  });

  it('accepts ±1 step and reports the matched step', () => {
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    expect(checkTotp(RFC_SECRET, totpAt(RFC_SECRET, now), null, now)).toEqual({ ok: true, step });
    expect(checkTotp(RFC_SECRET, totpAt(RFC_SECRET, now - 30_000), null, now)).toEqual({ ok: true, step: step - 1 });
    expect(checkTotp(RFC_SECRET, totpAt(RFC_SECRET, now + 30_000), null, now)).toEqual({ ok: true, step: step + 1 });
    expect(checkTotp(RFC_SECRET, totpAt(RFC_SECRET, now + 90_000), null, now).ok).toBe(false);
  });

  it('refuses replays: a code at or before the last used step', () => {
    const now = 1_700_000_000_000;
    const code = totpAt(RFC_SECRET, now);
    const first = checkTotp(RFC_SECRET, code, null, now);
    expect(first.ok).toBe(true);
    const step = (first as { step: number }).step;
    expect(checkTotp(RFC_SECRET, code, step, now)).toEqual({ ok: false, reason: 'replayed' });
    expect(checkTotp(RFC_SECRET, totpAt(RFC_SECRET, now - 30_000), step, now)).toEqual({ ok: false, reason: 'replayed' });
    expect(checkTotp(RFC_SECRET, totpAt(RFC_SECRET, now + 30_000), step, now).ok).toBe(true);
  });

  it('rejects malformed codes and builds otpauth URIs', () => {
    expect(checkTotp(RFC_SECRET, 'abcdef', null).ok).toBe(false);
    expect(checkTotp(RFC_SECRET, '12345', null).ok).toBe(false);
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri(s, 'a@b.cd')).toBe(`otpauth://totp/Sellerdesk:a%40b.cd?issuer=Sellerdesk&secret=${s}&algorithm=SHA1&digits=6&period=30`);
  });
});
