/**
 * Opens the database for a resolved config: PostgreSQL through a pg Pool, or
 * SQLite through better-sqlite3 (WAL, foreign keys on; prepared statements
 * reused, see statement-cache.ts). Both give a Kysely<DB>.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { ServerConfig } from '../config';
import type { DB } from './schema';
import { StatementCache } from './statement-cache';

export type DbKind = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: DbKind;
  close(): Promise<void>;
}

export async function openDatabase(cfg: ServerConfig['db']): Promise<Database> {
  if (cfg.kind === 'postgres') {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: cfg.url, max: 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { default: SQLite } = await import('better-sqlite3');
  if (cfg.path !== ':memory:') fs.mkdirSync(path.dirname(cfg.path), { recursive: true });
  const sqlite = new SQLite(cfg.path, cfg.nativeBinding ? { nativeBinding: cfg.nativeBinding } : {});
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: new StatementCache(sqlite) }) });
  return { db, kind: 'sqlite', close: () => db.destroy() };
}

export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}
