/**
 * npm run sandbox -- --seed 42 --products 10000 --stores 2 --port 8788 --time-scale 60 --faults 0.1
 * Starts the Ozon sandbox and prints the URL, each store's credentials and
 * the control-API token. Ctrl+C stops it.
 */
import { startSandbox, type SandboxOptions } from './index';
import type { FaultKind } from './protocol/faults';

function parseArgs(argv: string[]): SandboxOptions & { help?: boolean } {
  const o: SandboxOptions & { help?: boolean } = { port: 8788 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`missing value for ${a}`);
      return x;
    };
    switch (a) {
      case '--seed': o.seed = Number(v()); break;
      case '--products': o.products = Number(v()); break;
      case '--stores': o.stores = Number(v()); break;
      case '--port': o.port = Number(v()); break;
      case '--host': o.host = v(); break;
      case '--time-scale': o.timeScale = Number(v()); break;
      case '--faults': o.faults = { rate: Number(v()), kinds: o.faults?.kinds }; break;
      case '--fault-kinds': o.faults = { rate: o.faults?.rate ?? 0, kinds: v().split(',') as FaultKind[] }; break;
      case '--db': o.dbPath = v(); break;
      case '--history-days': o.historyDays = Number(v()); break;
      case '--orders-per-day': o.ordersPerDay = Number(v()); break;
      case '--no-rate-limits': o.rateLimits = false; break;
      case '--control-token': o.controlToken = v(); break;
      case '-h':
      case '--help': o.help = true; break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  return o;
}

const HELP = `Ozon sandbox — local emulator of Ozon's Seller API and Performance API.
Options: --seed N  --products N (per store, 500)  --stores N (2)  --port N (8788)  --host H
         --time-scale X (simulated s per real s, 1; 0 = frozen)  --faults RATE (0..1)  --fault-kinds 5xx,timeout,drop
         --db FILE (default in-memory)  --history-days N (3)  --orders-per-day N  --no-rate-limits  --control-token T`;

const opts = parseArgs(process.argv.slice(2));
if (opts.help) {
  console.log(HELP);
} else {
  const t0 = Date.now();
  const sb = await startSandbox(opts);
  const lines = [
    '',
    `Ozon sandbox is running at ${sb.url}   (started in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    `  Seller API base URL:       ${sb.url}`,
    `  Performance API base URL:  ${sb.url}   (POST /api/client/token)`,
    `  Control API:               ${sb.url}/__sandbox/state   header X-Sandbox-Token: ${sb.control.token}`,
    '',
    ...sb.stores.flatMap((s, i) => [
      `Store ${i + 1}: ${s.name}`,
      `  Client-Id:            ${s.clientId}`,
      `  Api-Key:              ${s.apiKey}`,
      `  Performance client_id:     ${s.performance.clientId}`,
      `  Performance client_secret: ${s.performance.clientSecret}`,
      '',
    ]),
  ];
  console.log(lines.join('\n'));
  const stop = async (): Promise<void> => {
    await sb.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
