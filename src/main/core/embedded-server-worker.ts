/**
 * Worker thread entry of startEmbeddedWorker (embedded-server.ts): starts
 * the workspace server as the main thread would (startEmbeddedHere), hands
 * its log lines to the main thread's logger, says where it listens, and
 * closes it when told to.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedHere, type EmbeddedServerSpec, type EmbeddedWorkerMessage } from './embedded-server';
import type { Logger } from './logger';

if (!parentPort) throw new Error('embedded-server-worker runs as a worker thread');
const port = parentPort;
const say = (m: EmbeddedWorkerMessage) => port.postMessage(m);
const forward =
  (level: keyof Logger) =>
  (message: string, fields?: Record<string, unknown>): void =>
    say({ log: { level, message, ...(fields ? { fields } : {}) } });

async function main(): Promise<void> {
  const spec = workerData as EmbeddedServerSpec;
  // this thread's own copy of the environment: where the server looks for its resources first (auth/resources.ts)
  if (spec.resourcesDir && !process.env.SELLERDESK_RESOURCES) process.env.SELLERDESK_RESOURCES = spec.resourcesDir;
  const handle = await startEmbeddedHere(spec, { info: forward('info'), warn: forward('warn'), error: forward('error') });
  port.on('message', (m: unknown) => {
    if (m !== 'close') return;
    handle.close().then(
      () => say({ closed: true }),
      (e: unknown) => say({ closed: true, error: e instanceof Error ? e.message : String(e) }),
    );
  });
  say({ url: handle.url });
}

main().catch((e: unknown) => say({ error: e instanceof Error ? e.message : String(e) }));
