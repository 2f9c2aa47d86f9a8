// The restart policy of the embedded server (src/main/core/embedded-restart.ts): one restart at a time, doubling
// back-off for a server that keeps dying, a fresh start for one that stayed up, retries after a failed start, stop.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmbeddedRestarter } from '../../src/main/core/embedded-restart';
import { quietLogger } from './helpers';

let now = 0;
beforeEach(() => {
  vi.useFakeTimers();
  now = 0;
});
afterEach(() => vi.useRealTimers());

/** A restarter whose restarts answer from `results` (true = up); `calls` holds the clock at each attempt. */
function restarter(results: ('up' | 'down' | 'skipped' | Error)[]) {
  const calls: number[] = [];
  const logger = quietLogger();
  const r = new EmbeddedRestarter({
    logger,
    firstDelayMs: 1000,
    maxDelayMs: 8000,
    stableMs: 60_000,
    now: () => now,
    // the full back-off step every time (no jitter), so the times below are exact
    random: () => 1,
    restart: async () => {
      calls.push(now);
      const next = results.shift() ?? 'up';
      if (next instanceof Error) throw next;
      return next;
    },
  });
  return { r, calls, logger };
}

async function advance(ms: number): Promise<void> {
  now += ms;
  await vi.advanceTimersByTimeAsync(ms);
}

describe('EmbeddedRestarter', () => {
  it('restarts once per exit after the first delay; exits meanwhile are covered by the pending restart', async () => {
    const { r, calls, logger } = restarter(['up']);
    r.exited();
    r.exited();
    await advance(999);
    expect(calls).toEqual([]);
    await advance(1);
    expect(calls).toEqual([1000]);
    await advance(10_000);
    expect(calls).toHaveLength(1);
    expect(logger.lines.join('\n')).toContain('embedded workspace server restarted');
  });

  it('doubles the wait for a server that keeps dying, up to the cap, and tries again after a failed or thrown start', async () => {
    const { r, calls, logger } = restarter(['down', new Error('port in use'), 'up', 'up', 'up']);
    r.exited();
    await advance(1000); // attempt 1 (down) → next in 2 s
    await advance(2000); // attempt 2 (throws) → next in 4 s
    await advance(4000); // attempt 3 (up)
    expect(calls).toEqual([1000, 3000, 7000]);
    expect(logger.lines.join('\n')).toContain('port in use');
    // it dies again within a minute: the back-off goes on (8 s, the cap)
    await advance(5000);
    r.exited();
    await advance(8000);
    expect(calls).toEqual([1000, 3000, 7000, 20_000]);
    // up for longer than stableMs: the next exit waits the first delay again
    await advance(60_000);
    r.exited();
    await advance(1000);
    expect(calls.at(-1)).toBe(now);
    expect(calls).toHaveLength(5);
  });

  it('ends quietly when the server is no longer wanted (another mode), and answers the next exit again', async () => {
    const { r, calls, logger } = restarter(['skipped', 'up']);
    r.exited();
    await advance(1000);
    await advance(60_000);
    expect(calls).toEqual([1000]);
    expect(logger.lines.join('\n')).not.toContain('restarted');
    r.exited();
    await advance(2000);
    expect(calls).toHaveLength(2);
    expect(logger.lines.join('\n')).toContain('restarted');
  });

  it('does nothing once stopped, neither the pending restart nor later exits', async () => {
    const { r, calls } = restarter(['up']);
    r.exited();
    r.stop();
    r.exited();
    await advance(120_000);
    expect(calls).toEqual([]);
  });
});
