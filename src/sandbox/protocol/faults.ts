/**
 * Fault injection for Seller/Performance API calls (never the control API).
 * - '5xx': answered before the handler runs (nothing written) with Ozon's
 *   500 {code:13,"Internal error"} or 503 {code:14,"Circle is open"}.
 * - 'timeout': the handler RUNS (the write happens) and the response is held
 *   for timeoutMs, then 504 — the nastiest real case: client gave up, server did it.
 * - 'drop': the TCP connection is destroyed before the handler runs.
 * Decisions come from a seeded stream, so a fault sequence is reproducible.
 */
import { Rng } from '../util/rng';

export type FaultKind = '5xx' | 'timeout' | 'drop';
export interface FaultConfig {
  rate: number;
  kinds?: FaultKind[];
  timeoutMs?: number;
}

export class FaultInjector {
  private cfg: Required<FaultConfig> = { rate: 0, kinds: ['5xx', 'timeout', 'drop'], timeoutMs: 65_000 };
  private readonly rng: Rng;
  readonly served: Record<FaultKind, number> = { '5xx': 0, timeout: 0, drop: 0 };

  constructor(seed: number, cfg?: FaultConfig) {
    this.rng = Rng.derive(seed, 'faults');
    if (cfg) this.set(cfg);
  }

  set(cfg: FaultConfig): void {
    this.cfg = {
      rate: Math.min(1, Math.max(0, cfg.rate)),
      kinds: cfg.kinds && cfg.kinds.length ? cfg.kinds : ['5xx', 'timeout', 'drop'],
      timeoutMs: cfg.timeoutMs ?? this.cfg.timeoutMs,
    };
  }

  config(): Required<FaultConfig> {
    return { ...this.cfg, kinds: [...this.cfg.kinds] };
  }

  /** Decide the fate of one request. */
  roll(): FaultKind | null {
    if (this.cfg.rate <= 0) return null;
    const hit = this.rng.next() < this.cfg.rate;
    const kind = this.rng.pick(this.cfg.kinds);
    if (!hit) return null;
    this.served[kind]++;
    return kind;
  }

  fiveXx(): { status: number; body: { code: number; message: string; details: never[] } } {
    return this.rng.bool(0.7)
      ? { status: 500, body: { code: 13, message: 'Internal error', details: [] } }
      : { status: 503, body: { code: 14, message: 'Circle is open', details: [] } };
  }
}
