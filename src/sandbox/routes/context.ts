/**
 * What a Seller API handler receives, and how routes are declared.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Decoded } from '../protocol/decode';
import type { StoreRow, World } from '../market/world';

export interface Ctx {
  w: World;
  store: StoreRow;
  body: Decoded;
  req: FastifyRequest;
  reply: FastifyReply;
  /** Limits-clock now (ms): per-item limits use it. */
  limitsNow: number;
}

/** A handler returns the JSON body (200), or a RawReply for non-JSON bodies (PDF labels). */
export interface RawReply {
  raw: Buffer;
  contentType: string;
  headers?: Record<string, string>;
}

export interface RouteDef {
  path: string;
  method?: 'POST' | 'GET';
  handler: (ctx: Ctx) => unknown;
  /** Ozon switched the method off: answered with an error, nothing else runs. */
  disabled?: string;
  /** The spec gives some methods (questions) an error body whose `details` is a string. */
  errorDetails?: 'string';
}

export const isRaw = (v: unknown): v is RawReply => typeof v === 'object' && v !== null && Buffer.isBuffer((v as RawReply).raw);
