/**
 * Test helpers: a sandbox per test file and a tiny Seller API client.
 * Everything goes over real HTTP on loopback.
 */
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/index';

export const START = Date.parse('2026-06-15T09:00:00Z');

export function boot(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ seed: 7, products: 80, stores: 2, timeScale: 0, startTime: START, historyDays: 3, ...opts });
}

export interface Res {
  status: number;
  json: any;
  text: string;
  raw: Buffer;
  headers: Headers;
}

export async function call(sb: RunningSandbox, path: string, body?: unknown, opt: { store?: number; headers?: Record<string, string>; method?: string } = {}): Promise<Res> {
  const s = sb.stores[opt.store ?? 0]!;
  const r = await fetch(sb.url + path, {
    method: opt.method ?? 'POST',
    headers: { 'Client-Id': s.clientId, 'Api-Key': s.apiKey, 'Content-Type': 'application/json', ...(opt.headers ?? {}) },
    body: opt.method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body ?? {}),
  });
  const raw = Buffer.from(await r.arrayBuffer());
  const text = raw.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, json, text, raw, headers: r.headers };
}

export async function control(sb: RunningSandbox, path: string, body?: unknown): Promise<any> {
  const r = await fetch(`${sb.url}/__sandbox${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'X-Sandbox-Token': sb.control.token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return r.json();
}

export const since = '2026-05-01T00:00:00Z';
export const until = '2026-07-15T00:00:00Z';

/** Exact kopecks of an Ozon money string (sums of accruals compare exactly, never as floats). */
export const kop = (v: string): bigint => {
  const [i, f = ''] = v.replace('-', '').split('.');
  const n = BigInt(i!) * 100n + BigInt((f + '00').slice(0, 2));
  return v.startsWith('-') ? -n : n;
};
