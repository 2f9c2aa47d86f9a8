/**
 * HTTP contract of Ozon store linking and import progress (issue 3).
 * Secrets go in (LinkStoreRequest) and never come back out: the Store DTO
 * carries the Client-Id only.
 */
import { z } from 'zod';
import { Store } from '../domain/store';
import { text } from './common';

/** Ozon Client-Id: digits. Api-Key: a UUID in practice; accept any printable token. */
export const OzonClientId = z.string().trim().regex(/^\d{1,20}$/);
export const OzonApiKey = z.string().trim().min(8).max(200).regex(/^[\x21-\x7e]+$/);

export const LinkStoreRequest = z.strictObject({
  name: text(120).min(1),
  clientId: OzonClientId,
  apiKey: OzonApiKey,
  performance: z
    .strictObject({
      clientId: z.string().trim().min(1).max(200),
      clientSecret: z.string().trim().min(1).max(300),
    })
    .optional(),
});
export type LinkStoreRequest = z.infer<typeof LinkStoreRequest>;

export { Store };
export const StoreList = z.object({ stores: z.array(Store) });
export type StoreList = z.infer<typeof StoreList>;

export const ImportEntityStatus = z.object({
  entity: z.string(),
  /** 'full' until the first complete pass, then 'incremental' */
  mode: z.enum(['full', 'incremental']),
  state: z.enum(['pending', 'running', 'done', 'failed']),
  done: z.number().int(),
  total: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  /** error code of the last failure (OZON_UNREACHABLE …) */
  error: z.string().nullable(),
});
export type ImportEntityStatus = z.infer<typeof ImportEntityStatus>;

export const ImportStatus = z.object({
  storeId: z.string(),
  /** every entity finished its first full import */
  firstImportDone: z.boolean(),
  entities: z.array(ImportEntityStatus),
});
export type ImportStatus = z.infer<typeof ImportStatus>;
