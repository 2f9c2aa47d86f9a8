/**
 * Everything a request handler or the admin CLI needs, built once per server.
 * Modules take the context (or the parts they need) explicitly: no globals,
 * so tests and several servers in one process stay independent.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { SecurityLimits, ServerConfig } from './config';
import type { DbKind } from './db/connect';
import type { DB } from './db/schema';
import type { RateLimiter } from './auth/rate-limit';
import type { Notifier } from './messaging/notifier';
import type { BackgroundTasks } from './tasks';

export interface AppContext {
  db: Kysely<DB>;
  dbKind: DbKind;
  config: ServerConfig;
  limits: SecurityLimits;
  log: FastifyBaseLogger;
  rateLimiter: RateLimiter;
  notifier: Notifier;
  tasks: BackgroundTasks;
  /** base URL for links in emails; known only once the server listens when not configured */
  publicUrl(): string;
}
