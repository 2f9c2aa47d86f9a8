/**
 * The Ozon sandbox: a local emulator of Ozon's Seller API (and the ads
 * Performance API) for developing and testing the Sellerdesk connector.
 *
 *   const sb = await startSandbox({ seed: 42, timeScale: 0 });
 *   fetch(`${sb.url}/v3/product/list`, { method: 'POST', headers: { 'Client-Id': sb.stores[0].clientId, 'Api-Key': sb.stores[0].apiKey }, body: '{"limit":100}' });
 *   await sb.advance(3600); // one simulated hour of marketplace life
 */
import crypto from 'node:crypto';
import { openDb } from './db/open';
import { getMeta, setMeta } from './db/open';
import { resolveOptions, type SandboxOptions } from './config';
import { SimClock } from './market/clock';
import { MarketEngine, STEP_MS } from './market/engine';
import type { MarketConfig, StoreRow, World } from './market/world';
import { createOrder } from './market/orders';
import { seedPromotionsAndCampaigns, seedWorld } from './seed/index';
import { FaultInjector, type FaultConfig } from './protocol/faults';
import { Stats } from './protocol/stats';
import { buildServer, type Holds } from './server';
import { sellerRoutesAll } from './routes/index';
import { registerControl } from './control/routes';
import { registerPerformance } from './performance/routes';
import { Rng } from './util/rng';
import { DAY, ts } from './util/time';

export type { SandboxOptions } from './config';

export interface SandboxStore {
  clientId: string;
  apiKey: string;
  name: string;
  performance: { clientId: string; clientSecret: string };
}

export interface SandboxControl {
  token: string;
  state(): Record<string, unknown>;
  stats(): Record<string, unknown>;
  resetStats(): void;
  advance(seconds: number): Promise<void>;
  setTimeScale(scale: number): void;
  setFaults(f: FaultConfig): void;
  revokeKey(clientId: string): void;
  expireKey(clientId: string, atMs?: number): void;
  restoreKey(clientId: string): void;
  setMarket(m: Partial<{ [K in keyof MarketConfig]: MarketConfig[K] | undefined }>): MarketConfig;
  /** Create orders right now (bypasses the arrival rate); returns posting numbers. */
  createPostings(clientId: string, count: number, scheme: 'fbs' | 'fbo'): string[];
  /** Simulated now (ms). */
  now(): number;
}

export interface RunningSandbox {
  url: string;
  stores: SandboxStore[];
  close(): Promise<void>;
  advance(seconds: number): Promise<void>;
  setFaults(f: FaultConfig): void;
  control: SandboxControl;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const o = resolveOptions(opts, crypto.randomBytes(16).toString('hex'));
  const db = openDb(o.dbPath);
  // A persisted world resumes at its own simulated time unless a start is forced.
  const resumedAt = getMeta(db, 'clock_now');
  if (resumedAt && opts.startTime === undefined) o.startTime = Number(resumedAt);
  const market: MarketConfig = { ordersPerDay: o.ordersPerDay, fbsShare: 0.6, shipFailRate: o.shipFailRate, sellerAutopilot: false };
  // The clock calls back into the engine only after construction (advance/sync), never during it.
  const clock = new SimClock(o.startTime, 0, (to) => engine.runUntil(to));
  const w: World = { db, seed: o.seed, clock, market };
  const engine = new MarketEngine(w);

  const fresh = (db.prepare('SELECT COUNT(*) AS n FROM stores').get() as { n: number }).n === 0;
  if (fresh) {
    seedWorld(db, { seed: o.seed, stores: o.stores, products: o.products, start: o.startTime });
    seedPromotionsAndCampaigns(w, o.startTime);
    // History: the market runs `historyDays` before start with the seller autopilot packing orders.
    const from = Math.floor((o.startTime - o.historyDays * DAY) / STEP_MS) * STEP_MS;
    setMeta(db, 'market_until', String(from));
    engine.init();
    market.sellerAutopilot = true;
    engine.runUntil(o.startTime);
    market.sellerAutopilot = false;
  } else {
    engine.init();
  }
  clock.setScale(o.timeScale);
  clock.start();

  const faults = new FaultInjector(o.seed, o.faults);
  const stats = new Stats();
  const rateLimits = o.rateLimits;
  const holds: Holds = { pending: new Set() };
  const storeRow = (clientId: string): StoreRow => {
    const s = db.prepare('SELECT * FROM stores WHERE client_id = ?').get(clientId) as StoreRow | undefined;
    if (!s) throw new Error(`unknown client_id ${clientId}`);
    return s;
  };
  let manual = 0;

  const control: SandboxControl = {
    token: o.controlToken,
    now: () => clock.now(),
    state: () => ({
      now: ts(clock.now()),
      time_scale: clock.scale(),
      seed: o.seed,
      rate_limits: rateLimits,
      faults: faults.config(),
      market: { ...market },
      stores: (db.prepare('SELECT client_id, name, key_expires_at, key_revoked FROM stores ORDER BY id').all() as StoreRow[]).map((s) => ({
        client_id: s.client_id,
        name: s.name,
        key_expires_at: ts(s.key_expires_at),
        key_revoked: s.key_revoked === 1,
      })),
    }),
    stats: () => ({ ...stats.snapshot(), faults_served: { ...faults.served } }),
    resetStats: () => stats.reset(),
    advance: async (seconds) => {
      clock.advance(seconds);
    },
    setTimeScale: (scale) => clock.setScale(scale),
    setFaults: (f) => faults.set(f),
    revokeKey: (clientId) => void db.prepare('UPDATE stores SET key_revoked = 1 WHERE id = ?').run(storeRow(clientId).id),
    expireKey: (clientId, atMs) => void db.prepare('UPDATE stores SET key_expires_at = ? WHERE id = ?').run(atMs ?? clock.limitsNow(), storeRow(clientId).id),
    restoreKey: (clientId) => void db.prepare('UPDATE stores SET key_revoked = 0, key_expires_at = ? WHERE id = ?').run(clock.limitsNow() + 180 * DAY, storeRow(clientId).id),
    setMarket: (m) => {
      for (const [k, v] of Object.entries(m)) if (v !== undefined) (market as unknown as Record<string, unknown>)[k] = v;
      return { ...market };
    },
    createPostings: (clientId, count, scheme) => {
      const s = storeRow(clientId);
      const out: string[] = [];
      db.transaction(() => {
        for (let i = 0; i < count; i++) {
          const pn = createOrder(w, s.id, Rng.derive(o.seed, 'manual-order', s.id, manual++), clock.now(), scheme);
          if (pn) out.push(pn);
        }
      })();
      return out;
    },
  };

  const app = buildServer(
    {
      w,
      engine,
      faults,
      stats,
      rateLimits: () => rateLimits,
      routes: sellerRoutesAll(),
      registerExtra: (a, send) => {
        registerControl(a, send, control);
        registerPerformance(a, send, { w, faults, stats });
      },
    },
    holds,
  );
  await app.listen({ host: o.host, port: o.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const url = `http://${o.host}:${port}`;

  const stores = (db.prepare('SELECT * FROM stores ORDER BY id').all() as StoreRow[]).map((s) => ({
    clientId: s.client_id,
    apiKey: s.api_key,
    name: s.name,
    performance: { clientId: s.perf_client_id, clientSecret: s.perf_client_secret },
  }));

  return {
    url,
    stores,
    control,
    advance: control.advance,
    setFaults: control.setFaults,
    close: async () => {
      clock.stop();
      clock.sync();
      setMeta(db, 'clock_now', String(clock.now()));
      for (const release of [...holds.pending]) release();
      app.server.closeAllConnections();
      await app.close();
      db.close();
    },
  };
}
