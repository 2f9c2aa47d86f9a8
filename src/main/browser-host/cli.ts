/**
 * `npm run start:browser`: the app in a browser on this machine.
 * Env: SELLERDESK_BROWSER_PORT (default random), SELLERDESK_USER_DATA (default
 * the per-user "Sellerdesk Browser" data folder), plus the server variables
 * (SMTP_URL, SMS_WEBHOOK_URL, MAIL_FROM, SELLERDESK_LIMITS, LOG_LEVEL) for the
 * embedded workspace server.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { napiKeyring } from '../core/keychain';
import { consoleLogger } from '../core/logger';
import { defaultUserDataDir, projectRoot } from '../core/paths';
import { startBrowserHost } from './server';

async function main() {
  const logger = consoleLogger('sellerdesk-browser');
  const rawPort = process.env.SELLERDESK_BROWSER_PORT;
  const port = rawPort ? Number(rawPort) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SELLERDESK_BROWSER_PORT must be 0-65535, got "${rawPort}"`);
  const userDataDir = path.resolve(process.env.SELLERDESK_USER_DATA || defaultUserDataDir('Sellerdesk Browser'));
  const keychain = await napiKeyring().catch(() => null);
  const host = await startBrowserHost({
    userDataDir,
    rendererDir: path.join(projectRoot(), 'out', 'renderer'),
    keychain,
    port,
    logger,
    deviceName: os.hostname(),
    // the embedded workspace server on a thread of its own, as in the desktop app
    core: { embeddedServerWorker: fileURLToPath(new URL('../core/embedded-server-worker.ts', import.meta.url)) },
  });
  process.stdout.write(`Sellerdesk is running at ${host.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    host
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`Sellerdesk browser host failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
