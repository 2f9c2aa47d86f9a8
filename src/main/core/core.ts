import os from 'node:os';
import type { DeviceInfo } from '../../shared/http/auth';
import type { AppState, IpcChannel, IpcEvent, IpcResponse } from '../../shared/ipc/contract';
import { createHandlers } from '../ipc/handlers';
import { createIpcRouter, type IpcRouter } from '../ipc/router';
import type { SenderInfo } from '../ipc/types';
import { AppError } from './errors';
import { createCoreEvents, type CoreEvents } from './events';
import { openKeychain, type Keychain, type KeyringBackend } from './keychain';
import { detectOsLocaleTag, localeFromOs } from './locale';
import { consoleLogger, type Logger } from './logger';
import { settingsProfiles } from './profile';
import { EmbeddedRestarter } from './embedded-restart';
import { Reconnector, type ReconnectorOptions } from './reconnect';
import { ServerManager } from './server-manager';
import { SessionManager } from './session';
import { openSettings, type SettingsStore } from './settings';
import { DemoSandbox } from '../sync/demo';
import { SyncService, type SyncServiceDeps } from '../sync/service';

export type DevicePlatform = DeviceInfo['platform'];

export function devicePlatform(platform: NodeJS.Platform = process.platform): DevicePlatform {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin') return 'macos';
  return 'linux';
}

export interface CoreOptions {
  userDataDir: string;
  platform: DevicePlatform;
  /** shown in the account's session list; os.hostname() */
  deviceName: string;
  /** the OS keychain (napiKeyring()); null = none on this machine */
  keychain: KeyringBackend | null;
  /** merged into the embedded server's options (tests) */
  serverOptionsOverride?: Record<string, unknown>;
  /** Electron-ABI better-sqlite3 build for the embedded server */
  sqliteNativeBinding?: string;
  /** the embedded server's worker entry (server-manager.ts): given, the server runs on a thread of its own */
  embeddedServerWorker?: string;
  /** back-off of starting the embedded server again after its thread ended (embedded-restart.ts; tests: shorter) */
  embeddedRestart?: { firstDelayMs?: number; maxDelayMs?: number; stableMs?: number };
  /** OS locale tag used for the first-run default (Electron: app.getLocale()) */
  osLocale?: string;
  /** who may call the router; default: nobody */
  isTrustedSender?: (sender: SenderInfo) => boolean;
  /** hands an already validated https URL to the OS browser */
  openExternal?: (url: string) => Promise<void>;
  logger?: Logger;
  keychainTimeoutMs?: number;
  /** tests: a keychain service of their own (default KEYCHAIN_SERVICE), so parallel test files never list or delete each other's entries */
  keychainService?: string;
  env?: NodeJS.ProcessEnv;
  /** tests: the sync transport (e.g. through a chaos proxy) and engine timings */
  sync?: Pick<SyncServiceDeps, 'transport' | 'engine'>;
  /** tests: back-off of the background reconnection while signed in offline */
  reconnect?: Pick<ReconnectorOptions, 'baseMs' | 'maxMs'>;
}

/** What handlers get: the core's parts plus a few flows that span them. */
export interface CoreContext {
  readonly settings: SettingsStore;
  readonly keychain: Keychain;
  readonly servers: ServerManager;
  readonly session: SessionManager;
  readonly events: CoreEvents;
  readonly logger: Logger;
  /** the local cache + sync engine of the signed-in workspace */
  readonly sync: SyncService;
  /** the in-process Ozon sandbox behind "try with a demo store" */
  readonly demo: DemoSandbox;
  getState(): Promise<AppState>;
  /** start-up work finished */
  ready(): Promise<void>;
  /** awaits start-up, then makes sure a server is configured and reachable */
  requireServer(): Promise<void>;
  /** requireServer, and a signed-in account (else NOT_SIGNED_IN) */
  requireSession(): Promise<void>;
  /** runs setup changes one at a time */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  useEmbedded(): Promise<void>;
  connectRemote(url: string): Promise<void>;
  resetServer(): Promise<void>;
  openExternal(url: string): Promise<void>;
}

export interface Core {
  readonly router: IpcRouter;
  readonly events: CoreEvents;
  /** start-up work (server start, session restore) finished */
  readonly ready: Promise<void>;
  readonly context: CoreContext;
  handle(channel: unknown, input: unknown, sender: SenderInfo): Promise<IpcResponse<IpcChannel>>;
  on(event: IpcEvent, listener: () => void): () => void;
  getState(): Promise<AppState>;
  shutdown(): Promise<void>;
}

export async function createCore(opts: CoreOptions): Promise<Core> {
  const logger = opts.logger ?? consoleLogger();
  const events = createCoreEvents((e) => logger.error('event listener failed', { error: e instanceof Error ? e.message : String(e) }));
  const settings = await openSettings(opts.userDataDir, localeFromOs(opts.osLocale ?? detectOsLocaleTag(opts.env ?? process.env)), logger);
  const keychain = await openKeychain({ backend: opts.keychain, logger, timeoutMs: opts.keychainTimeoutMs, service: opts.keychainService });
  keychain.onUnavailable(() => events.emit('state:changed'));
  // mutable: the demo sandbox points the embedded server's Ozon base URL at itself before a (re)start
  const serverOverrides: Record<string, unknown> = { ...(opts.serverOptionsOverride ?? {}) };
  const servers = new ServerManager({
    userDataDir: opts.userDataDir,
    logger,
    sqliteNativeBinding: opts.sqliteNativeBinding,
    serverOptionsOverride: serverOverrides,
    env: opts.env,
    ...(opts.embeddedServerWorker ? { embeddedWorker: opts.embeddedServerWorker } : {}),
    onEmbeddedExit: () => {
      events.emit('state:changed');
      restarter.exited();
    },
  });
  const deviceName = (opts.deviceName || os.hostname() || 'Sellerdesk').slice(0, 100) || 'Sellerdesk';
  let shuttingDown = false;
  // late-bound: the reconnector needs the context's flows, the session needs to kick it
  let reconnector: Reconnector | null = null;
  const session = new SessionManager({
    keychain,
    events,
    logger,
    device: () => ({ id: settings.get().deviceId, name: deviceName, platform: opts.platform }),
    profiles: settingsProfiles(settings),
    onReconnect: () => void reconnector?.kick(),
  });

  const embeddedKey = () => `embedded:${settings.get().deviceId}`;
  const sync = new SyncService({
    userDataDir: opts.userDataDir,
    sqliteNativeBinding: opts.sqliteNativeBinding,
    session,
    events,
    logger,
    baseUrl: () => servers.api?.baseUrl ?? null,
    ...(opts.sync ?? {}),
  });
  const demo = new DemoSandbox({
    userDataDir: opts.userDataDir,
    serverOverrides,
    session,
    logger,
    async restartEmbedded() {
      await servers.stopEmbedded();
      await servers.startEmbedded();
      if (servers.api) session.attach(servers.api, embeddedKey());
      events.emit('state:changed');
    },
  });
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn, fn);
    chain = p.catch(() => undefined);
    return p;
  };

  const currentKey = () => {
    const s = settings.get();
    return s.serverMode === 'embedded' ? embeddedKey() : (s.serverUrl ?? '');
  };

  /**
   * Attach the session to the current server and restore a stored sign-in:
   * live when the server answers, else offline from the remembered profile
   * (then the reconnector keeps trying in the background).
   */
  async function attachAndRestore(key: string): Promise<void> {
    if (!servers.api) return;
    session.attach(servers.api, key);
    if (!session.signedIn) {
      if (servers.status === 'online') await session.restore();
      else await session.restoreOffline();
    } else if (session.offline && servers.status === 'online') {
      await goOnline();
    }
    if (session.offline) reconnector?.start();
  }

  /** Signed in offline and the server answers: refresh the session, then let the queue go. */
  async function goOnline(): Promise<boolean> {
    const result = await session.goOnline();
    if (result !== 'online') return result === 'signed_out';
    events.emit('state:changed');
    await sync.reconnected();
    return true;
  }

  /** Try the configured server again (start the embedded one, or ask the remote); true when it answers. */
  async function probeServer(): Promise<boolean> {
    const before = servers.status;
    if (settings.get().serverMode === 'embedded') {
      await servers.startEmbedded().catch(() => undefined);
      // a server started again listens on another port: the session must call that one
      if (servers.api) session.attach(servers.api, embeddedKey());
    } else await servers.refreshInfo();
    const after = servers.status;
    if (after !== before) events.emit('state:changed');
    return after === 'online';
  }

  /** One reconnection attempt: is the server back? then refresh. True when there is nothing left to try. */
  async function reconnectAttempt(): Promise<boolean> {
    if (shuttingDown || !session.offline) return true;
    if (!(await probeServer()) || shuttingDown) return false;
    return goOnline();
  }
  // the embedded server's thread ended on its own: start another (the session and the sync engine then call its new
  // port), unless the app is closing or has moved to a team server meanwhile
  const restarter = new EmbeddedRestarter({
    logger,
    ...(opts.embeddedRestart ?? {}),
    restart: () =>
      exclusive(async () => {
        if (shuttingDown || settings.get().serverMode !== 'embedded') return 'skipped';
        const up = await probeServer();
        if (up && session.signedIn) {
          if (session.offline) await goOnline();
          else await sync.reconnected();
        }
        return up ? 'up' : 'down';
      }),
  });
  reconnector = new Reconnector({
    ...(opts.reconnect ?? {}),
    attempt: reconnectAttempt,
    onError: (e) => logger.warn('reconnect attempt failed', { error: e instanceof Error ? e.message : String(e) }),
  });

  async function startup(): Promise<void> {
    const s = settings.get();
    try {
      if (s.serverMode === 'embedded') {
        await demo.init().catch((e: unknown) => logger.warn('demo sandbox did not start', { error: e instanceof Error ? e.message : String(e) }));
        await servers.startEmbedded().catch(() => undefined);
        await attachAndRestore(embeddedKey());
      } else if (s.serverMode === 'remote' && s.serverUrl) {
        await servers.useStoredRemote(s.serverUrl);
        await attachAndRestore(s.serverUrl);
      }
    } catch (e) {
      logger.error('start-up failed', { error: e instanceof Error ? e.message : String(e) });
    } finally {
      events.emit('state:changed');
    }
  }

  const ready = startup();

  const context: CoreContext = {
    settings,
    keychain,
    servers,
    session,
    events,
    logger,
    sync,
    demo,
    async getState() {
      const s = settings.get();
      const info = servers.info;
      return {
        locale: s.locale,
        serverMode: s.serverMode,
        serverUrl: s.serverMode === 'remote' ? s.serverUrl : null,
        serverStatus: servers.status,
        workspace: info ? { initialized: info.initialized, name: info.name, setupOpen: info.setupOpen } : null,
        keychainAvailable: keychain.available,
        account: session.account,
        session: session.account ? (session.offline ? 'offline' : 'online') : 'none',
      };
    },
    ready: () => ready,
    async requireSession() {
      await context.requireServer();
      if (!session.signedIn) await session.restore();
      // signed in offline and the server just came back: confirm the session before calling it
      if (session.offline) await reconnector?.kick();
      if (!session.signedIn) throw new AppError('NOT_SIGNED_IN');
      if (session.offline) throw new AppError('SERVER_UNREACHABLE');
    },
    async requireServer() {
      await ready;
      if (shuttingDown) throw new AppError('SERVER_UNREACHABLE');
      const s = settings.get();
      if (!s.serverMode || !servers.api) {
        if (s.serverMode === 'embedded') await exclusive(() => context.useEmbedded()).catch(() => undefined);
        if (!servers.api) throw new AppError('SERVER_UNREACHABLE');
      }
      if (servers.status !== 'online') {
        if (!(await probeServer())) throw new AppError('SERVER_UNREACHABLE');
        await attachAndRestore(currentKey());
      }
    },
    exclusive,
    async useEmbedded() {
      await ready;
      const s = settings.get();
      if (s.serverMode === 'embedded' && servers.status === 'online' && servers.embeddedUrl) return;
      if (session.signedIn && s.serverMode !== 'embedded') throw new AppError('CONFLICT');
      try {
        await servers.startEmbedded();
      } finally {
        events.emit('state:changed');
      }
      await settings.update({ serverMode: 'embedded', serverUrl: null });
      await attachAndRestore(embeddedKey());
      events.emit('state:changed');
    },
    async connectRemote(url) {
      await ready;
      const s = settings.get();
      if (session.signedIn) throw new AppError('CONFLICT');
      const { baseUrl } = await servers.connectRemote(url);
      if (s.serverMode === 'embedded' || s.serverUrl !== baseUrl) session.detach();
      await settings.update({ serverMode: 'remote', serverUrl: baseUrl });
      await attachAndRestore(baseUrl);
      events.emit('state:changed');
    },
    async resetServer() {
      await ready;
      if (session.signedIn) throw new AppError('CONFLICT');
      session.detach();
      await servers.reset();
      await settings.update({ serverMode: null, serverUrl: null });
      events.emit('state:changed');
    },
    async openExternal(url) {
      if (!opts.openExternal) throw new AppError('EXTERNAL_URL_REFUSED');
      await opts.openExternal(url);
    },
  };

  const router = createIpcRouter(createHandlers(context), {
    isTrustedSender: opts.isTrustedSender ?? (() => false),
    logger,
  });

  let shutdownPromise: Promise<void> | null = null;
  return {
    router,
    events,
    ready,
    context,
    handle: (channel, input, sender) => router.handle(channel, input, sender),
    on: (event, listener) => events.on(event, listener),
    getState: () => context.getState(),
    shutdown() {
      if (!shutdownPromise) {
        shuttingDown = true;
        shutdownPromise = (async () => {
          reconnector?.stop();
          restarter.stop();
          await ready.catch(() => undefined);
          await router.drain(5000);
          await sync.shutdown();
          await servers.stopEmbedded();
          await demo.stop();
        })();
      }
      return shutdownPromise;
    },
  };
}
