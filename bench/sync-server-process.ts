// A seeded workspace server in a process of its own, for the desktop-side
// sync bench: `node --import tsx bench/sync-server-process.ts <dir> <rows>`.
// Prints one JSON line {url, token, storeId, seedSeconds} once it listens on
// loopback; answers each `cpu` line on stdin with a line {cpuMs, wireBytes}
// (its CPU time and the bytes its HTTP server wrote so far); closes when its
// stdin ends. As a worker thread it says the same in messages.
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { benchWorkspace, seedStoreData, type BenchWorkspace } from './seed';

export interface BenchServer {
  url: string;
  token: string;
  storeId: string;
  seedSeconds: number;
}

/** Bytes the server has written to its sockets so far (HTTP framing included): what a first sync puts on the wire. */
function countWireBytes(server: { on(event: 'connection', fn: (s: Socket) => void): unknown }): () => number {
  const live = new Set<Socket>();
  let closed = 0;
  server.on('connection', (s) => {
    live.add(s);
    s.on('close', () => {
      live.delete(s);
      closed += s.bytesWritten;
    });
  });
  return () => [...live].reduce((n, s) => n + s.bytesWritten, closed);
}

/** Seeds `rows` products and postings into a fresh server under `dir` and listens on 127.0.0.1. */
export async function startBenchServer(dir: string, rows: number): Promise<BenchServer & { workspace: BenchWorkspace; wireBytes(): number }> {
  const w = await benchWorkspace(join(dir, 'server.db'));
  const seedSeconds = await seedStoreData(w, rows);
  const wireBytes = countWireBytes(w.built.app.server);
  await w.built.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = w.built.app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return { url, token: w.token, storeId: w.storeId, seedSeconds, workspace: w, wireBytes };
}

async function main(): Promise<void> {
  const [dir, rows] = process.argv.slice(2);
  if (!dir || !rows) throw new Error('usage: sync-server-process.ts <dir> <rows>');
  const s = await startBenchServer(dir, Number(rows));
  process.stdout.write(JSON.stringify({ url: s.url, token: s.token, storeId: s.storeId, seedSeconds: s.seedSeconds }) + '\n');
  let input = '';
  process.stdin.on('data', (d: Buffer) => {
    input += d.toString();
    for (let i = input.indexOf('\n'); i >= 0; i = input.indexOf('\n')) {
      if (input.slice(0, i).trim() === 'cpu') {
        const u = process.cpuUsage();
        process.stdout.write(JSON.stringify({ cpuMs: (u.user + u.system) / 1000, wireBytes: s.wireBytes() }) + '\n');
      }
      input = input.slice(i + 1);
    }
  });
  process.stdin.on('end', () => {
    void s.workspace.built.close().then(() => process.exit(0));
  });
}

/** As a worker thread (BENCH_SYNC_SERVER=thread, as the app runs its embedded server): the same lines as messages. */
async function asWorker(port: MessagePort, data: { dir: string; rows: number }): Promise<void> {
  const s = await startBenchServer(data.dir, data.rows);
  port.on('message', (m: unknown) => {
    // a thread has no CPU time of its own to read on Node 20 (process.cpuUsage() is the whole process's)
    if (m === 'cpu') port.postMessage({ cpuMs: null, wireBytes: s.wireBytes() });
    else if (m === 'close') void s.workspace.built.close().then(() => port.postMessage({ closed: true }));
  });
  port.postMessage({ url: s.url, token: s.token, storeId: s.storeId, seedSeconds: s.seedSeconds });
}

if (!isMainThread && parentPort) {
  asWorker(parentPort, workerData as { dir: string; rows: number }).catch((e: unknown) => {
    throw e instanceof Error ? e : new Error(String(e));
  });
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
    process.exit(1);
  });
}
