/**
 * Options of a sandbox run and their defaults.
 */
import type { FaultKind } from './protocol/faults';

export interface SandboxOptions {
  /** SQLite file; default ':memory:' (disposable world). */
  dbPath?: string;
  host?: string;
  /** 0 = random free port (CLI default 8788). */
  port?: number;
  seed?: number;
  /** Products per store (default 500). */
  products?: number;
  /** Stores, i.e. seller cabinets with their own Client-Id (default 2). */
  stores?: number;
  /** Simulated seconds per real second (default 1; 0 = frozen, move it with advance()). */
  timeScale?: number;
  faults?: { rate: number; kinds?: FaultKind[]; timeoutMs?: number };
  /** Enforce Ozon's request-rate limits (default true). */
  rateLimits?: boolean;
  /** Simulated start time (ms since epoch). Default: now, floored to the minute. Fix it for reproducible timestamps. */
  startTime?: number;
  /** Days of market history simulated before start (default 3). */
  historyDays?: number;
  /** Orders per store per simulated day (default max(24, products / 5)). */
  ordersPerDay?: number;
  /** Probability that ship answers 200 but leaves substatus ship_failed (default 0.05). */
  shipFailRate?: number;
  /** Token guarding /__sandbox/* (default: random, printed by the CLI). */
  controlToken?: string;
}

export interface ResolvedOptions {
  dbPath: string;
  host: string;
  port: number;
  seed: number;
  products: number;
  stores: number;
  timeScale: number;
  faults: { rate: number; kinds?: FaultKind[]; timeoutMs?: number };
  rateLimits: boolean;
  startTime: number;
  historyDays: number;
  ordersPerDay: number;
  shipFailRate: number;
  controlToken: string;
}

export function resolveOptions(o: SandboxOptions, randomToken: string): ResolvedOptions {
  const products = o.products ?? 500;
  return {
    dbPath: o.dbPath ?? ':memory:',
    host: o.host ?? '127.0.0.1',
    port: o.port ?? 0,
    seed: o.seed ?? 1,
    products,
    stores: o.stores ?? 2,
    timeScale: o.timeScale ?? 1,
    faults: o.faults ?? { rate: 0 },
    rateLimits: o.rateLimits ?? true,
    startTime: o.startTime ?? Math.floor(Date.now() / 60_000) * 60_000,
    historyDays: o.historyDays ?? 3,
    ordersPerDay: o.ordersPerDay ?? Math.max(24, Math.round(products / 5)),
    shipFailRate: o.shipFailRate ?? 0.05,
    controlToken: o.controlToken ?? randomToken,
  };
}
