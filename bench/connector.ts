// Ozon connector against the local sandbox: first-import time for a large
// store (default 10k products, ~20k postings), then 5,000 price and 5,000
// stock changes through the export runner — wall time, requests per endpoint,
// throughput as a fraction of Ozon's documented limit, 429s (goal: 0).
// Sizes: the full sizes by default (10,000 products, 16 days × 2,000
// orders ≈ 21,000 postings the connector imports — FBO and cancelled orders
// leave ~68% of orders as postings —, 5,000 price + 5,000 stock changes); BENCH_FAST=1
// shrinks them ~10× for CI; BENCH_PRODUCTS, BENCH_HISTORY_DAYS,
// BENCH_ORDERS_PER_DAY, BENCH_CHANGES override each. A pacing phase measures
// the steady-state fraction of Ozon's 50 req/s per Client-Id (BENCH_PACE_REQUESTS).
// A repricer phase measures the price lane against its own documented limits
// (≤1000 items a request, ≤10 changes of a product's price an hour):
// BENCH_REPRICE_PRODUCTS products (1,000; fast 200) each repriced in 12 rounds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSandbox } from '../src/sandbox/index';
import { buildApp } from '../src/server/app';
import { enqueueExport, enqueueExports, notifyExports, type ExportRequest } from '../src/server/jobs/enqueue';
import { money } from '../src/server/jobs/kinds/types';
import { listPrices } from '../src/server/ozon/endpoints/prices';
import { OzonClient } from '../src/server/ozon/client';
import { listStocksByWarehouse } from '../src/server/ozon/endpoints/stocks';
import { OZON_LIMITS, OzonLimiter } from '../src/server/ozon/limits';
import { countRows } from '../src/server/store-data/read';
import { TABLES } from '../src/server/store-data/tables';

const FAST = /^(1|true|yes)$/i.test(process.env.BENCH_FAST ?? '');
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? (FAST ? 1_000 : 10_000));
const HISTORY_DAYS = Number(process.env.BENCH_HISTORY_DAYS ?? (FAST ? 2 : 16));
const ORDERS_PER_DAY = Number(process.env.BENCH_ORDERS_PER_DAY ?? (FAST ? 1_000 : 2_000));
const CHANGES = Number(process.env.BENCH_CHANGES ?? (FAST ? 500 : 5_000));
const PACE_REQUESTS = Number(process.env.BENCH_PACE_REQUESTS ?? (FAST ? 500 : 1_500));
const REPRICE_PRODUCTS = Number(process.env.BENCH_REPRICE_PRODUCTS ?? (FAST ? 200 : 1_000));
/** rounds of a repricer: two more than Ozon's 10 changes an hour, so one change is held and then replaced */
const REPRICE_ROUNDS = 12;
const PRICE_CHANGES_PER_HOUR = OZON_LIMITS.priceChangesPerHour;
const PRICE_ITEMS_PER_REQUEST = OZON_LIMITS.pricesPerRequest;
const PRICE_PATH = '/v1/product/import/prices';

/** Steady-state pacing: PACE_REQUESTS concurrent reads of one Client-Id; rate between the 100th and the last answer. */
async function benchPacing(sb: Awaited<ReturnType<typeof startSandbox>>): Promise<Record<string, unknown>> {
  const answered: number[] = [];
  const client = new OzonClient({
    baseUrl: sb.url,
    clientId: sb.stores[0]!.clientId,
    apiKey: sb.stores[0]!.apiKey,
    limiter: new OzonLimiter(),
    onExchange: (e) => {
      if (e.status === 200) answered.push(performance.now());
    },
  });
  await new Promise((r) => setTimeout(r, 1100)); // leave the sandbox's window empty
  sb.control.resetStats();
  await Promise.all(Array.from({ length: PACE_REQUESTS }, () => client.send('/v1/roles', {})));
  const skip = Math.min(100, Math.floor(answered.length / 4));
  const span = (answered[answered.length - 1]! - answered[skip]!) / 1000;
  const perSecond = (answered.length - 1 - skip) / span;
  const s = sb.control.stats() as Stats;
  return { requests: PACE_REQUESTS, perSecond: Math.round(perSecond * 10) / 10, fractionOfLimit: Math.round((perSecond / 50) * 1000) / 1000, rate_limited: s.rate_limited_total };
}
const MASTER_KEY = '6f'.repeat(32);

type Stats = { requests: Record<string, number>; rate_limited_total: number };
type App = Awaited<ReturnType<typeof buildApp>>;
type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
/** what the price lane sent and Ozon refused per item, from the runner's 'sent' events (reset per phase) */
type LaneCount = { items: number; refused: Record<string, number> };

const SETTLED = ['applied', 'failed', 'drifted', 'superseded'];

/** Waits until every item has settled or is held back by the lane (pending with a reason); their rows. */
async function settledOrHeld(app: App, ids: string[]) {
  for (;;) {
    const rows = [];
    for (let i = 0; i < ids.length; i += 500) {
      rows.push(...(await app.db.selectFrom('job_items').select(['id', 'row_key', 'state', 'error_code', 'error_message', 'superseded_by']).where('id', 'in', ids.slice(i, i + 500)).execute()));
    }
    if (rows.every((r) => SETTLED.includes(r.state) || (r.state === 'pending' && r.error_code === 'held'))) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The repricer: K products, each given a new price in REPRICE_ROUNDS rounds, every round
 * enqueued once the previous one settled (a tool reacting to the marketplace). Inside the
 * hour exactly 10 changes per product must be applied and the rest held, never sent; a
 * later change replaces a held one. Then both clocks move one hour on (the sandbox's limits
 * clock, and the runner's through `shift`) and the held, latest prices go out.
 */
async function benchRepricer(app: App, sb: Sandbox, ctx: { ws: string; storeId: string; targets: { id: string; price: number }[]; lane: LaneCount; shift: (ms: number) => void }) {
  const { ws, storeId, targets, lane } = ctx;
  const priceAt = (p: { price: number }, round: number) => (p.price - round).toFixed(2);
  sb.control.resetStats();
  lane.items = 0;
  lane.refused = {};
  const t0 = performance.now();
  const rounds: string[][] = [];
  for (let round = 1; round <= REPRICE_ROUNDS; round++) {
    const reqs: ExportRequest[] = targets.map((p) => ({ workspaceId: ws, storeId, kind: 'price', key: p.id, values: { price: priceAt(p, round) } }));
    const res = await app.db.transaction().execute((trx) => enqueueExports(trx, reqs));
    notifyExports(storeId);
    rounds.push(res.map((r) => r.itemId));
    await settledOrHeld(app, rounds[round - 1]!);
  }
  const windowMs = performance.now() - t0;
  const inWindow = (await settledOrHeld(app, rounds.flat())).filter((r) => r.state === 'applied');
  const perProduct = new Map<string, number>();
  for (const r of inWindow) perProduct.set(r.row_key!, (perProduct.get(r.row_key!) ?? 0) + 1);
  const applied = targets.map((p) => perProduct.get(p.id) ?? 0);
  const last = await settledOrHeld(app, rounds[REPRICE_ROUNDS - 1]!);
  const held = last.filter((r) => r.state === 'pending' && r.error_code === 'held' && /price changes per product per hour/.test(r.error_message ?? '')).length;
  const sentInWindow = lane.items;

  const tAdvance = performance.now();
  // one hour plus the lane's 2 s margin past the 10th change's hour
  ctx.shift(3_610_000);
  await sb.advance(3_610);
  notifyExports(storeId);
  const advanceMs = performance.now() - tAdvance;
  const tAfter = performance.now();
  let finalRows;
  // the held items are released by the moved clocks: wait until none is held any more
  while (!(finalRows = await settledOrHeld(app, rounds[REPRICE_ROUNDS - 1]!)).every((r) => SETTLED.includes(r.state))) await new Promise((r) => setTimeout(r, 50));
  const afterHourMs = performance.now() - tAfter;

  // what Ozon shows now must be every product's last round
  const client = await app.stores.clientFor(await app.db.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirstOrThrow());
  const shown = new Map<string, number | null>();
  for (let i = 0; i < targets.length; i += 1000) {
    const r = await listPrices(client, '', 1000, undefined, targets.slice(i, i + 1000).map((p) => p.id));
    for (const it of r.items) shown.set(String(it.product_id), money(it.price.price));
  }
  const wrong = targets.filter((p) => shown.get(p.id) !== Number(priceAt(p, REPRICE_ROUNDS)));
  if (wrong.length) throw new Error(`repricer: ${wrong.length} of ${targets.length} products do not show the last round's price on the sandbox (first: ${wrong[0]!.id} shows ${shown.get(wrong[0]!.id)}, want ${priceAt(wrong[0]!, REPRICE_ROUNDS)})`);

  const s = sb.control.stats() as Stats;
  const requests = s.requests[PRICE_PATH] ?? 0;
  return {
    products: targets.length,
    rounds: REPRICE_ROUNDS,
    appliedPerProductInWindow: { min: Math.min(...applied), max: Math.max(...applied) },
    perProductHourFraction: Math.min(...applied) / PRICE_CHANGES_PER_HOUR,
    heldWithReason: held,
    lastRoundAfterHour: Object.fromEntries([...new Set(finalRows.map((r) => r.state))].map((st) => [st, finalRows.filter((r) => r.state === st).length])),
    sentItems: { inWindow: sentInWindow, total: lane.items, expected: targets.length * (PRICE_CHANGES_PER_HOUR + 1) },
    requests,
    itemsPerRequest: requests ? Math.round((lane.items / requests) * 10) / 10 : null,
    tooManyRequestsPerItem: lane.refused.TOO_MANY_REQUESTS ?? 0,
    refusedPerItem: lane.refused,
    rate_limited: s.rate_limited_total,
    finalPricesMatchLastRound: true,
    ms: { window: Math.round(windowMs), advance: Math.round(advanceMs), afterHour: Math.round(afterHourMs), total: Math.round(performance.now() - t0) },
  };
}

export async function benchConnector(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'sd-bench-connector-'));
  const t0 = performance.now();
  const sb = await startSandbox({ seed: 11, timeScale: 0, products: PRODUCTS, stores: 1, historyDays: HISTORY_DAYS, ordersPerDay: ORDERS_PER_DAY });
  const seedMs = performance.now() - t0;
  const pacing = await benchPacing(sb);
  process.stderr.write(`  pacing: ${JSON.stringify(pacing)}\n`);
  const stockSends: number[] = [];
  // the runner's clock: wall time plus the repricer's move one hour on (with the sandbox's limits clock)
  let skewMs = 0;
  const lane: LaneCount = { items: 0, refused: {} };
  const app = await buildApp(
    { logLevel: 'silent', setupOpen: true, sqlitePath: join(dir, 'server.db'), keyVault: 'encrypted', masterKey: MASTER_KEY, ozon: { sellerUrl: sb.url, onExchange: (e) => {
      if (e.path === '/v2/products/stocks') stockSends.push(performance.now());
    } } },
    {
      exports: {
        now: () => Date.now() + skewMs,
        onEvent: (e) => {
          if (e.kind !== 'price' || e.type !== 'sent') return;
          lane.items += e.count;
          for (const [code, n] of Object.entries(e.refused ?? {})) lane.refused[code] = (lane.refused[code] ?? 0) + n;
        },
      },
    },
  );
  try {
    const setup = await app.app.inject({
      method: 'POST',
      url: '/api/v1/workspace/setup',
      payload: { workspaceName: 'Bench', name: 'Bench Owner', email: 'bench@example.com', password: 'Velvet-Harbor-Lantern-42', locale: 'en', device: { id: 'bench-dev', name: 'Bench', platform: 'linux' } },
    });
    const token = setup.json().tokens.accessToken as string;
    sb.control.resetStats();
    const tImport = performance.now();
    // the sandbox, the server and its DB writes share this one thread: near 1 means the import
    // waited on CPU (ours and the sandbox's), not on the limiter
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const link = await app.app.inject({ method: 'POST', url: '/api/v1/stores', headers: { authorization: `Bearer ${token}` }, payload: { name: 'Bench', clientId: sb.stores[0]!.clientId, apiKey: sb.stores[0]!.apiKey } });
    const storeId = link.json().id as string;
    for (;;) {
      if ((await app.imports.status(storeId)).firstImportDone) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const importMs = performance.now() - tImport;
    const importElu = Math.round(performance.eventLoopUtilization(elu0).utilization * 1000) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const importCpuS = Math.round((cpu.user + cpu.system) / 1e5) / 10;
    const importStats = sb.control.stats() as Stats;
    const importRequests = Object.values(importStats.requests).reduce((a, b) => a + b, 0);
    // the import as a whole against the per-Client-Id limit (it also waits on DB writes and per-minute methods)
    const importFraction = Math.round((importRequests / (importMs / 1000) / 50) * 1000) / 1000;
    // per entity: wall time of its latest run — the first, or a refresh that already followed it for
    // entities with short refresh intervals; null while one is running (entities overlap: no sum)
    const cps = await app.db.selectFrom('import_checkpoints').select(['entity', 'started_at', 'finished_at']).where('store_id', '=', storeId).execute();
    const entities = Object.fromEntries(cps.map((c) => [c.entity, c.finished_at && c.started_at ? Date.parse(c.finished_at) - Date.parse(c.started_at) : null]));
    const products = await countRows(app.db, TABLES.product, storeId);
    const postings = await countRows(app.db, TABLES.posting, storeId);
    process.stderr.write(`  import: ${products} products, ${postings} postings in ${(importMs / 1000).toFixed(1)} s\n`);

    // export: newest prices and stocks from our own (just imported) store data
    const ws = (await app.db.selectFrom('stores').select('workspace_id').where('id', '=', storeId).executeTakeFirstOrThrow()).workspace_id;
    // one read of the imported products feeds both change sets
    const docs = (await app.db.selectFrom('products').select(['product_id', 'offer_id', 'data']).where('store_id', '=', storeId).where('deleted', '=', 0).execute()).map((r) => {
      const d = JSON.parse(r.data) as { offerId?: string; price?: string; statuses?: { status?: string } };
      // offer ids from the documents (the offer_id projection column is not always filled, see the report)
      return { id: r.product_id, offerId: r.offer_id ?? d.offerId ?? '', price: Number(d.price ?? 0), status: d.statuses?.status };
    });
    // Ozon refuses stock for a product still in moderation (per-item PRODUCT_IS_NOT_CREATED);
    // only products ready for sale get a stock change, so every change is one Ozon accepts
    const offers = docs.filter((d) => d.offerId && d.status === 'price_sent').map((d) => d.offerId);
    // pairs straight from Ozon (exact warehouse ids), for products we know
    const client = await app.stores.clientFor(await app.db.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirstOrThrow());
    const srows: { product_id: string; warehouse_id: string; present: number }[] = [];
    for (let i = 0; i < offers.length && srows.length < CHANGES; i += 1000) {
      let cursor = '';
      for (;;) {
        const page = await listStocksByWarehouse(client, offers.slice(i, i + 1000), cursor);
        srows.push(...page.products.map((x) => ({ product_id: x.product_id, warehouse_id: x.warehouse_id, present: x.present })));
        if (!page.has_next || !page.cursor) break;
        cursor = page.cursor;
      }
    }
    const priceReqs: ExportRequest[] = docs
      .slice(0, CHANGES)
      .filter((p) => p.price > 10)
      .map((p) => ({ workspaceId: ws, storeId, kind: 'price', key: p.id, values: { price: (p.price - 1).toFixed(2) } }));
    const stockReqs: ExportRequest[] = srows
      .slice(0, CHANGES)
      .map((r) => ({ workspaceId: ws, storeId, kind: 'stock', key: `${r.product_id}:${r.warehouse_id}`, values: { present: r.present + 2 } }));
    // the repricer's products: none of the bulk price run's, which already spent one of their 10 changes this hour
    const targets = docs.slice(CHANGES).filter((p) => p.price > REPRICE_ROUNDS + 10).slice(0, REPRICE_PRODUCTS);
    if (targets.length < REPRICE_PRODUCTS) throw new Error(`repricer: ${targets.length} products left after the bulk price run's ${CHANGES}; raise BENCH_PRODUCTS or lower BENCH_REPRICE_PRODUCTS`);
    const run = async (reqs: ExportRequest[], endpoint: string) => {
      sb.control.resetStats();
      lane.items = 0;
      lane.refused = {};
      const cpu0 = process.cpuUsage();
      const t = performance.now();
      await app.db.transaction().execute(async (trx) => {
        for (const r of reqs) await enqueueExport(trx, r);
      });
      // the lane sees nothing before this commit: its own time starts here
      const enqueueMs = performance.now() - t;
      notifyExports(storeId);
      let counts: Record<string, number> = {};
      for (;;) {
        const all = await app.db
          .selectFrom('job_items')
          .select(['state', (eb) => eb.fn.countAll<number | string>().as('n')])
          .where('store_id', '=', storeId)
          .where('kind', '=', reqs[0]!.kind)
          .where('created_at', '>=', new Date(Date.now() - 3_600_000).toISOString())
          .groupBy('state')
          .execute();
        counts = Object.fromEntries(all.map((r) => [r.state, Number(r.n)]));
        if ((counts.pending ?? 0) + (counts.sending ?? 0) + (counts.written ?? 0) === 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const ms = performance.now() - t;
      const cpu = process.cpuUsage(cpu0);
      const s = sb.control.stats() as Stats;
      // CPU of this one process: the sandbox answering, the runner, the server's DB and the bench's polling
      return { items: reqs.length, ms: Math.round(ms), enqueueMs: Math.round(enqueueMs), laneMs: Math.round(ms - enqueueMs), cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100, counts, requests: s.requests[endpoint] ?? 0, readRequests: s.requests, rate_limited: s.rate_limited_total };
    };
    const price = await run(priceReqs, PRICE_PATH);
    const priceLane = { ...lane, refused: { ...lane.refused } };
    process.stderr.write(`  prices: ${price.items} in ${price.ms} ms (${price.requests} requests)\n`);
    const stock = await run(stockReqs, '/v2/products/stocks');
    process.stderr.write(`  stocks: ${stock.items} in ${stock.ms} ms (${stock.requests} requests)\n`);
    // stocks: 80 requests/min per Client-Id; measured between the first and the last write request
    const span = stockSends.length > 1 ? stockSends[stockSends.length - 1]! - stockSends[0]! : 0;
    const stockReqPerMin = span > 0 ? ((stockSends.length - 1) / span) * 60_000 : null;
    const repricer = await benchRepricer(app, sb, { ws, storeId, targets, lane, shift: (ms) => (skewMs += ms) });
    process.stderr.write(`  repricer: ${JSON.stringify(repricer)}\n`);
    // the price lane's binding documented limits: ≤1000 items a request over the whole lane, ≤10 changes a product an hour
    const itemsPerRequestFraction = Math.round(((priceLane.items + repricer.sentItems.total) / (price.requests + repricer.requests) / PRICE_ITEMS_PER_REQUEST) * 1000) / 1000;
    const pricesFraction = Math.min(repricer.perProductHourFraction, itemsPerRequestFraction);
    const perSecond = price.requests / (price.ms / 1000);
    return {
      sandbox: { products: PRODUCTS, historyDays: HISTORY_DAYS, ordersPerDay: ORDERS_PER_DAY, changes: CHANGES, fast: FAST, seedMs: Math.round(seedMs) },
      pacing,
      // each lane against its own binding documented limit (goal ≥ 0.9, with 0 × 429)
      fractions: {
        pacing: pacing.fractionOfLimit,
        import: importFraction,
        prices: pricesFraction,
        stocks: stockReqPerMin && Math.round((stockReqPerMin / 80) * 1000) / 1000,
        note: 'prices = min(perProductHourFraction, itemsPerRequestFraction): the lane is bound by 1000 items a request and 10 changes per product an hour, not by 50 req/s (measured by pacing and import)',
      },
      repricer: { ...repricer, itemsPerRequestFraction, pricesLaneItemsPerRequestNote: 'items sent / requests / 1000 over the whole price lane (bulk run + repricer)' },
      import: { ms: Math.round(importMs), products, postings, rate_limited: importStats.rate_limited_total, fractionOfLimit: importFraction, eventLoopUtilization: importElu, cpuSeconds: importCpuS, entityMs: entities, requests: importStats.requests },
      export: {
        prices: {
          ...price,
          sentItems: priceLane.items,
          refusedPerItem: priceLane.refused,
          itemsPerRequest: price.requests ? Math.round((priceLane.items / price.requests) * 10) / 10 : null,
          itemsPerSecond: Math.round((price.items / price.ms) * 1000),
          // the lane alone (after the enqueue committed): per 1000-item batch, a write, a read-back and the settle
          laneItemsPerSecond: Math.round((price.items / price.laneMs) * 1000),
          msPerBatch: price.requests ? Math.round(price.laneMs / price.requests) : null,
          informational: { requestsPerSecond: Math.round(perSecond * 100) / 100, ofFiftyPerSecond: Math.round((perSecond / 50) * 1000) / 1000 },
          limitNote: 'informational only: the lane is item-bound (1000 items a request), not request-bound; its fraction is fractions.prices',
        },
        stocks: {
          ...stock,
          requestsPerMinute: stockReqPerMin && Math.round(stockReqPerMin * 10) / 10,
          fractionOfLimit: stockReqPerMin && Math.round((stockReqPerMin / 80) * 1000) / 1000,
          itemsPerRequest: stock.requests ? stock.items / stock.requests : null,
          failedPerItem: stock.counts.failed ?? 0,
        },
      },
    };
  } finally {
    await app.close();
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
