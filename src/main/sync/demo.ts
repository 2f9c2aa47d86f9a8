import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Ok } from '../../shared/http/common';
import { Store, StoreList } from '../../shared/http/stores';
import { hasCode } from '../core/errors';
import type { Logger } from '../core/logger';
import type { SessionManager } from '../core/session';
import { writeFileAtomic } from '../core/settings';

/** What this module needs from src/sandbox (kept structural; loaded lazily). */
interface RunningSandbox {
  url: string;
  stores: { clientId: string; apiKey: string; name: string; performance: { clientId: string; clientSecret: string } }[];
  close(): Promise<void>;
}

/** `port`: the sandbox's last port, reused so the demo store's URL stays valid across restarts. */
const DemoFile = z.object({ enabled: z.boolean(), clientIds: z.array(z.string()), port: z.number().int().min(1).max(65535).optional() });

export interface DemoDeps {
  userDataDir: string;
  /** kept for the core's wiring; the demo no longer changes the server's options */
  serverOverrides?: Record<string, unknown>;
  session: SessionManager;
  logger: Logger;
  /** kept for the core's wiring; the demo no longer restarts the server */
  restartEmbedded?(): Promise<void>;
}

/**
 * "Try with a demo store": an Ozon sandbox running in-process next to the
 * embedded server, kept running with the core and restarted with it.
 *
 * The demo store is linked with a per-store `sandbox` endpoint (the sandbox's
 * loopback URL; the server checks it is loopback). The server's Ozon URLs are
 * untouched: real stores of the same workspace keep talking to Ozon. The
 * sandbox reuses its last port so the stored URL survives a restart; when the
 * port is taken it starts elsewhere and the next "try demo" repoints the store.
 */
export class DemoSandbox {
  private sb: RunningSandbox | null = null;
  private starting: Promise<RunningSandbox> | null = null;
  private state: z.infer<typeof DemoFile> = { enabled: false, clientIds: [] };
  private readonly dir: string;

  constructor(private readonly deps: DemoDeps) {
    this.dir = path.join(deps.userDataDir, 'sandbox');
  }

  /** Start-up: when the demo was on, start the sandbox (on its last port) before the embedded server. */
  async init(): Promise<void> {
    try {
      const parsed = DemoFile.safeParse(JSON.parse(await fs.readFile(path.join(this.dir, 'demo.json'), 'utf8')));
      if (parsed.success) this.state = parsed.data;
    } catch {
      return;
    }
    if (!this.state.enabled) return;
    await this.ensure();
  }

  isSandboxClient(clientId: string): boolean {
    return this.state.clientIds.includes(clientId);
  }

  private ensure(): Promise<RunningSandbox> {
    if (this.sb) return Promise.resolve(this.sb);
    this.starting ??= (async () => {
      await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
      const { startSandbox } = await import('../../sandbox');
      // 30 days of history, the server's first posting import window: the Analytics page's default 28 days open full,
      // and delivered orders have turned into returns, reviews and accruals. Against 14 days it doubles the postings
      // (2,274 → 4,854) and costs the first start about 2–5 s of simulation and 5–7 s of import, once: the world is kept.
      // The market runs on real time (timeScale 1): an accelerated clock dated new orders and status changes in the
      // future, which the connector's windows (`to` = now) rightly never ask for, so they never showed. It stays
      // lively through the order rate instead (one about every 6 minutes).
      const opts = { dbPath: path.join(this.dir, 'sandbox.db'), seed: 42, products: 300, stores: 1, timeScale: 1, historyDays: 30, ordersPerDay: 240 };
      let sb: RunningSandbox;
      try {
        sb = await startSandbox({ ...opts, port: this.state.port ?? 0 });
      } catch (e) {
        if (!this.state.port) throw e;
        this.deps.logger.warn('demo sandbox port taken, starting on another', { port: this.state.port });
        sb = await startSandbox({ ...opts, port: 0 });
      }
      this.sb = sb;
      return sb;
    })().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Start the sandbox and link its first store with its printed keys and the sandbox endpoint. */
  async linkDemoStore(name = 'Demo store (Ozon sandbox)'): Promise<Store> {
    const sb = await this.ensure();
    const keys = sb.stores[0]!;
    const link = () =>
      this.deps.session.call('POST', '/api/v1/stores', Store, {
        name,
        clientId: keys.clientId,
        apiKey: keys.apiKey,
        performance: { clientId: keys.performance.clientId, clientSecret: keys.performance.clientSecret },
        endpoint: { kind: 'sandbox', url: sb.url },
      });
    let store: Store;
    try {
      store = await link();
    } catch (e) {
      if (!hasCode(e, 'STORE_ALREADY_LINKED', 'CONFLICT')) throw e;
      const list = await this.deps.session.call('GET', '/api/v1/stores', StoreList);
      const found = list.stores.find((s) => s.clientId === keys.clientId);
      if (!found) throw e;
      store = await this.adopt(found, sb.url, link);
    }
    this.state = { enabled: true, clientIds: [...new Set([...this.state.clientIds, keys.clientId])], port: Number(new URL(sb.url).port) };
    await writeFileAtomic(path.join(this.dir, 'demo.json'), JSON.stringify(this.state));
    return store;
  }

  /**
   * An already linked demo store: repoint it when the sandbox moved. A demo
   * store linked before per-store endpoints (endpoint 'ozon': the whole server
   * was pointed at the sandbox then) cannot be repointed — a real store's keys
   * never go to a custom URL — so it is unlinked and linked again.
   */
  private async adopt(found: Store, url: string, link: () => Promise<Store>): Promise<Store> {
    if (found.endpoint === 'sandbox') return this.deps.session.call('PUT', `/api/v1/stores/${encodeURIComponent(found.id)}/endpoint`, Store, { url });
    if (!this.isSandboxClient(found.clientId)) throw new Error('a store with the demo Client-Id is linked to Ozon');
    await this.deps.session.call('DELETE', `/api/v1/stores/${encodeURIComponent(found.id)}`, Ok);
    return link();
  }

  async stop(): Promise<void> {
    const starting = this.starting;
    if (starting) await starting.catch(() => undefined);
    const sb = this.sb;
    this.sb = null;
    if (sb) await sb.close().catch((e: unknown) => this.deps.logger.warn('sandbox did not close cleanly', { error: String(e) }));
  }
}
