/**
 * A scripted sync transport for engine tests: every pull waits for the test,
 * which answers or fails it and decides when (and whether) its headers
 * announce the page; the event stream is the test's too.
 */
import { expect } from 'vitest';
import type { EventHandlers, SyncTransport } from '../../src/main/sync/transport';
import type { Change, ChangePage, PageHead } from '../../src/shared/sync/protocol';
import { product, STORE } from './sync-fixtures';

export interface ScriptedCall {
  after: number;
  /** the answer's headers arrive (SyncTransport.pull's onHead) */
  head(h: PageHead): void;
  answer(page: ChangePage): void;
  fail(e: unknown): void;
}

export function scripted() {
  const calls: ScriptedCall[] = [];
  let events: EventHandlers | null = null;
  const transport: SyncTransport = {
    pull: (after, _limit, onHead) =>
      new Promise<ChangePage>((answer, fail) => {
        calls.push({ after, head: (h) => onHead?.(h), answer, fail });
      }),
    push: async () => ({ results: [] }),
    events: (h) => {
      events = h;
      return () => {
        events = null;
      };
    },
  };
  return { transport, calls, notice: (head: number) => events!.onNotice(head) };
}

/** Product rows for feed seqs from+1 … to (one product each); more to come when `head` is past `to`. */
export function productPage(from: number, to: number, head = to): ChangePage {
  const changes: Change[] = [];
  for (let seq = from + 1; seq <= to; seq++) changes.push({ seq, entity: 'product', storeId: STORE, key: String(100000 + seq), op: 'upsert', row: { ...product(seq), version: seq } });
  return { changes, cursor: to, head, hasMore: to < head };
}

/** Long enough for anything the engine would still start (a debounce, a follow-up, an early ask) to have started. */
export async function ticks(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 120));
}

export async function until(what: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !what(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(what()).toBe(true);
}
