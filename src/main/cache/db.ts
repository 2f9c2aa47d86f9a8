import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../core/errors';
import { restoreIndexes } from './deferred-indexes';
import { CACHE_MIGRATIONS, CACHE_SCHEMA_VERSION } from './migrations';

export type CacheDb = Database.Database;

/** Page size of a newly created cache file (SQLite's default is 4096). */
export const CACHE_PAGE_SIZE = 8192;

export interface OpenCacheDbOptions {
  /** Electron-ABI better-sqlite3 build (the same one the embedded server gets) */
  nativeBinding?: string;
}

/** The cache file of one signed-in workspace on one server. */
export function cacheFilePath(userDataDir: string, serverKey: string, workspaceId: string, hash: (s: string) => string): string {
  const safeWs = workspaceId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return path.join(userDataDir, 'cache', `${hash(serverKey).slice(0, 16)}-${safeWs}.db`);
}

/**
 * Opens (creating when missing) a cache database and brings it to the
 * current schema. A file written by a newer Sellerdesk is left untouched and
 * refused with CACHE_FROM_NEWER_VERSION.
 */
export function openCacheDb(file: string, opts: OpenCacheDbOptions = {}): CacheDb {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let db: CacheDb;
  try {
    db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  } catch {
    throw new AppError('CACHE_UNAVAILABLE');
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > CACHE_SCHEMA_VERSION) throw new AppError('CACHE_FROM_NEWER_VERSION');
    // a new cache only (an existing file keeps its size; changing it would mean a VACUUM): rows of about
    // 1-2 KB of JSON fill 8 KiB pages better, and a first sync writes and indexes fewer pages
    if (version === 0) db.pragma(`page_size = ${CACHE_PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32000');
    db.pragma('temp_store = MEMORY');
    // a first sync cut off with its list indexes dropped: the full schema comes back before any step sees it
    if (version >= 1) restoreIndexes(db);
    migrate(db, version);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof AppError) throw e;
    throw new AppError('CACHE_UNAVAILABLE');
  }
}

/** Runs every step above `from`, each in its own transaction together with its user_version. */
export function migrate(db: CacheDb, from: number, to = CACHE_SCHEMA_VERSION): void {
  for (const step of CACHE_MIGRATIONS) {
    if (step.version <= from || step.version > to) continue;
    db.transaction(() => {
      db.exec(step.up);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
}
