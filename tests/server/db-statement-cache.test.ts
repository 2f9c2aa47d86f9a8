/**
 * The SQLite statement cache (src/server/db/statement-cache.ts): the same
 * results as preparing every time, a statement reused for the same SQL, a
 * statement still iterating never handed out again, the bounds, close(), and
 * Kysely on top of it (a stream and queries of the same SQL inside one
 * transaction; the server's own database through openDatabase).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/server/db/connect';
import { StatementCache } from '../../src/server/db/statement-cache';

const open: Database.Database[] = [];
function memoryDb(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  const ins = db.prepare('INSERT INTO t (id, name) VALUES (?, ?)');
  for (let i = 1; i <= 20; i++) ins.run(i, `имя ${i}`);
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

describe('StatementCache', () => {
  it('reuses one prepared statement per SQL text, with the same results as preparing each time', () => {
    const db = memoryDb();
    const cache = new StatementCache(db);
    const q = 'SELECT id, name FROM t WHERE id > ? ORDER BY id';
    const a = cache.prepare(q);
    const b = cache.prepare(q);
    expect(b).toBe(a);
    expect(cache.prepare('SELECT id, name FROM t WHERE id > ? ORDER BY id ')).not.toBe(a);
    for (const after of [0, 5, 19, 20]) expect(cache.prepare(q).all([after])).toEqual(db.prepare(q).all(after));
    // writers too: run() reports changes as a fresh statement would
    const upd = 'UPDATE t SET name = ? WHERE id = ?';
    expect(cache.prepare(upd).reader).toBe(false);
    expect(cache.prepare(upd).run(['x', 3]).changes).toBe(1);
    expect(cache.prepare(upd).run(['y', 99]).changes).toBe(0);
    expect(cache.prepare(upd)).toBe(cache.prepare(upd));
    expect(db.prepare('SELECT name FROM t WHERE id = 3').pluck().get()).toBe('x');
  });

  it('never hands out a statement that is still iterating: the caller gets its own, which then stays cached', () => {
    const db = memoryDb();
    const cache = new StatementCache(db);
    const q = 'SELECT id FROM t WHERE id > ? ORDER BY id';
    const first = cache.prepare(q);
    const outer = first.iterate([0]) as IterableIterator<{ id: number }>;
    expect(outer.next().value).toEqual({ id: 1 });
    expect((first as Database.Statement).busy).toBe(true);

    const second = cache.prepare(q);
    expect(second).not.toBe(first);
    // both run at once, each with its own cursor
    expect(second.all([15])).toEqual([16, 17, 18, 19, 20].map((id) => ({ id })));
    const inner = second.iterate([18]) as IterableIterator<{ id: number }>;
    const third = cache.prepare(q);
    expect(third).not.toBe(first);
    expect(third).not.toBe(second);
    expect([...inner].map((r) => r.id)).toEqual([19, 20]);
    expect([...outer].map((r) => r.id)).toEqual(Array.from({ length: 19 }, (_, i) => i + 2));
    // the one prepared last is the cached one, reused now that nothing iterates
    expect(cache.prepare(q)).toBe(third);
    expect(cache.stats.statements).toBe(1);
  });

  it('keeps at most maxStatements, least recently used dropped first', () => {
    const cache = new StatementCache(memoryDb(), { maxStatements: 3, maxSqlChars: 1_000_000 });
    const q = (i: number) => `SELECT ${i} AS n`;
    const s1 = cache.prepare(q(1));
    const s2 = cache.prepare(q(2));
    cache.prepare(q(3));
    expect(cache.prepare(q(1))).toBe(s1); // 1 is now the most recent
    cache.prepare(q(4)); // drops 2, the least recent
    expect(cache.stats.statements).toBe(3);
    expect(cache.prepare(q(1))).toBe(s1);
    expect(cache.prepare(q(2))).not.toBe(s2);
    expect(cache.prepare(q(2)).all([])).toEqual([{ n: 2 }]);
  });

  it('keeps at most maxSqlChars of SQL and never caches a statement longer than that', () => {
    const cache = new StatementCache(memoryDb(), { maxStatements: 100, maxSqlChars: 60 });
    const a = 'SELECT 1 AS a, 2 AS b'; // 21
    const b = 'SELECT 3 AS a, 4 AS b'; // 21
    const c = 'SELECT 5 AS a, 6 AS b'; // 21: 63 > 60, so a goes
    const sa = cache.prepare(a);
    const sb = cache.prepare(b);
    cache.prepare(c);
    expect(cache.stats).toEqual({ statements: 2, sqlChars: b.length + c.length });
    expect(cache.prepare(b)).toBe(sb);
    expect(cache.prepare(a)).not.toBe(sa);
    const long = `SELECT ${Array.from({ length: 20 }, (_, i) => `${i} AS c${i}`).join(', ')}`;
    expect(long.length).toBeGreaterThan(60);
    const l1 = cache.prepare(long);
    expect(cache.prepare(long)).not.toBe(l1);
    expect(cache.prepare(long).all([])).toEqual([Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`c${i}`, i]))]);
    expect(cache.stats.sqlChars).toBeLessThanOrEqual(60);
  });

  it('close() forgets the statements and closes the connection', () => {
    const db = memoryDb();
    const cache = new StatementCache(db);
    cache.prepare('SELECT 1');
    cache.close();
    expect(db.open).toBe(false);
    expect(cache.stats).toEqual({ statements: 0, sqlChars: 0 });
    expect(() => cache.prepare('SELECT 1')).toThrow();
  });

  it('under Kysely: a stream left early frees its statement for the next run of the same query', async () => {
    const cache = new StatementCache(memoryDb());
    const db = new Kysely<{ t: { id: number; name: string } }>({ dialect: new SqliteDialect({ database: cache }) });
    try {
      const q = db.selectFrom('t').select('id').where('id', '>', 10).orderBy('id');
      const ids = Array.from({ length: 10 }, (_, i) => i + 11);
      const streamed: number[] = [];
      for await (const row of q.stream()) {
        streamed.push(row.id);
        if (streamed.length === 3) break;
      }
      expect(streamed).toEqual([11, 12, 13]);
      const statement = cache.prepare(q.compile().sql);
      expect((statement as Database.Statement).busy).toBe(false);
      expect((await q.execute()).map((r) => r.id)).toEqual(ids);
      const all: number[] = [];
      for await (const row of q.stream()) all.push(row.id);
      expect(all).toEqual(ids);
      expect(cache.prepare(q.compile().sql)).toBe(statement);
      // writes in a transaction through cached statements
      await db.transaction().execute(async (trx) => {
        for (const id of ids) await trx.updateTable('t').set({ name: sql`name || '+'` }).where('id', '=', id).execute();
      });
      const names = await db.selectFrom('t').select('name').where('id', '>', 10).orderBy('id').execute();
      expect(names.map((r) => r.name)).toEqual(ids.map((id) => `имя ${id}+`));
    } finally {
      await db.destroy();
    }
  });

  it("is the server's SQLite connection (openDatabase): a query run again is not prepared again", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sellerdesk-stmt-cache-'));
    const database = await openDatabase({ kind: 'sqlite', path: path.join(dir, 'db', 'server.db') });
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    try {
      expect(database.kind).toBe('sqlite');
      for (const n of [41, 1, -1]) expect((await sql<{ v: number }>`select ${n} + 1 as v`.execute(database.db)).rows).toEqual([{ v: n + 1 }]);
      expect(prepare.mock.calls.filter(([q]) => q === 'select ? + 1 as v')).toHaveLength(1);
    } finally {
      prepare.mockRestore();
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
