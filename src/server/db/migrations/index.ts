import type { Migration } from 'kysely';
import * as m0001 from './0001_workspaces_accounts';
import * as m0002 from './0002_sessions_devices';
import * as m0003 from './0003_challenges_codes';
import * as m0004 from './0004_events_staff_support';
import * as m0005 from './0005_stores_feed_jobs';
import * as m0006 from './0006_store_data';
import * as m0010 from './0010_sync';
import * as m0020 from './0020_export_jobs';
import * as m0030 from './0030_store_endpoint';
import * as m0031 from './0031_one_export_queue';
import * as m0032 from './0032_export_per_mutation_kind';

/**
 * Static list (no filesystem scan) so the bundled server carries its
 * migrations. Names sort lexicographically = execution order; never rename or
 * edit a shipped migration, add a new number instead.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_workspaces_accounts': m0001,
  '0002_sessions_devices': m0002,
  '0003_challenges_codes': m0003,
  '0004_events_staff_support': m0004,
  '0005_stores_feed_jobs': m0005,
  '0006_store_data': m0006,
  '0010_sync': m0010,
  '0020_export_jobs': m0020,
  '0030_store_endpoint': m0030,
  '0031_one_export_queue': m0031,
  '0032_export_per_mutation_kind': m0032,
};
