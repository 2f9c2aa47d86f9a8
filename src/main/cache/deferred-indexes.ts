/**
 * Deferred secondary indexes for a first sync.
 *
 * A first sync inserts every product and posting; keeping the list indexes
 * up to date row by row means random writes into ~15 B-trees that soon
 * outgrow the page cache. Instead the first bulk page drops them and the end
 * of the pull creates them again, each in one sorted pass.
 *
 * Invariants:
 * - Only indexes with their own CREATE INDEX text are deferred; PRIMARY KEY
 *   and UNIQUE constraints (the upserts' conflict targets) always stay.
 * - The definitions are taken from the schema itself and saved in meta
 *   (`deferredIndexes`) in the SAME transaction that drops them (the page's
 *   own). Each index is created again in ONE transaction with taking its
 *   definition off the mark: a crash at any point leaves every index either
 *   present or on the mark.
 * - A cache opened with the mark set (a crash mid first sync) gets its
 *   indexes back before any migration runs (db.ts), so later schema steps
 *   always see the full schema.
 * - Queries naming an index (`INDEXED BY`) check indexesDeferred() first.
 */
import type { CacheDb } from './db';

export const DEFERRED_INDEXES = 'deferredIndexes';

/**
 * Tables whose secondary indexes wait for the end of a first sync. Not
 * stocks: the product stock sums read stocks by product while pages apply.
 */
const TABLES = ['products', 'postings', 'posting_items'] as const;

interface IndexDef {
  name: string;
  sql: string;
}

const read = (db: CacheDb): IndexDef[] | null => {
  const v = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(DEFERRED_INDEXES) as string | undefined;
  return v ? (JSON.parse(v) as IndexDef[]) : null;
};

/** Whether a first sync has the list indexes dropped right now. */
export function indexesDeferred(db: CacheDb): boolean {
  return read(db) !== null;
}

/** Inside the caller's (page) transaction: drop the secondary indexes, saving their definitions. No-op when already deferred. */
export function deferIndexes(db: CacheDb): void {
  if (read(db)) return;
  const defs = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${TABLES.map(() => '?').join(', ')}) ORDER BY name`)
    .all(...TABLES) as IndexDef[];
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(DEFERRED_INDEXES, JSON.stringify(defs));
  for (const d of defs) db.exec(`DROP INDEX "${d.name.replace(/"/g, '""')}"`);
}

/**
 * Creates ONE deferred index again and takes its definition off the mark
 * (clearing the mark with the last one), in one transaction; true when it
 * did. One index at a time lets the caller answer other work between them
 * (a first sync's restore is ~15 sorted passes over 100k-row tables).
 */
export function restoreNextIndex(db: CacheDb): boolean {
  if (!indexesDeferred(db)) return false;
  db.transaction(() => {
    const defs = read(db);
    if (!defs) return;
    const [next, ...rest] = defs;
    if (next) db.exec(next.sql);
    if (rest.length) db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(JSON.stringify(rest), DEFERRED_INDEXES);
    else db.prepare('DELETE FROM meta WHERE key = ?').run(DEFERRED_INDEXES);
  }).immediate();
  return true;
}

/** Creates every deferred index again (one transaction each, see restoreNextIndex); true when any was missing. */
export function restoreIndexes(db: CacheDb): boolean {
  let any = false;
  while (restoreNextIndex(db)) any = true;
  return any;
}
