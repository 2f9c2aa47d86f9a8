/**
 * Import of returns, promotions, reviews, questions, chats, finance
 * accruals and ad campaigns (Performance API) from the sandbox, on SQLite
 * and PostgreSQL: counts and fields match Ozon, a refresh after the market
 * moved picks up new reviews, chat messages and returns, an unchanged refresh
 * writes no change-feed entries, chat message ids above 2^53 stay exact, a
 * store without Performance credentials skips campaigns cleanly, a restart in
 * the middle resumes from the checkpoint, every request is valid against
 * Ozon's official schemas and nothing is answered 429.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../src/sandbox/index';
import { buildApp } from '../../src/server/app';
import { chatHistory } from '../../src/server/ozon/endpoints/chats';
import { IMPORT_ENTITIES, type ImportEntity, type ServerOptions } from '../../src/server/config';
import { countRows, readRows } from '../../src/server/store-data/read';
import { TABLES } from '../../src/server/store-data/tables';
import { OPENAPI_DIR, validateRequest } from '../sandbox/openapi';
import { DB_KINDS, sameDatabase, setupOwner, startHarness, type Harness } from './support/harness';
import { MASTER_KEY, sandbox, stats, waitFor } from '../helpers/ozon-sandbox';

const NEW_ENTITIES: ImportEntity[] = ['returns', 'promotions', 'reviews', 'questions', 'chats', 'finance', 'campaigns'];
const FEED_ENTITIES = ['return', 'promotion', 'promotion_product', 'review', 'review_comment', 'question', 'question_answer', 'chat', 'chat_message', 'campaign', 'campaign_stat', 'finance_transaction'];
const TWO_53 = 2n ** 53n;

type Exchange = { path: string; request: unknown };
type PerfExchange = { method: string; path: string; query: Record<string, string[]>; request: unknown; status: number | null };

/**
 * The test's own reads of the sandbox, paced well under Ozon's 50 requests/s
 * (they share the Client-Id budget with the server under test) and failing loudly.
 */
async function sbFetch(sb: RunningSandbox, store: number, path: string, body?: unknown): Promise<string> {
  const s = sb.stores[store]!;
  await new Promise((r) => setTimeout(r, 40));
  const res = await fetch(sb.url + path, body === undefined ? { headers: { 'Client-Id': s.clientId, 'Api-Key': s.apiKey } } : { method: 'POST', headers: { 'Client-Id': s.clientId, 'Api-Key': s.apiKey, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`sandbox ${path}: ${res.status} ${text.slice(0, 200)}`);
  return text;
}
const sbPost = async (sb: RunningSandbox, store: number, path: string, body: unknown): Promise<any> => JSON.parse(await sbFetch(sb, store, path, body));

/** Everything the sandbox lists for a store, read the way Ozon documents it. */
async function ozonReviews(sb: RunningSandbox, store: number): Promise<any[]> {
  const out: any[] = [];
  for (let last = ''; ; ) {
    const r = await sbPost(sb, store, '/v2/review/list', { limit: 100, sort_dir: 'ASC', ...(last ? { last_id: last } : {}) });
    out.push(...r.reviews);
    if (!r.has_next) return out;
    last = r.last_id;
  }
}
async function ozonQuestions(sb: RunningSandbox, store: number): Promise<any[]> {
  const out: any[] = [];
  for (let last = ''; ; ) {
    const r = await sbPost(sb, store, '/v1/question/list', { limit: 100, sort_dir: 'ASC', ...(last ? { last_id: last } : {}) });
    out.push(...r.questions);
    if (!r.has_next) return out;
    last = r.last_id;
  }
}
async function ozonReturns(sb: RunningSandbox, store: number): Promise<any[]> {
  const out: any[] = [];
  for (let last = 0; ; ) {
    const r = await sbPost(sb, store, '/v1/returns/list', { limit: 500, ...(last ? { last_id: last } : {}) });
    out.push(...r.returns);
    if (!r.has_next) return out;
    last = r.returns[r.returns.length - 1].id;
  }
}
/** Chats with their raw /v3/chat/history text (message ids > 2^53 must be read from the text, not JSON.parse). */
async function ozonChats(sb: RunningSandbox, store: number): Promise<{ chatId: string; messageIds: string[] }[]> {
  const out: { chatId: string; messageIds: string[] }[] = [];
  for (let cursor = ''; ; ) {
    const r = await sbPost(sb, store, '/v3/chat/list', { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const c of r.chats) {
      const text = await sbFetch(sb, store, '/v3/chat/history', { chat_id: c.chat.chat_id, limit: 1000 });
      out.push({ chatId: c.chat.chat_id, messageIds: [...text.matchAll(/"message_id":(\d+)/g)].map((m) => m[1]!) });
    }
    if (!r.has_next) return out;
    cursor = r.cursor;
  }
}
async function ozonActions(sb: RunningSandbox, store: number): Promise<any[]> {
  return (JSON.parse(await sbFetch(sb, store, '/v1/actions')) as { result: any[] }).result;
}
/** Accruals Ozon lists by day from the first date of the importer's window (Moscow) to Ozon's today. */
async function ozonFinanceCount(sb: RunningSandbox, store: number, days: number): Promise<number> {
  const msk = (ms: number): string => new Date(ms + 3 * 3_600_000).toISOString().slice(0, 10);
  const today = msk(sb.control.now());
  let n = 0;
  for (let d = msk(Date.now() - days * 86_400_000); d <= today; d = msk(Date.parse(`${d}T00:00:00+03:00`) + 86_400_000)) {
    for (let last = ''; ; ) {
      const r = await sbPost(sb, store, '/v1/finance/accrual/by-day', { date: d, last_id: last });
      if (!r.accruals.length) break;
      n += r.accruals.length;
      last = r.last_id;
    }
  }
  return n;
}
async function perfCampaigns(sb: RunningSandbox, store: number): Promise<any[]> {
  const p = sb.stores[store]!.performance;
  const t = (await (await fetch(sb.url + '/api/client/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: p.clientId, client_secret: p.clientSecret, grant_type: 'client_credentials' }) })).json()) as { access_token: string };
  const r = await fetch(sb.url + '/api/client/campaign', { headers: { authorization: `Bearer ${t.access_token}` } });
  return ((await r.json()) as { list: any[] }).list;
}

const perfSpec = JSON.parse(fs.readFileSync(`${OPENAPI_DIR}/performance-openapi.json`, 'utf8')) as { paths: Record<string, Record<string, { parameters?: { name: string }[] }>> };

/** BigInt (uint64 written as a bare integer on the wire) → number, so ajv sees the JSON type that was sent. */
const wireShape = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x)));

async function feedCount(h: Harness, storeId: string): Promise<number> {
  const r = await h.built.db.selectFrom('change_feed').select((eb) => eb.fn.countAll().as('n')).where('store_id', '=', storeId).where('entity', 'in', FEED_ENTITIES).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function refresh(h: Harness, storeId: string, entities: ImportEntity[]): Promise<void> {
  for (const entity of entities) {
    const before = await h.built.db.selectFrom('import_checkpoints').select('finished_at').where('store_id', '=', storeId).where('entity', '=', entity).executeTakeFirstOrThrow();
    await h.built.imports.runNow(storeId, entity);
    await waitFor(async () => {
      const cp = await h.built.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', storeId).where('entity', '=', entity).executeTakeFirstOrThrow();
      return cp.state === 'done' && cp.finished_at !== before.finished_at;
    }, 60_000, 25);
  }
}

describe.each(DB_KINDS)('marketplace import (%s)', (kind) => {
  let sb: RunningSandbox;
  let h: Harness;
  let token: string;
  let withPerf: string; // store 0, linked with Performance credentials
  let noPerf: string; // store 1, Seller API only
  const exchanges: Exchange[] = [];
  const perfExchanges: PerfExchange[] = [];

  const opts = (): Partial<ServerOptions> => ({
    keyVault: 'encrypted',
    masterKey: MASTER_KEY,
    ozon: {
      sellerUrl: sb.url,
      performanceUrl: sb.url,
      postingsHistoryDays: 3,
      onExchange: (e) => void exchanges.push(e),
      onPerformanceExchange: (e) => void perfExchanges.push(e),
      // refreshes in this test are explicit (runNow). Every entity, not only the ones under test: the test's own reads
      // share the Client-Id's 50 requests/s with the server, and a scheduled refresh (FBS postings every 60 s, stocks
      // every 120 s) landing among them on a slow machine went over it
      refreshSeconds: Object.fromEntries(IMPORT_ENTITIES.map((e) => [e, 3600])) as Record<ImportEntity, number>,
    },
  });

  beforeAll(async () => {
    sb = await sandbox({ stores: 2, products: 120, historyDays: 10, ordersPerDay: 100 });
    // the seller answered some reviews and questions in Ozon's cabinet before linking the store
    for (const store of [0, 1]) {
      const reviews = await ozonReviews(sb, store);
      for (const r of reviews.slice(0, 6)) {
        const c = await sbPost(sb, store, '/v1/review/comment/create', { review_id: r.id, text: `Спасибо за отзыв! ${r.id}`, mark_review_as_processed: true });
        if (r === reviews[0]) await sbPost(sb, store, '/v1/review/comment/create', { review_id: r.id, text: 'Ещё раз спасибо', parent_comment_id: c.comment_id });
      }
      for (const q of (await ozonQuestions(sb, store)).slice(0, 5)) await sbPost(sb, store, '/v1/question/answer/create', { question_id: q.id, sku: q.sku, text: 'Да, подходит.' });
    }
    h = await startHarness(kind, opts());
    token = (await setupOwner(h)).auth.tokens.accessToken;
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await sb?.close();
  });

  it('imports every entity with progress; counts match Ozon; campaigns skipped cleanly without Performance credentials', async () => {
    sb.control.resetStats();
    const s0 = sb.stores[0]!;
    const s1 = sb.stores[1]!;
    const r0 = await h.request('POST', '/api/v1/stores', { token, body: { name: 'Perf', clientId: s0.clientId, apiKey: s0.apiKey, performance: s0.performance } });
    expect(r0.status).toBe(200);
    const r1 = await h.request('POST', '/api/v1/stores', { token, body: { name: 'Plain', clientId: s1.clientId, apiKey: s1.apiKey } });
    expect(r1.status).toBe(200);
    withPerf = r0.body.id;
    noPerf = r1.body.id;
    for (const id of [withPerf, noPerf]) {
      await waitFor(async () => (await h.request('GET', `/api/v1/stores/${id}/import`, { token })).body.firstImportDone, 150_000, 100);
    }

    for (const [n, id] of [[0, withPerf], [1, noPerf]] as const) {
      const st = (await h.request('GET', `/api/v1/stores/${id}/import`, { token })).body;
      for (const entity of NEW_ENTITIES) {
        const e = st.entities.find((x: { entity: string }) => x.entity === entity);
        expect(e, entity).toMatchObject({ state: 'done', mode: 'incremental', error: null });
        expect(e.done, entity).toBe(e.total);
      }
      const reviews = await ozonReviews(sb, n);
      expect(reviews.length).toBeGreaterThan(20);
      expect(await countRows(h.built.db, TABLES.review, id)).toBe(reviews.length);
      expect(await countRows(h.built.db, TABLES.review_comment, id)).toBe(reviews.reduce((s, r) => s + r.comments_amount, 0));
      const questions = await ozonQuestions(sb, n);
      expect(questions.length).toBeGreaterThan(10);
      expect(await countRows(h.built.db, TABLES.question, id)).toBe(questions.length);
      expect(await countRows(h.built.db, TABLES.question_answer, id)).toBe(questions.reduce((s, q) => s + q.answers_count, 0));
      const returns = await ozonReturns(sb, n);
      expect(await countRows(h.built.db, TABLES.return, id)).toBe(returns.length);
      const chats = await ozonChats(sb, n);
      expect(chats.length).toBeGreaterThan(5);
      expect(await countRows(h.built.db, TABLES.chat, id)).toBe(chats.length);
      expect(await countRows(h.built.db, TABLES.chat_message, id)).toBe(chats.reduce((s, c) => s + c.messageIds.length, 0));
      const actions = await ozonActions(sb, n);
      expect(actions.length).toBeGreaterThan(0);
      expect(await countRows(h.built.db, TABLES.promotion, id)).toBe(actions.length);
      // every non-archived product is either participating or a candidate in each action
      expect(await countRows(h.built.db, TABLES.promotion_product, id)).toBe(actions.reduce((s, a) => s + a.potential_products_count, 0));
      const fin = await ozonFinanceCount(sb, n, 90);
      expect(fin).toBeGreaterThan(0);
      expect(await countRows(h.built.db, TABLES.finance_transaction, id)).toBe(fin);
    }
    const camps = await perfCampaigns(sb, 0);
    expect(camps.length).toBeGreaterThan(0);
    expect(await countRows(h.built.db, TABLES.campaign, withPerf)).toBe(camps.length);
    expect(await countRows(h.built.db, TABLES.campaign_stat, withPerf)).toBeGreaterThan(0);
    expect(await countRows(h.built.db, TABLES.campaign, noPerf)).toBe(0);
    const cp = await h.built.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', noPerf).where('entity', '=', 'campaigns').executeTakeFirstOrThrow();
    expect(cp).toMatchObject({ state: 'done', error: null, total: 0 });
  }, 240_000);

  it('maps Ozon fields: ids as digit strings, money as decimal strings, chat message ids above 2^53 exact', async () => {
    const [review] = (await ozonReviews(sb, 0)).filter((r) => r.comments_amount > 0).concat(await ozonReviews(sb, 0));
    const stored = (await readRows<any>(h.built.db, TABLES.review, withPerf)).find((r) => r.key[0] === review.id)!.data;
    expect(stored).toMatchObject({ reviewId: review.id, sku: String(review.sku), text: review.text, rating: review.rating, status: review.status, orderStatus: review.order_status, commentsAmount: review.comments_amount, publishedAt: review.published_at });

    const chats = await ozonChats(sb, 0);
    const ids = chats.flatMap((c) => c.messageIds);
    expect(ids.some((x) => BigInt(x) > TWO_53)).toBe(true);
    const msgs = await readRows<any>(h.built.db, TABLES.chat_message, withPerf);
    const held = new Set(msgs.map((m) => m.data.messageId));
    for (const x of ids) expect(held.has(x), x).toBe(true);
    expect(msgs.every((m) => typeof m.data.messageId === 'string' && m.key[1] === m.data.messageId)).toBe(true);
    // paging history back from a message id: the id goes out exact (a bare integer above 2^53), the page starts at it
    const longest = chats.reduce((a, b) => (b.messageIds.length > a.messageIds.length ? b : a));
    expect(longest.messageIds.length).toBeGreaterThan(1);
    const mid = longest.messageIds[Math.floor(longest.messageIds.length / 2)]!;
    const client = await h.built.stores.clientFor({ id: withPerf, client_id: sb.stores[0]!.clientId, key_ref: 'encrypted' });
    const page = await chatHistory(client, longest.chatId, mid);
    expect(page.messages[0]!.message_id).toBe(mid);
    expect(page.messages.every((m) => BigInt(m.message_id) <= BigInt(mid))).toBe(true);
    const chatRows = await readRows<any>(h.built.db, TABLES.chat, withPerf);
    const withLast = chatRows.find((c) => c.data.lastMessageId)!;
    expect(held.has(withLast.data.lastMessageId)).toBe(true);

    const fin = await readRows<any>(h.built.db, TABLES.finance_transaction, withPerf, { limit: 5 });
    expect(fin.length).toBe(5);
    for (const f of fin) {
      expect(f.data.amount).toMatch(/^-?\d+\.\d{2,}$/);
      expect(f.data.operationId).toMatch(/^\d+$/);
      expect(f.data.accrualDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(f.data.services.every((s: { price: string }) => /^-?\d+\.\d{2,}$/.test(s.price))).toBe(true);
      expect(f.data.lines.every((l: { amount: string; sku: string | null }) => /^-?\d+\.\d{2,}$/.test(l.amount) && (l.sku === null || /^\d+$/.test(l.sku)))).toBe(true);
    }
    const pp = await readRows<any>(h.built.db, TABLES.promotion_product, withPerf);
    const participant = pp.find((p) => p.data.participating)!;
    expect(participant.data.actionPrice).toMatch(/^\d+\.\d{2}$/);
    expect(pp.find((p) => !p.data.participating)!.data.actionPrice).toBeNull();
    const stat = (await readRows<any>(h.built.db, TABLES.campaign_stat, withPerf))[0]!.data;
    expect(stat.spend).toMatch(/^\d+\.\d{2}$/);
    expect(stat.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const rets = await ozonReturns(sb, 0);
    if (rets.length) {
      const r = rets[0];
      const doc = (await readRows<any>(h.built.db, TABLES.return, withPerf)).find((x) => x.key[0] === String(r.id))!.data;
      expect(doc).toMatchObject({ returnId: String(r.id), postingNumber: r.posting_number, status: r.visual.status.sys_name, sku: String(r.product.sku), quantity: r.product.quantity });
      expect(doc.price).toMatch(/^\d+\.\d{2}$/);
    }
  });

  it('a refresh of unchanged data writes no change-feed entries', async () => {
    const before = await feedCount(h, withPerf);
    await refresh(h, withPerf, NEW_ENTITIES);
    expect(await feedCount(h, withPerf)).toBe(before);
    // one Performance token served every campaigns run of the store
    expect(perfExchanges.filter((e) => e.path === '/api/client/token').length).toBe(1);
  }, 120_000);

  it('a refresh after the market moved picks up new reviews, chat messages and returns', async () => {
    const reviews0 = (await ozonReviews(sb, 0)).length;
    const msgs0 = (await ozonChats(sb, 0)).reduce((s, c) => s + c.messageIds.length, 0);
    const returns0 = (await ozonReturns(sb, 0)).length;
    await sb.advance(36 * 3600);
    const reviews = await ozonReviews(sb, 0);
    const chats = await ozonChats(sb, 0);
    const returns = await ozonReturns(sb, 0);
    expect(reviews.length).toBeGreaterThan(reviews0);
    expect(chats.reduce((s, c) => s + c.messageIds.length, 0)).toBeGreaterThan(msgs0);
    expect(returns.length).toBeGreaterThan(returns0);
    await refresh(h, withPerf, ['reviews', 'chats', 'returns', 'questions']);
    expect(await countRows(h.built.db, TABLES.review, withPerf)).toBe(reviews.length);
    expect(await countRows(h.built.db, TABLES.chat, withPerf)).toBe(chats.length);
    expect(await countRows(h.built.db, TABLES.chat_message, withPerf)).toBe(chats.reduce((s, c) => s + c.messageIds.length, 0));
    expect(await countRows(h.built.db, TABLES.return, withPerf)).toBe(returns.length);
    expect(await countRows(h.built.db, TABLES.question, withPerf)).toBe((await ozonQuestions(sb, 0)).length);
    // returns moved through statuses: what we hold is Ozon's current status
    const held = new Map((await readRows<any>(h.built.db, TABLES.return, withPerf)).map((r) => [r.key[0], r.data.status]));
    for (const r of returns) expect(held.get(String(r.id))).toBe(r.visual.status.sys_name);
  }, 120_000);

  it('sent only requests valid against the official schemas, and none was answered 429', () => {
    const paths = new Set(exchanges.map((e) => e.path));
    for (const p of ['/v1/returns/list', '/v1/actions', '/v1/actions/candidates', '/v1/actions/products', '/v2/review/list', '/v1/review/comment/list', '/v1/question/list', '/v1/question/answer/list', '/v3/chat/list', '/v3/chat/history', '/v1/finance/accrual/types', '/v1/finance/accrual/by-day']) {
      expect(paths, p).toContain(p);
    }
    // finance reads Ozon's accrual methods only: the /v3/finance/transaction methods were switched off on 6 July 2026
    expect([...paths].filter((p) => p.startsWith('/v3/finance/'))).toEqual([]);
    for (const e of exchanges) {
      if (e.path === '/v1/actions') {
        expect(validateRequest(e.path, undefined, { method: 'get' })).toEqual([]);
        continue;
      }
      expect(validateRequest(e.path, wireShape(e.request)), e.path).toEqual([]);
    }
    // paging chat history back from a message id sends it as a bare integer above 2^53
    const withFrom = exchanges.filter((e) => e.path === '/v3/chat/history' && (e.request as { from_message_id?: unknown }).from_message_id !== undefined);
    for (const e of withFrom) expect((e.request as { from_message_id: bigint }).from_message_id > TWO_53).toBe(true);
    // Performance API: GETs with documented query parameters only; the token request never logs the secret
    expect(perfExchanges.length).toBeGreaterThan(0);
    for (const e of perfExchanges) {
      if (e.path === '/api/client/token') {
        expect(e.request).toMatchObject({ grant_type: 'client_credentials', client_secret: '***' });
        continue;
      }
      const spec = perfSpec.paths[e.path.replace(/\/json$/, '')]?.[e.method.toLowerCase()];
      expect(spec, e.path).toBeDefined();
      const names = new Set((spec!.parameters ?? []).map((p) => p.name));
      for (const q of Object.keys(e.query)) expect(names.has(q), `${e.path} ?${q}`).toBe(true);
      for (const d of [...(e.query.dateFrom ?? []), ...(e.query.dateTo ?? [])]) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const s = stats(sb);
    expect(s.rate_limited_total).toBe(0);
  });

  it('a restart in the middle of an import resumes from the checkpoint', async () => {
    // a third server on a fresh database, stopped while the questions import (10 a page) is between pages
    const h2 = await startHarness(kind, { ...opts(), ozon: { ...opts().ozon, onExchange: undefined, onPerformanceExchange: undefined } });
    try {
      const tok = (await setupOwner(h2)).auth.tokens.accessToken;
      const res = await h2.request('POST', '/api/v1/stores', { token: tok, body: { name: 'R', clientId: sb.stores[1]!.clientId, apiKey: sb.stores[1]!.apiKey } });
      const id = res.body.id as string;
      await waitFor(async () => {
        const cp = await h2.built.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', id).where('entity', '=', 'questions').executeTakeFirst();
        return !!cp && cp.state === 'running' && cp.done >= 20 && cp.cursor !== null;
      }, 150_000, 5);
      // (the worker may commit one more page before it notices the stop: a lower bound is all the check below needs)
      const cp = await h2.built.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', id).where('entity', '=', 'questions').executeTakeFirstOrThrow();
      const doneAtCrash = cp.done;
      await h2.built.close();
      sb.control.resetStats();
      const again = await buildApp({ logLevel: 'silent', ...opts(), ...sameDatabase(h2) });
      try {
        await waitFor(async () => (await again.imports.status(id)).firstImportDone, 150_000, 50);
        const questions = await ozonQuestions(sb, 1);
        expect(await countRows(again.db, TABLES.question, id)).toBe(questions.length);
        const pages = Math.ceil(questions.length / 10);
        if (cp.state === 'running') {
          // only the pages after the checkpoint were read again (+ this test's own listing)
          expect(stats(sb).requests['/v1/question/list']).toBeLessThanOrEqual(pages - Math.floor(doneAtCrash / 10) + 1 + pages);
        }
        const feed = await again.db.selectFrom('change_feed').select(['row_key']).where('store_id', '=', id).where('entity', '=', 'question').execute();
        expect(feed.length).toBe(questions.length);
        const cps = await again.db.selectFrom('import_checkpoints').selectAll().where('store_id', '=', id).execute();
        expect(cps.find((c) => c.entity === 'questions')).toMatchObject({ state: 'done', error: null });
      } finally {
        await again.close();
      }
    } finally {
      await h2.close();
    }
  }, 300_000);
});
