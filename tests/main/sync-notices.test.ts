/**
 * The engine's answer to "changes available" notices (engine.ts onNotice),
 * against a scripted transport: a notice pulls at once; notices arriving
 * while that pull runs (another client's push announces every chunk) lead to
 * exactly ONE follow-up pull, none when the running pull already covered
 * them, and nothing announced is left unpulled; a failed pull ends the chase
 * and the next notice starts a new one.
 */
import { describe, expect, it } from 'vitest';
import { SyncEngine } from '../../src/main/sync/engine';
import { AppError } from '../../src/main/core/errors';
import { tempCaches } from './cache-fixture';
import { quietLogger } from './helpers';
import { productPage, scripted, ticks, until } from './sync-scripted';

const { open } = tempCaches('sync-notices');

async function started() {
  const cache = open();
  const t = scripted();
  const engine = new SyncEngine({ cache, transport: t.transport, emit: () => undefined, logger: quietLogger(), pollMs: 3_600_000 });
  engine.start();
  // start() syncs once: an empty feed
  await until(() => t.calls.length === 1);
  t.calls[0]!.answer(productPage(0, 0));
  await ticks();
  return { cache, engine, ...t, count: () => cache.db.prepare('SELECT COUNT(*) FROM products').pluck().get() as number };
}

describe('sync engine: notices', () => {
  it('notices during a pull lead to exactly one follow-up pull, and everything announced is pulled', async () => {
    const { engine, calls, notice, cache, count } = await started();
    notice(1);
    await until(() => calls.length === 2);
    expect(calls[1]!.after).toBe(0);
    // the pusher's next chunks commit while this pull runs
    for (const head of [2, 3, 5]) notice(head);
    await ticks();
    expect(calls).toHaveLength(2);
    calls[1]!.answer(productPage(0, 1));
    await until(() => calls.length === 3);
    expect(calls[2]!.after).toBe(1);
    calls[2]!.answer(productPage(1, 5));
    await ticks();
    expect(calls).toHaveLength(3);
    expect(cache.cursor).toBe(5);
    expect(count()).toBe(5);
    // a notice of what the cache already has pulls nothing
    notice(4);
    notice(5);
    await ticks();
    expect(calls).toHaveLength(3);
    await engine.stop();
  });

  it('no follow-up when the running pull already reached the announced head', async () => {
    const { engine, calls, notice, cache } = await started();
    notice(2);
    await until(() => calls.length === 2);
    notice(3);
    await ticks();
    // the page was read after the second commit: it covers both notices
    calls[1]!.answer(productPage(0, 3));
    await ticks();
    expect(calls).toHaveLength(2);
    expect(cache.cursor).toBe(3);
    await engine.stop();
  });

  it('a failed pull ends the chase; the next notice pulls again', async () => {
    const { engine, calls, notice, cache } = await started();
    notice(2);
    await until(() => calls.length === 2);
    notice(3);
    calls[1]!.fail(new AppError('SERVER_UNREACHABLE'));
    await ticks();
    expect(calls).toHaveLength(2);
    expect(engine.status().online).toBe(false);
    notice(4);
    await until(() => calls.length === 3);
    expect(calls[2]!.after).toBe(0);
    calls[2]!.answer(productPage(0, 4));
    await ticks();
    expect(calls).toHaveLength(3);
    expect(cache.cursor).toBe(4);
    await engine.stop();
  });
});
