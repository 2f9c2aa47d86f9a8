import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
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

const DemoFile = z.object({ enabled: z.boolean(), clientIds: z.array(z.string()) });

export interface DemoDeps {
  userDataDir: string;
  /** the embedded server's option overrides (mutable: ozon.sellerUrl is set here before a (re)start) */
  serverOverrides: Record<string, unknown>;
  session: SessionManager;
  logger: Logger;
  /** restart the embedded server so it picks up the overrides */
  restartEmbedded(): Promise<void>;
}

/**
 * "Try with a demo store": an Ozon sandbox running in-process next to the
 * embedded server, kept running with the core and restarted with it.
 *
 * The connector has ONE Seller API base URL per server (config
 * `ozon.sellerUrl`), not one per store, so the embedded server is pointed at
 * the sandbox as a whole: while the demo is on, every store of this local
 * workspace talks to the sandbox.
 */
export class DemoSandbox {
  private sb: RunningSandbox | null = null;
  private starting: Promise<RunningSandbox> | null = null;
  private state: z.infer<typeof DemoFile> = { enabled: false, clientIds: [] };
  private readonly dir: string;

  constructor(private readonly deps: DemoDeps) {
    this.dir = path.join(deps.userDataDir, 'sandbox');
  }

  /** Start-up: when the demo was on, start the sandbox before the embedded server and point the server at it. */
  async init(): Promise<void> {
    try {
      const parsed = DemoFile.safeParse(JSON.parse(await fs.readFile(path.join(this.dir, 'demo.json'), 'utf8')));
      if (parsed.success) this.state = parsed.data;
    } catch {
      return;
    }
    if (!this.state.enabled) return;
    const sb = await this.ensure();
    this.pointServerAt(sb.url);
  }

  isSandboxClient(clientId: string): boolean {
    return this.state.clientIds.includes(clientId);
  }

  private pointServerAt(url: string): boolean {
    const ozon = (this.deps.serverOverrides.ozon ?? {}) as Record<string, unknown>;
    if (ozon.sellerUrl === url) return false;
    this.deps.serverOverrides.ozon = { ...ozon, sellerUrl: url };
    return true;
  }

  private ensure(): Promise<RunningSandbox> {
    if (this.sb) return Promise.resolve(this.sb);
    this.starting ??= (async () => {
      await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
      const { startSandbox } = await import('../../sandbox');
      const sb = await startSandbox({ dbPath: path.join(this.dir, 'sandbox.db'), seed: 42, products: 300, stores: 1, timeScale: 60 });
      this.sb = sb;
      return sb;
    })().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /** Start the sandbox, point the embedded server at it, link its first store with its printed keys. */
  async linkDemoStore(): Promise<Store> {
    const sb = await this.ensure();
    if (this.pointServerAt(sb.url)) await this.deps.restartEmbedded();
    const keys = sb.stores[0]!;
    let store: Store;
    try {
      store = await this.deps.session.call('POST', '/api/v1/stores', Store, {
        name: 'Demo store (Ozon sandbox)',
        clientId: keys.clientId,
        apiKey: keys.apiKey,
        performance: { clientId: keys.performance.clientId, clientSecret: keys.performance.clientSecret },
      });
    } catch (e) {
      if (!hasCode(e, 'STORE_ALREADY_LINKED', 'CONFLICT')) throw e;
      const list = await this.deps.session.call('GET', '/api/v1/stores', StoreList);
      const found = list.stores.find((s) => s.clientId === keys.clientId);
      if (!found) throw e;
      store = found;
    }
    this.state = { enabled: true, clientIds: [...new Set([...this.state.clientIds, keys.clientId])] };
    await writeFileAtomic(path.join(this.dir, 'demo.json'), JSON.stringify(this.state));
    return store;
  }

  async stop(): Promise<void> {
    const starting = this.starting;
    if (starting) await starting.catch(() => undefined);
    const sb = this.sb;
    this.sb = null;
    if (sb) await sb.close().catch((e: unknown) => this.deps.logger.warn('sandbox did not close cleanly', { error: String(e) }));
  }
}
