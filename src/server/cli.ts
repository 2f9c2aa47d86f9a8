/** `npm run server`: environment → options → listen; graceful stop on SIGINT/SIGTERM. */
import { optionsFromEnv, startWorkspaceServer } from './index';

async function main(): Promise<void> {
  const opts = optionsFromEnv(process.env);
  const server = await startWorkspaceServer(opts);
  process.stdout.write(`Sellerdesk workspace server listening on ${server.url} (API docs: ${server.url}/docs)\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received, shutting down…\n`);
    const force = setTimeout(() => {
      process.stderr.write('shutdown timed out, exiting\n');
      process.exit(1);
    }, 15_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`shutdown failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`Failed to start the workspace server: ${(err as Error).message}\n`);
  process.exit(1);
});
