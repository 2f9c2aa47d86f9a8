/**
 * Crash safety of push: the workspace server runs as a child process
 * (`node --import tsx src/server/cli.ts`), is SIGKILLed while applying a 500-mutation
 * batch, restarted, and the same batch is pushed again: every mutation is
 * applied exactly once (one feed entry, one export item, one idempotency
 * record each), on SQLite and PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/server/db/connect';
import type { Mutation } from '../../src/shared/sync/protocol';
import { DB_KINDS, setupOwner, sleep, startHarness, type Harness } from './support/harness';
import { MASTER_KEY, pid, productMutation, seedStore, syncServerOptions, workspaceIdOf } from './sync-support';

const ROOT = path.resolve(__dirname, '../..');
const BATCH = 500;

interface Child {
  proc: ChildProcess;
  url: string;
}

async function startServer(env: Record<string, string>): Promise<Child> {
  // `node --import tsx` (not the tsx wrapper, which runs the server in a grandchild): SIGKILL hits the server itself
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', KEY_VAULT: 'encrypted', SELLERDESK_MASTER_KEY: MASTER_KEY, OZON_SELLER_URL: 'http://127.0.0.1:9', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out} ${err}`)), 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${out} ${err}`)));
  });
  return { proc, url };
}

const exited = (p: ChildProcess) => new Promise<void>((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve() : p.once('exit', () => resolve())));

describe.each(DB_KINDS)('push survives SIGKILL mid-batch (%s)', (kind) => {
  let h: Harness | null = null;
  let reader: Database | null = null;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await reader?.close();
    await h?.close();
  });

  it('applies every mutation exactly once after kill, restart and re-push', async () => {
    h = await startHarness(kind, syncServerOptions());
    const token = (await setupOwner(h)).auth.tokens.accessToken;
    const ws = await workspaceIdOf(h.built.db);
    const store = await seedStore(h.built.db, ws, BATCH);
    const cfg = h.built.ctx.config.db;
    await h.built.close(); // the child owns the database from here
    const env: Record<string, string> = cfg.kind === 'postgres' ? { DATABASE_URL: cfg.url } : { SELLERDESK_DB: cfg.path };
    reader = await openDatabase(cfg);
    const db = reader.db;
    const baseline = Number((await db.selectFrom('workspace_seq').select('last_seq').where('workspace_id', '=', ws).executeTakeFirstOrThrow()).last_seq);

    const batch: Mutation[] = Array.from({ length: BATCH }, (_, i) => productMutation(store, pid(i), { price: `${500 + i}` }, { price: '1000.00' }, 0, { changeSetId: 'crash-set' }));
    const pushBatch = (url: string) =>
      fetch(`${url}/api/v1/sync/mutations`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ mutations: batch }) });
    const applied = async () => Number((await db.selectFrom('sync_mutations').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', ws).where('status', '=', 'applied').executeTakeFirstOrThrow()).n);

    // 1. kill while the batch is being applied
    const first = await startServer(env);
    children.push(first.proc);
    const inflight = pushBatch(first.url).then(
      (r) => r.status,
      () => 'cut' as const,
    );
    let seen = 0;
    const deadline = Date.now() + 20_000;
    while ((seen = await applied()) < 10 && Date.now() < deadline) await sleep(1);
    first.proc.kill('SIGKILL');
    await exited(first.proc);
    expect(await inflight).toBe('cut');
    const atKill = await applied();
    expect(atKill).toBeGreaterThanOrEqual(seen);
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(BATCH);
    // whatever committed is complete: one feed entry and one export item per applied mutation, no half-claimed record
    const feedAfterKill = Number((await db.selectFrom('change_feed').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', ws).where('seq', '>', baseline).executeTakeFirstOrThrow()).n);
    expect(feedAfterKill).toBe(atKill);
    const itemsAfterKill = Number((await db.selectFrom('job_items').select((eb) => eb.fn.countAll().as('n')).where('change_set_id', '=', 'crash-set').executeTakeFirstOrThrow()).n);
    expect(itemsAfterKill).toBe(atKill);
    expect(await db.selectFrom('sync_mutations').select('mutation_id').where('status', '=', 'pending').execute()).toEqual([]);

    // 2. restart and push the same batch again
    const second = await startServer(env);
    children.push(second.proc);
    const res = await pushBatch(second.url);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { id: string; status: string; version: number }[] };
    expect(body.results.map((r) => r.id)).toEqual(batch.map((m) => m.id));
    expect(body.results.every((r) => r.status === 'applied')).toBe(true);
    second.proc.kill('SIGTERM');
    await exited(second.proc);

    // 3. exactly once
    expect(await applied()).toBe(BATCH);
    const feed = await db.selectFrom('change_feed').select(['row_key', 'seq']).where('workspace_id', '=', ws).where('seq', '>', baseline).where('entity', '=', 'product').execute();
    expect(feed).toHaveLength(BATCH);
    expect(new Set(feed.map((f) => f.row_key)).size).toBe(BATCH);
    const items = await db.selectFrom('job_items').select(['row_key', 'source_mutation_id', 'kind']).where('change_set_id', '=', 'crash-set').execute();
    expect(items).toHaveLength(BATCH);
    expect(new Set(items.map((i) => i.source_mutation_id))).toEqual(new Set(batch.map((m) => m.id)));
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['price']));
    const products = await db.selectFrom('products').select(['product_id', 'data', 'version']).where('store_id', '=', store).execute();
    const byId = new Map(products.map((p) => [p.product_id, p]));
    batch.forEach((m, i) => {
      const p = byId.get(pid(i))!;
      expect(JSON.parse(p.data).price).toBe(`${500 + i}.00`);
      expect(Number(p.version)).toBe(body.results[i]!.version);
    });
  }, 120_000);
});
