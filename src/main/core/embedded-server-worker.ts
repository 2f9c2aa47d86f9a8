/**
 * Worker thread entry of startEmbeddedWorker (embedded-server.ts): starts
 * the workspace server with the spec it is given, says where it listens, and
 * closes it when told to.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { embeddedServerOptions, type EmbeddedServerSpec, type EmbeddedWorkerMessage } from './embedded-server';

if (!parentPort) throw new Error('embedded-server-worker runs as a worker thread');
const port = parentPort;
const say = (m: EmbeddedWorkerMessage) => port.postMessage(m);

async function main(): Promise<void> {
  const spec = workerData as EmbeddedServerSpec;
  // this thread's own copy of the environment: where the server looks for its resources first (auth/resources.ts)
  if (spec.resourcesDir && !process.env.SELLERDESK_RESOURCES) process.env.SELLERDESK_RESOURCES = spec.resourcesDir;
  const server = await import('../../server');
  const { options, warnings } = embeddedServerOptions(server, spec);
  const handle = await server.startWorkspaceServer(options);
  port.on('message', (m: unknown) => {
    if (m !== 'close') return;
    handle.close().then(
      () => say({ closed: true }),
      (e: unknown) => say({ closed: true, error: e instanceof Error ? e.message : String(e) }),
    );
  });
  say({ url: handle.url, warnings });
}

main().catch((e: unknown) => say({ error: e instanceof Error ? e.message : String(e) }));
