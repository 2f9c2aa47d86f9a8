// `npm run bench`: speed and memory targets live here, never in timed tests.
// Prints one JSON document on stdout; progress goes to stderr.
// BENCH_ONLY=auth,… runs a subset; BENCH_SECONDS sets each load phase's length.
import { benchAuth } from './auth';
import { benchConnector } from './connector';
import { benchSyncClient } from './sync-client';
import { benchSyncServer } from './sync-server';

const BENCHES: Record<string, () => Promise<Record<string, unknown>>> = {
  auth: benchAuth,
  connector: benchConnector,
  'sync-server': benchSyncServer,
  'sync-client': benchSyncClient,
};

async function main() {
  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  const results: Record<string, unknown> = {};
  for (const [name, run] of Object.entries(BENCHES)) {
    if (only && !only.includes(name)) continue;
    process.stderr.write(`bench ${name}…\n`);
    results[name] = await run();
  }
  const out = { node: process.version, platform: `${process.platform}-${process.arch}`, at: new Date().toISOString(), results };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
  process.exit(1);
});
