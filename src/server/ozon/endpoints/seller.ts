/** /v1/roles (the key's roles and expiry) and /v1/seller/info (the cabinet). */
import { z } from 'zod';
import type { OzonClient } from '../client';
import { zArr, zStr, zStrOpt } from './zod-helpers';

export const RolesResponse = z.object({
  expires_at: zStrOpt,
  roles: zArr(z.object({ name: zStr, methods: zArr(z.string()) })),
});
export type RolesResponse = z.output<typeof RolesResponse>;

export const SellerInfoResponse = z.object({
  company: z
    .object({ name: zStr, legal_name: zStr, inn: zStr, currency: zStr, country: zStr })
    .nullish()
    .transform((v) => v ?? null),
});

export const getRoles = (c: OzonClient, signal?: AbortSignal) => c.call('/v1/roles', {}, RolesResponse, { signal });
export const getSellerInfo = (c: OzonClient, signal?: AbortSignal) => c.call('/v1/seller/info', {}, SellerInfoResponse, { signal });
