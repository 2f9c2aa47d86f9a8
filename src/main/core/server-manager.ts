import { z } from 'zod';
import { WorkspaceInfo } from '../../shared/http/auth';
import type { AppState } from '../../shared/ipc/contract';
import { parseRemoteServerUrl } from '../security/urls';
import { createApiClient, type ApiClient } from './api-client';
import { AppError, hasCode } from './errors';
import type { Logger } from './logger';
import { resourcesDir } from './paths';
import { type EmbeddedServerHandle, startEmbeddedHere, startEmbeddedWorker, type EmbeddedServerSpec } from './embedded-server';

export type { EmbeddedServerHandle } from './embedded-server';

type ServerStatus = AppState['serverStatus'];

export interface ServerManagerOptions {
  userDataDir: string;
  logger: Logger;
  sqliteNativeBinding?: string;
  /** merged last into the embedded server's options (tests: limits, logLevel) */
  serverOptionsOverride?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /**
   * The embedded server's worker entry (a build's embedded-server-worker.js,
   * or the .ts source): the server then runs on a thread of its own. Without
   * it, on this one.
   */
  embeddedWorker?: string;
  /** the embedded server's thread ended on its own (status is then unreachable): the owner decides when to start another */
  onEmbeddedExit?: () => void;
}

const Health = z.unknown();

/**
 * Owns the connection target: an in-process embedded server or a remote
 * team server, its reachability and its public workspace info.
 */
export class ServerManager {
  status: ServerStatus = 'unconfigured';
  info: WorkspaceInfo | null = null;
  api: ApiClient | null = null;
  private embedded: EmbeddedServerHandle | null = null;
  private embeddedStarting: Promise<EmbeddedServerHandle> | null = null;
  private remoteBase: string | null = null;

  constructor(private readonly opts: ServerManagerOptions) {}

  get embeddedUrl(): string | null {
    return this.embedded?.url ?? null;
  }

  /** Start (or reuse) the in-process workspace server on 127.0.0.1 with a random port. */
  async startEmbedded(): Promise<ApiClient> {
    if (this.embedded && this.api && this.remoteBase === null) return this.api;
    this.remoteBase = null;
    this.status = 'starting';
    if (!this.embeddedStarting) {
      this.embeddedStarting = this.launchEmbedded().finally(() => {
        this.embeddedStarting = null;
      });
    }
    try {
      this.embedded = await this.embeddedStarting;
    } catch (e) {
      this.status = 'unreachable';
      this.opts.logger.error('embedded workspace server failed to start', { error: e instanceof Error ? e.message : String(e) });
      throw new AppError('SERVER_UNREACHABLE');
    }
    this.api = createApiClient(this.embedded.url, this.opts.logger);
    await this.refreshInfo();
    return this.api;
  }

  private async launchEmbedded(): Promise<EmbeddedServerHandle> {
    const spec: EmbeddedServerSpec = {
      userDataDir: this.opts.userDataDir,
      ...(this.opts.sqliteNativeBinding ? { sqliteNativeBinding: this.opts.sqliteNativeBinding } : {}),
      ...(this.opts.serverOptionsOverride ? { serverOptionsOverride: this.opts.serverOptionsOverride } : {}),
      ...(this.opts.env ? { env: this.opts.env } : {}),
      resourcesDir: resourcesDir(),
    };
    if (!this.opts.embeddedWorker) return startEmbeddedHere(spec, this.opts.logger);
    let handle: EmbeddedServerHandle | null = null;
    try {
      handle = await startEmbeddedWorker(this.opts.embeddedWorker, spec, this.opts.logger, (why) => {
        // the server's thread ended on its own: nothing answers at its URL any more; the next start launches another
        this.opts.logger.error('embedded workspace server stopped', { why });
        if (!handle || this.embedded !== handle) return;
        this.embedded = null;
        this.status = 'unreachable';
        this.opts.onEmbeddedExit?.();
      });
      return handle;
    } catch (e) {
      // a thread that cannot run the server (a packaging fault, say) must not keep a solo seller out: the server then
      // runs here, as it did before it had a thread; a server that cannot start at all fails here too
      this.opts.logger.warn('embedded workspace server thread did not start; running it on the main thread', { error: e instanceof Error ? e.message : String(e) });
      return startEmbeddedHere(spec, this.opts.logger);
    }
  }

  /** Validate a team server URL, check /health and the workspace info, then use it. */
  async connectRemote(raw: string): Promise<{ api: ApiClient; baseUrl: string }> {
    const parsed = parseRemoteServerUrl(raw);
    if (!parsed.ok) throw new AppError('SERVER_URL_INVALID');
    const api = createApiClient(parsed.baseUrl, this.opts.logger);
    const info = await probeRemote(api);
    await this.stopEmbedded();
    this.remoteBase = parsed.baseUrl;
    this.api = api;
    this.info = info;
    this.status = 'online';
    return { api, baseUrl: parsed.baseUrl };
  }

  /** Use a stored remote URL at start-up; unreachable is a state, not an error. */
  async useStoredRemote(baseUrl: string): Promise<ApiClient | null> {
    const parsed = parseRemoteServerUrl(baseUrl);
    if (!parsed.ok) {
      this.status = 'unconfigured';
      return null;
    }
    this.remoteBase = parsed.baseUrl;
    this.api = createApiClient(parsed.baseUrl, this.opts.logger);
    await this.refreshInfo();
    return this.api;
  }

  /** Re-read /workspace/info; sets status online/unreachable. */
  async refreshInfo(): Promise<void> {
    if (!this.api) return;
    try {
      this.info = await probeRemote(this.api);
      this.status = 'online';
    } catch (e) {
      this.status = 'unreachable';
      if (!hasCode(e, 'SERVER_UNREACHABLE')) this.opts.logger.warn('server is not a compatible Sellerdesk server');
    }
  }

  async stopEmbedded(): Promise<void> {
    const starting = this.embeddedStarting;
    if (starting) await starting.catch(() => undefined);
    const e = this.embedded;
    this.embedded = null;
    if (e) {
      try {
        await e.close();
      } catch (err) {
        this.opts.logger.warn('embedded server did not close cleanly', { error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  /** Forget the target (setup:reset, shutdown). */
  async reset(): Promise<void> {
    await this.stopEmbedded();
    this.api = null;
    this.info = null;
    this.remoteBase = null;
    this.status = 'unconfigured';
  }
}

/** GET /health then /api/v1/workspace/info; any mismatch is SERVER_INCOMPATIBLE. */
export async function probeRemote(api: ApiClient): Promise<WorkspaceInfo> {
  try {
    await api.request({ method: 'GET', path: '/health', schema: Health, timeoutMs: 8000 });
  } catch (e) {
    if (hasCode(e, 'SERVER_UNREACHABLE')) throw e;
    throw new AppError('SERVER_INCOMPATIBLE');
  }
  try {
    return await api.request({ method: 'GET', path: '/api/v1/workspace/info', schema: WorkspaceInfo, timeoutMs: 8000 });
  } catch (e) {
    if (hasCode(e, 'SERVER_UNREACHABLE')) throw e;
    throw new AppError('SERVER_INCOMPATIBLE');
  }
}
