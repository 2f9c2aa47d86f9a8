/**
 * HTTP contract of Ozon store linking and import progress (issue 3).
 * Secrets go in (LinkStoreRequest) and never come back out: the Store DTO
 * carries the Client-Id only.
 */
import { z } from 'zod';
import { Store as DomainStore } from '../domain/store';
import { text } from './common';

/** Ozon Client-Id: digits. Api-Key: a UUID in practice; accept any printable token. */
export const OzonClientId = z.string().trim().regex(/^\d{1,20}$/);
export const OzonApiKey = z.string().trim().min(8).max(200).regex(/^[\x21-\x7e]+$/);

/**
 * Where a store's requests go: `ozon` is Ozon's real Seller/Performance API
 * (the server's configured URLs; a client can never supply a URL for it);
 * `sandbox` is an Ozon sandbox at its own base URL, which the server accepts
 * only under its own policy (loopback http by default, see
 * src/server/stores/endpoint.ts).
 */
export const STORE_ENDPOINT_KINDS = ['ozon', 'sandbox'] as const;
export const StoreEndpointKind = z.enum(STORE_ENDPOINT_KINDS);
export type StoreEndpointKind = z.infer<typeof StoreEndpointKind>;
export const SandboxUrl = z.string().trim().min(1).max(300);
export const StoreEndpoint = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('ozon') }), z.strictObject({ kind: z.literal('sandbox'), url: SandboxUrl })]);
export type StoreEndpoint = z.infer<typeof StoreEndpoint>;

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
  /** default { kind: 'ozon' } */
  endpoint: StoreEndpoint.optional(),
});
export type LinkStoreRequest = z.infer<typeof LinkStoreRequest>;

/** Moves a sandbox store to another sandbox URL (a restarted local sandbox); real stores cannot be repointed. */
export const RepointStoreRequest = z.strictObject({ url: SandboxUrl });
export type RepointStoreRequest = z.infer<typeof RepointStoreRequest>;

/** The domain Store plus where it talks to (optional: older servers do not say). */
export const Store = DomainStore.extend({ endpoint: StoreEndpointKind.optional() });
export type Store = z.infer<typeof Store>;
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
