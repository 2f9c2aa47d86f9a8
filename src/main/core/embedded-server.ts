/**
 * The embedded workspace server of a solo seller: started on the main
 * thread, or on a worker thread of its own.
 *
 * On a worker, the server's work (a first sync's hundreds of thousands of
 * rows read and sent, the Ozon connector's imports, argon2 hashing) runs on
 * another core instead of between the window's IPC calls and the cache's
 * writes. Both ways run the same server with the same options; only a build
 * or source entry (`workerFile`) chooses the worker.
 *
 * Invariants:
 * - The worker's server is reachable only as the main thread's one is: HTTP
 *   on 127.0.0.1 (the URL it answers with); nothing else crosses.
 * - A worker that dies, or cannot be given its options, is reported and
 *   never left half running: `close` always ends the thread.
 */
import type { Worker } from 'node:worker_threads';
import type { Logger } from './logger';
import { startModuleWorker } from './module-worker';
import { embeddedDbPath } from './paths';

type ServerModule = typeof import('../../server');

/** What this module needs from src/server (kept structural so tests and the shell agree). */
export interface EmbeddedServerHandle {
  url: string;
  close(): Promise<void>;
}

/** Plain data (a worker gets a copy): where the server keeps its database, and the embedder's overrides. */
export interface EmbeddedServerSpec {
  userDataDir: string;
  sqliteNativeBinding?: string;
  /** merged last into the server's options (tests: limits, logLevel; the demo: its Ozon base URL) */
  serverOptionsOverride?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  /**
   * The read-only resources (common passwords) as the main thread finds
   * them: a worker of a packaged app may not have Electron's
   * process.resourcesPath to find them itself.
   */
  resourcesDir?: string;
}

/** The server options of an embedded server, and what in the environment was ignored. */
function embeddedServerOptions(server: ServerModule, spec: EmbeddedServerSpec): { options: Parameters<ServerModule['startWorkspaceServer']>[0]; warnings: string[] } {
  const warnings: string[] = [];
  let fromEnv: Record<string, unknown> = {};
  try {
    const env = server.optionsFromEnv(spec.env ?? process.env);
    // only mail/SMS delivery, limits and logging apply to an embedded server
    fromEnv = { smtpUrl: env.smtpUrl, smsWebhookUrl: env.smsWebhookUrl, mailFrom: env.mailFrom, limits: env.limits, logLevel: env.logLevel };
  } catch (e) {
    warnings.push(e instanceof Error ? e.message : String(e));
  }
  const options = {
    logLevel: 'warn',
    ...Object.fromEntries(Object.entries(fromEnv).filter(([, v]) => v !== undefined)),
    sqlitePath: embeddedDbPath(spec.userDataDir),
    ...(spec.sqliteNativeBinding ? { sqliteNativeBinding: spec.sqliteNativeBinding } : {}),
    host: '127.0.0.1',
    port: 0,
    setupOpen: true,
    ...(spec.serverOptionsOverride ?? {}),
  } as Parameters<ServerModule['startWorkspaceServer']>[0];
  return { options, warnings };
}

/** The server on this thread. */
export async function startEmbeddedHere(spec: EmbeddedServerSpec, logger: Logger): Promise<EmbeddedServerHandle> {
  const server = await import('../../server');
  const { options, warnings } = embeddedServerOptions(server, spec);
  for (const error of warnings) logger.warn('server environment variables ignored', { error });
  const handle = await server.startWorkspaceServer(options);
  return { url: handle.url.replace(/\/+$/, ''), close: () => handle.close() };
}

/** What the worker (embedded-server-worker.ts) says: a log line of its server goes to this thread's logger. */
export type EmbeddedWorkerMessage =
  | { url: string }
  | { log: { level: keyof Logger; message: string; fields?: Record<string, unknown> } }
  | { error: string }
  | { closed: true; error?: string };

/**
 * The server on a worker thread started from `workerFile`; `onExit` hears of
 * a worker that ended without being closed (the server is gone).
 */
export function startEmbeddedWorker(workerFile: string, spec: EmbeddedServerSpec, logger: Logger, onExit: (why: string) => void): Promise<EmbeddedServerHandle> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = startModuleWorker(workerFile, spec);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    let started = false;
    let closing: ((error?: string) => void) | null = null;
    const ended = (why: string) => {
      if (closing) return closing();
      if (!started) return reject(new Error(why));
      onExit(why);
    };
    worker.on('message', (m: EmbeddedWorkerMessage) => {
      if ('log' in m) logger[m.log.level](m.log.message, m.log.fields);
      else if ('url' in m) {
        started = true;
        resolve({
          url: m.url,
          close: () =>
            new Promise<void>((done, fail) => {
              closing = (error) => {
                closing = () => undefined;
                void worker.terminate();
                if (error) fail(new Error(error));
                else done();
              };
              worker.postMessage('close');
            }),
        });
      } else if ('closed' in m) closing?.(m.error);
      else if ('error' in m) {
        void worker.terminate();
        ended(m.error);
      }
    });
    worker.on('error', (e) => ended(e.message));
    worker.on('exit', (code) => ended(`worker exited (${code})`));
  });
}
