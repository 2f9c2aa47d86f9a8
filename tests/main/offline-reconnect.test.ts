/**
 * The background reconnection loop (src/main/core/reconnect.ts): back-off
 * bounds, one attempt at a time, a kick runs at once, done stops the loop.
 */
import { describe, expect, it } from 'vitest';
import { Reconnector } from '../../src/main/core/reconnect';
import { waitFor } from './sync-harness';

describe('Reconnector', () => {
  it('grows the delay with full jitter inside [250 ms, max]', () => {
    const lo = new Reconnector({ attempt: async () => true, baseMs: 1000, maxMs: 15_000, random: () => 0 });
    const hi = new Reconnector({ attempt: async () => true, baseMs: 1000, maxMs: 15_000, random: () => 0.999999 });
    expect([0, 1, 2, 3, 4, 10, 40].map((n) => lo.delayMs(n))).toEqual([250, 250, 250, 250, 250, 250, 250]);
    expect([0, 1, 2, 3, 4, 10, 40].map((n) => hi.delayMs(n))).toEqual([999, 1999, 3999, 7999, 14_999, 14_999, 14_999]);
    // a cap below the floor is respected
    expect(new Reconnector({ attempt: async () => true, baseMs: 100, maxMs: 100, random: () => 0 }).delayMs(5)).toBe(100);
  });

  it('retries until an attempt reports done, never two at a time, and stops', async () => {
    let running = 0;
    let overlap = false;
    const calls: number[] = [];
    const r = new Reconnector({
      baseMs: 20,
      maxMs: 40,
      async attempt() {
        running++;
        if (running > 1) overlap = true;
        calls.push(Date.now());
        await new Promise((res) => setTimeout(res, 10));
        running--;
        return calls.length >= 4;
      },
    });
    r.start();
    void r.kick();
    void r.kick();
    await waitFor(() => calls.length >= 4 && !r.isActive, 5000, 'four attempts');
    expect(overlap).toBe(false);
    const settled = calls.length;
    await new Promise((res) => setTimeout(res, 200));
    expect(calls.length).toBe(settled);
  });

  it('a failing attempt is retried; stop ends the loop', async () => {
    let n = 0;
    const errors: unknown[] = [];
    const r = new Reconnector({
      baseMs: 10,
      maxMs: 20,
      attempt: async () => {
        n++;
        throw new Error('boom');
      },
      onError: (e) => errors.push(e),
    });
    await r.kick();
    await waitFor(() => n >= 3, 5000, 'retries');
    r.stop();
    const at = n;
    await new Promise((res) => setTimeout(res, 150));
    expect(n).toBeLessThanOrEqual(at + 1);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(r.isActive).toBe(false);
  });
});
