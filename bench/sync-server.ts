// Pull throughput of the sync protocol's server side: 100,000 products and
// 100,000 postings written through the connector's writer (bench/seed.ts), then pulled from
// cursor 0 to head in pages of 1000 (GET /api/v1/sync/changes via inject, so
// the number is the server's cost: feed range scan, compaction, batched row
// reads, serialization). Also one 500-mutation push batch.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchWorkspace, productId, seedStoreData } from './seed';

const PRODUCTS = Number(process.env.BENCH_SYNC_ROWS ?? 100_000);
const POSTINGS = PRODUCTS;

export async function benchSyncServer(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-bench-sync-'));
  const w = await benchWorkspace(join(dir, 'server.db'));
  const { built, token, storeId } = w;
  const at = new Date().toISOString();
  try {
    const seedSeconds = await seedStoreData(w, PRODUCTS);

    const pages: number[] = [];
    let cursor = 0;
    let rows = 0;
    let bytes = 0;
    const t1 = performance.now();
    for (;;) {
      const p0 = performance.now();
      const res = await built.app.inject({ method: 'GET', url: `/api/v1/sync/changes?after=${cursor}&limit=1000`, headers: { authorization: `Bearer ${token}` } });
      pages.push(performance.now() - p0);
      if (res.statusCode !== 200) throw new Error(`pull failed: ${res.body}`);
      bytes += res.rawPayload.length;
      const page = res.json() as { changes: unknown[]; cursor: number; hasMore: boolean };
      rows += page.changes.length;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const pullSeconds = (performance.now() - t1) / 1000;
    process.stderr.write(`  pulled ${rows} rows in ${pullSeconds.toFixed(2)} s\n`);
    const sorted = [...pages].sort((a, b) => a - b);
    const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 10) / 10;

    // one push batch of 500 price edits
    const mutations = Array.from({ length: 500 }, (_, i) => ({ id: randomUUID(), entity: 'product', storeId, key: productId(i), baseVersion: 0, changes: { price: '999' }, base: { price: `${1000 + (i % 500)}.00` }, createdAt: at }));
    const t2 = performance.now();
    const push = await built.app.inject({ method: 'POST', url: '/api/v1/sync/mutations', headers: { authorization: `Bearer ${token}` }, payload: { mutations } });
    const pushMs = performance.now() - t2;
    if (push.statusCode !== 200) throw new Error(`push failed: ${push.body}`);

    return {
      rows_seeded: PRODUCTS + POSTINGS,
      seed_s: Math.round(seedSeconds * 100) / 100,
      pull_rows: rows,
      pull_pages: pages.length,
      pull_s: Math.round(pullSeconds * 100) / 100,
      pull_rows_per_s: Math.round(rows / pullSeconds),
      pull_mb: Math.round((bytes / 1e6) * 10) / 10,
      page_p50_ms: pct(50),
      page_p95_ms: pct(95),
      page_max_ms: pct(100),
      push_500_ms: Math.round(pushMs),
    };
  } finally {
    await built.close();
    if (process.env.BENCH_KEEP) process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
