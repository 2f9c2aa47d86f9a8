/**
 * Public entry points of the workspace server. The Electron main process
 * embeds it (startWorkspaceServer), `npm run server` runs it standalone, and
 * tests use buildApp with fastify.inject.
 */
import { buildApp } from './app';
import type { ServerOptions } from './config';

export { buildApp } from './app';
export type { BuiltApp } from './app';
export { optionsFromEnv, DEFAULT_LIMITS, DEFAULT_RATE_LIMITS } from './config';
export type { ServerOptions, SecurityLimits, RateRule, RateLimitedAction } from './config';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startWorkspaceServer(opts: ServerOptions): Promise<RunningServer> {
  const built = await buildApp(opts);
  const host = opts.host ?? '127.0.0.1';
  try {
    await built.app.listen({ host, port: opts.port ?? 8787 });
  } catch (err) {
    await built.close();
    throw err;
  }
  const addr = built.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 8787);
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${port}`;
  built.setListenUrl(url);
  return { url, close: () => built.close() };
}
