import * as m0001 from './0001_store_data';
import * as m0002 from './0002_blobs';
import * as m0003 from './0003_action_outbox';
import * as m0004 from './0004_search_columns';
import * as m0005 from './0005_unused_item_indexes';
import * as m0006 from './0006_chat_read_marks';

/**
 * Cache migrations, Signal-style: step N brings `PRAGMA user_version` from
 * N-1 to N. Static list (the bundle carries it); never edit a shipped step.
 */
export const CACHE_MIGRATIONS: readonly { version: number; name: string; up: string }[] = [
  { version: 1, name: '0001_store_data', up: m0001.up },
  { version: 2, name: '0002_blobs', up: m0002.up },
  { version: 3, name: '0003_action_outbox', up: m0003.up },
  { version: 4, name: '0004_search_columns', up: m0004.up },
  { version: 5, name: '0005_unused_item_indexes', up: m0005.up },
  { version: 6, name: '0006_chat_read_marks', up: m0006.up },
];

export const CACHE_SCHEMA_VERSION = CACHE_MIGRATIONS.length;
