import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pid, seedStore } from '../server/sync-support';
import { ChaosProxy } from './sync-chaos-proxy';
import { Cores, firstDevice, settle, startTeam, waitFor, workspaceId, type Team } from './sync-harness';

const cores = new Cores();
let team: Team;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  await cores.init();
  team = await startTeam(cores.dir('crash-team'));
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await cores.cleanup();
  await team?.close();
});

interface Child {
  proc: ChildProcess;
  lines: string[];
  last(): Record<string, unknown> | null;
  exited: Promise<number | null>;
}

function runChild(userDataDir: string, proxyUrl: string | null, edits: unknown[] = []): Child {
  const script = path.join(__dirname, 'fixtures', 'sync-child.ts');
  const proc = spawn(process.execPath, ['--import', 'tsx', script, userDataDir, proxyUrl ?? '-'], {
    env: { ...process.env, SYNC_EDITS: JSON.stringify(edits), SYNC_KEYCHAIN_SERVICE: cores.keychainService },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  const lines: string[] = [];
  let buf = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  proc.stderr!.on('data', () => undefined);
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => (children.delete(proc), r(code))));
  return {
    proc,
    lines,
    exited,
    last() {
      const l = [...lines].reverse().find((x) => x.startsWith('STATUS '));
      return l ? (JSON.parse(l.slice(7)) as Record<string, unknown>) : null;
    },
  };
}

function cacheFile(userDataDir: string): string {
  const dir = path.join(userDataDir, 'cache');
  return path.join(dir, readdirSync(dir).find((f) => f.endsWith('.db'))!);
}

function readCache<T>(userDataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(cacheFile(userDataDir));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Starts a child and SIGKILLs it once a pull is part way (a page applied, more to come); its last status then. */
async function killMidPull(userDataDir: string, proxyUrl: string, what: string): Promise<Record<string, unknown>> {
  const child = runChild(userDataDir, proxyUrl);
  const at = await waitFor(() => {
    const s = child.last() as { pull?: { done: number; total: number } | null } | null;
    return s?.pull && s.pull.done > 0 && s.pull.done < s.pull.total ? s : null;
  }, 60_000, what);
  child.proc.kill('SIGKILL');
  await child.exited;
  return at as Record<string, unknown>;
}

/** Starts a child, waits until it has caught up with `head` and no pull runs, and SIGKILLs it. */
async function runUntilCaughtUp(userDataDir: string, proxyUrl: string, head: number, what: string): Promise<void> {
  const child = runChild(userDataDir, proxyUrl);
  await waitFor(() => {
    const s = child.last();
    return s && Number(s.cursor) >= head && s.pull === null;
  }, 120_000, what);
  child.proc.kill('SIGKILL');
  await child.exited;
}

describe('SIGKILL of the client', () => {
  it('mid-push, mid-pull and mid-first-sync: after a restart nothing is lost and nothing is doubled', { timeout: 240_000 }, async () => {
    const dir = cores.dir('crash-client');
    const p = await cores.start(dir);
    await firstDevice(p, team);
    cores.rememberKeychainAccount(team.url);
    const ws = await workspaceId(team);
    const storeId = await seedStore(team.built.db, ws, 20);
    await settle(p);
    await cores.stop(p);

    // ---- mid-push: the server applied the batch, the answer never came back, the client dies
    const u = new URL(team.url);
    const proxy = new ChaosProxy({ host: u.hostname, port: Number(u.port) });
    const proxyUrl = await proxy.listen();
    // every connection is cut right after its request went through: the server acts, the client never hears
    proxy.chaos = { drop: 0, cutAfterRequest: 1, delay: 0, duplicate: 0, maxDelayMs: 0 };
    const edits = Array.from({ length: 10 }, (_, i) => ({ storeId, productId: pid(i), name: `После сбоя ${i}` }));
    const seqBefore = Number((await team.built.db.selectFrom('change_feed').select((eb) => eb.fn.max('seq').as('m')).where('workspace_id', '=', ws).executeTakeFirstOrThrow()).m);
    let child = runChild(dir, proxyUrl, edits);
    await waitFor(() => child.lines.includes('EDITED'), 60_000, 'child edits');
    await waitFor(async () => (await team.built.db.selectFrom('sync_mutations').select('mutation_id').where('workspace_id', '=', ws).execute()).length >= 10, 30_000, 'server applied the batch');
    child.proc.kill('SIGKILL');
    await child.exited;
    const outbox = readCache(dir, (db) => db.prepare('SELECT id, attempts FROM outbox ORDER BY ord').all() as { id: string; attempts: number }[]);
    expect(outbox).toHaveLength(10);
    expect(outbox.every((e) => e.attempts >= 1)).toBe(true);
    const applied = await team.built.db.selectFrom('sync_mutations').select('mutation_id').where('workspace_id', '=', ws).execute();
    expect(applied.map((m) => m.mutation_id).sort()).toEqual(outbox.map((e) => e.id).sort());

    // restart with a healthy network: the same idempotency keys are sent again, the server answers the first results
    proxy.chaos = { drop: 0, cutAfterRequest: 0, delay: 0, duplicate: 0, maxDelayMs: 0 };
    child = runChild(dir, proxyUrl);
    await waitFor(() => {
      const s = child.last();
      return s && s.online && s.pending === 0 && Number(s.cursor) > seqBefore;
    }, 60_000, 'restarted child drained the outbox');
    child.proc.kill('SIGKILL');
    await child.exited;
    expect(await team.built.db.selectFrom('sync_mutations').select('mutation_id').where('workspace_id', '=', ws).execute()).toHaveLength(10);
    const feed = await team.built.db.selectFrom('change_feed').select(['entity', 'row_key']).where('workspace_id', '=', ws).where('seq', '>', seqBefore).execute();
    for (const e of edits) expect(feed.filter((f) => f.entity === 'product' && f.row_key === e.productId)).toHaveLength(1);
    readCache(dir, (db) => {
      expect(db.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(0);
      for (const e of edits) expect(db.prepare('SELECT name FROM products WHERE key = ?').pluck().get(e.productId)).toBe(e.name);
    });

    // ---- mid-pull: a large store arrives, the client dies between pages
    const big = await seedStore(team.built.db, ws, 3000, 'Big');
    const head = Number((await team.built.db.selectFrom('change_feed').select((eb) => eb.fn.max('seq').as('m')).where('workspace_id', '=', ws).executeTakeFirstOrThrow()).m);
    const killedAt = await killMidPull(dir, proxyUrl, 'pull in progress');
    const mid = readCache(dir, (db) => ({
      cursor: Number(db.prepare("SELECT value FROM meta WHERE key = 'cursor'").pluck().get()),
      products: db.prepare('SELECT COUNT(*) FROM products WHERE store_id = ?').pluck().get(big) as number,
      integrity: db.pragma('integrity_check', { simple: true }),
    }));
    expect(mid.integrity).toBe('ok');
    expect(mid.cursor).toBeLessThan(head);
    expect(mid.products).toBeLessThan(3000);
    expect(Number(killedAt.cursor)).toBeGreaterThan(0);

    await runUntilCaughtUp(dir, proxyUrl, head, 'pull resumed and caught up');
    readCache(dir, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT COUNT(*) FROM products WHERE store_id = ?').pluck().get(big)).toBe(3000);
      expect(db.prepare('SELECT COUNT(*) FROM stocks WHERE store_id = ?').pluck().get(big)).toBe(3000);
      expect(db.prepare("SELECT COUNT(*) FROM products_fts WHERE products_fts MATCH '\"товар\"*'").pluck().get()).toBe(3010); // 10 of the first store were renamed
    });

    // ---- mid-first-sync: an empty cache (as a new device has) takes the whole workspace in bulk (list indexes dropped,
    // search index stale: deferred-indexes.ts, apply.ts); the client dies between or inside page commits
    const file = cacheFile(dir);
    for (const ext of ['', '-wal', '-shm']) rmSync(file + ext, { force: true });
    await killMidPull(dir, proxyUrl, 'first sync in progress');
    const cut = readCache(dir, (db) => ({
      deferred: db.prepare("SELECT COUNT(*) FROM meta WHERE key IN ('deferredIndexes', 'searchStale') AND value <> '0'").pluck().get() as number,
      integrity: db.pragma('integrity_check', { simple: true }),
      cursor: Number(db.prepare("SELECT value FROM meta WHERE key = 'cursor'").pluck().get()),
      products: db.prepare('SELECT COUNT(*) FROM products').pluck().get() as number,
    }));
    // cut in bulk: the indexes were away and the search index stale when the process died
    expect(cut.deferred).toBeGreaterThan(0);
    expect(cut.integrity).toBe('ok');
    expect(cut.cursor).toBeGreaterThan(0);
    expect(cut.cursor).toBeLessThan(head);
    expect(cut.products).toBeLessThan(3020);

    await runUntilCaughtUp(dir, proxyUrl, head, 'first sync resumed and caught up');
    readCache(dir, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare("SELECT COUNT(*) FROM meta WHERE key IN ('deferredIndexes', 'searchStale') AND value <> '0'").pluck().get()).toBe(0);
      expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('products_name', 'postings_filter')").pluck().get()).toBe(2);
      expect(db.prepare('SELECT COUNT(*) FROM products').pluck().get()).toBe(3020);
      expect(db.prepare('SELECT COUNT(*) FROM stocks WHERE store_id = ?').pluck().get(big)).toBe(3000);
      expect(db.prepare("SELECT COUNT(*) FROM products_fts WHERE products_fts MATCH '\"товар\"*'").pluck().get()).toBe(3010);
      expect(db.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(0);
      for (const e of edits) expect(db.prepare('SELECT name FROM products WHERE key = ?').pluck().get(e.productId)).toBe(e.name);
    });
    await proxy.close();
  });
});
