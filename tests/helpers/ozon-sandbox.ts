/** Test helpers around the Ozon sandbox (src/sandbox): start it, read its stats, drive its control API. */
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/index';

export async function sandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ seed: 7, timeScale: 0, products: 120, stores: 3, historyDays: 2, ...opts });
}

export async function ozonPost(sb: RunningSandbox, store: number, path: string, body: unknown): Promise<any> {
  const s = sb.stores[store]!;
  const r = await fetch(sb.url + path, { method: 'POST', headers: { 'Client-Id': s.clientId, 'Api-Key': s.apiKey, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return r.json();
}

export function stats(sb: RunningSandbox): { total: number; requests: Record<string, number>; statuses: Record<string, Record<string, number>>; rate_limited_total: number; faults_served: Record<string, number> } {
  return sb.control.stats() as never;
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, stepMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export const MASTER_KEY = '6f'.repeat(32);
