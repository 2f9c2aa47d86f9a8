/**
 * Seller API authentication: `Client-Id` + `Api-Key` headers on every call.
 * - either header missing        → 401 {code:16, "Client-Id and Api-Key headers are required"}
 * - unknown Client-Id / wrong key → 403 {code:7, "Invalid Api-Key, please contact support"}
 * - revoked or expired key        → 403 {code:7, "Api-key is deactivated, use another one or generate a new one"}
 * Expiry is checked on the limits clock (wall time + explicit advances), so a
 * test can advance past expires_at.
 */
import type { Statement } from 'better-sqlite3';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/open';
import { AUTH_MESSAGES, GRPC, OzonError } from './errors';
import type { StoreRow, World } from '../market/world';

/** every request authenticates: its statement is prepared once per database, not per request */
const byClientId = new WeakMap<Db, Statement>();
const storeStatement = (db: Db): Statement => {
  let s = byClientId.get(db);
  if (!s) byClientId.set(db, (s = db.prepare('SELECT * FROM stores WHERE client_id = ?')));
  return s;
};

const header = (req: FastifyRequest, name: string): string => {
  const v = req.headers[name.toLowerCase()];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};

export function authenticate(w: World, req: FastifyRequest, now: number): StoreRow {
  const clientId = header(req, 'Client-Id');
  const apiKey = header(req, 'Api-Key');
  if (!clientId || !apiKey) throw new OzonError(GRPC.UNAUTHENTICATED, AUTH_MESSAGES.missing);
  const store = storeStatement(w.db).get(clientId) as StoreRow | undefined;
  if (!store || store.api_key !== apiKey) throw new OzonError(GRPC.PERMISSION_DENIED, AUTH_MESSAGES.invalid);
  if (store.key_revoked || store.key_expires_at <= now) throw new OzonError(GRPC.PERMISSION_DENIED, AUTH_MESSAGES.deactivated);
  return store;
}
