import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../../src/server/auth/rate-limit';

describe('MemoryRateLimiter (sliding window)', () => {
  it('allows max hits per window, then reports when the oldest expires', () => {
    let now = 1_000_000;
    const rl = new MemoryRateLimiter(() => now);
    for (let i = 0; i < 3; i++) {
      expect(rl.hitSync('k', 3, 60_000).allowed).toBe(true);
      now += 1000;
    }
    const refused = rl.hitSync('k', 3, 60_000);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBe(57_000); // first hit at t0 expires at t0+60 s; now is t0+3 s
    now += 57_000;
    expect(rl.hitSync('k', 3, 60_000).allowed).toBe(true);
    rl.close();
  });

  it('refused hits are not recorded and keys are independent', () => {
    let now = 0;
    const rl = new MemoryRateLimiter(() => now);
    expect(rl.hitSync('a', 1, 10_000).allowed).toBe(true);
    for (let i = 0; i < 5; i++) expect(rl.hitSync('a', 1, 10_000).allowed).toBe(false);
    expect(rl.hitSync('b', 1, 10_000).allowed).toBe(true);
    now = 10_001;
    expect(rl.hitSync('a', 1, 10_000).allowed).toBe(true);
    rl.close();
  });

  it('the async interface matches', async () => {
    const rl = new MemoryRateLimiter();
    expect(await rl.hit('x', 1, 1000)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect((await rl.hit('x', 1, 1000)).allowed).toBe(false);
    rl.close();
  });
});
