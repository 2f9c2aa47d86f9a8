/**
 * Prepared statements kept across executions for the one better-sqlite3
 * connection Kysely's SqliteDialect drives. Kysely prepares every query again
 * on every execution (its SqliteConnection calls `prepare(sql)` each time);
 * compiling the SQL cost about a tenth of the server's CPU, and the same few
 * hundred SQL texts come back all the time.
 *
 * Invariants:
 * - A statement is handed out only when it is not `busy` (an `iterate()` in
 *   progress: Kysely's streamQuery; Kysely holds the connection while a
 *   stream is open, but nothing here relies on that). A busy statement is
 *   never handed out again until its iteration ends: the caller gets a
 *   freshly prepared one, which takes its place in the cache (the busy one
 *   stays with its iterator, so a stream never closed cannot pin its SQL to
 *   preparing every time).
 * - Statements are used only as Kysely uses them: `reader`, then all / run /
 *   iterate with positional parameters. Nothing calls bind(), raw(),
 *   pluck(), expand() or safeIntegers() on them (those stick to a statement
 *   and would leak into the next caller); the cache is reachable only
 *   through the dialect, so nothing else can.
 * - Bounded: at most `maxStatements` statements and `maxSqlChars` characters
 *   of SQL (a statement's memory grows with its SQL: a multi-row insert is
 *   large), least recently used dropped first; a statement whose SQL alone
 *   passes the budget is prepared every time and never cached.
 * - close() forgets every statement, then closes the connection.
 */
import type { Database as SqliteConnection, Statement } from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export interface StatementCacheLimits {
  maxStatements: number;
  maxSqlChars: number;
}

export const STATEMENT_CACHE_LIMITS: StatementCacheLimits = { maxStatements: 256, maxSqlChars: 1_000_000 };

type AnyStatement = Statement<unknown[], unknown>;

export class StatementCache implements SqliteDatabase {
  readonly #db: SqliteConnection;
  readonly #limits: StatementCacheLimits;
  /** Map order is recency: the last entry was used last */
  readonly #statements = new Map<string, AnyStatement>();
  #sqlChars = 0;

  constructor(db: SqliteConnection, limits: StatementCacheLimits = STATEMENT_CACHE_LIMITS) {
    this.#db = db;
    this.#limits = limits;
  }

  prepare(sql: string): SqliteStatement {
    const cached = this.#statements.get(sql);
    if (cached) {
      this.#forget(sql);
      if (!cached.busy) {
        this.#remember(sql, cached);
        return cached;
      }
    }
    const stmt = this.#db.prepare<unknown[], unknown>(sql);
    if (sql.length <= this.#limits.maxSqlChars) this.#remember(sql, stmt);
    return stmt;
  }

  close(): void {
    this.#statements.clear();
    this.#sqlChars = 0;
    this.#db.close();
  }

  /** cached statements and the characters of their SQL */
  get stats(): { statements: number; sqlChars: number } {
    return { statements: this.#statements.size, sqlChars: this.#sqlChars };
  }

  #remember(sql: string, stmt: AnyStatement): void {
    this.#statements.set(sql, stmt);
    this.#sqlChars += sql.length;
    while (this.#statements.size > this.#limits.maxStatements || this.#sqlChars > this.#limits.maxSqlChars) {
      const oldest = this.#statements.keys().next().value as string;
      this.#forget(oldest);
    }
  }

  #forget(sql: string): void {
    if (this.#statements.delete(sql)) this.#sqlChars -= sql.length;
  }
}
