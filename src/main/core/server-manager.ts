import { z } from 'zod';
import { WorkspaceInfo } from '../../shared/http/auth';
import type { AppState } from '../../shared/ipc/contract';
import { parseRemoteServerUrl } from '../security/urls';
import { createApiClient, type ApiClient } from './api-client';
import { AppError, hasCode } from './errors';
import type { Logger } from './logger';
import { embeddedDbPath } from './paths';

type ServerStatus = AppState['serverStatus'];

/** What this module needs from src/server (kept structural so tests and the shell agree). */
export interface EmbeddedServerHandle {
  url: string;
  close(): Promise<void>;
}

export interface ServerManagerOptions {
  userDataDir: string;
  logger: Logger;
  sqliteNativeBinding?: string;
  /** merged last into the embedded server's options (tests: limits, logLevel) */
  serverOptionsOverride?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
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
    const server = await import('../../server');
    let fromEnv: Record<string, unknown> = {};
    try {
      const env = server.optionsFromEnv(this.opts.env ?? process.env);
      // only mail/SMS delivery, limits and logging apply to an embedded server
      fromEnv = {
        smtpUrl: env.smtpUrl,
        smsWebhookUrl: env.smsWebhookUrl,
        mailFrom: env.mailFrom,
        limits: env.limits,
        logLevel: env.logLevel,
      };
    } catch (e) {
      this.opts.logger.warn('server environment variables ignored', { error: e instanceof Error ? e.message : String(e) });
    }
    const options = {
      logLevel: 'warn',
      ...Object.fromEntries(Object.entries(fromEnv).filter(([, v]) => v !== undefined)),
      sqlitePath: embeddedDbPath(this.opts.userDataDir),
      ...(this.opts.sqliteNativeBinding ? { sqliteNativeBinding: this.opts.sqliteNativeBinding } : {}),
      host: '127.0.0.1',
      port: 0,
      setupOpen: true,
      ...(this.opts.serverOptionsOverride ?? {}),
    } as Parameters<typeof server.startWorkspaceServer>[0];
    const handle = await server.startWorkspaceServer(options);
    return { url: handle.url.replace(/\/+$/, ''), close: () => handle.close() };
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
