/**
 * Per-store Ozon endpoint (issue 3). A store talks to Ozon (`ozon`: the
 * server's configured Seller/Performance URLs) or to an Ozon sandbox
 * (`sandbox`: its own base URL, which serves both APIs on one port).
 *
 * Invariants:
 * - Only the server decides which URLs a store may use. A real store never
 *   carries a URL from the client; a sandbox URL is accepted only under the
 *   server's policy (ozon.sandboxUrls): by default an http URL whose host is a
 *   loopback address, decided on the PARSED URL (never by substring), or
 *   exactly one of an allow-listed set of base URLs.
 * - The policy is checked again whenever a client is built, so tightening it
 *   (OZON_SANDBOX_URLS=off) also stops stores linked before.
 * - Sandbox stores pace on their own budget (the limiter key carries the URL):
 *   a sandbox Client-Id never shares or eats the real Client-Id's 50 req/s.
 */
import { isIPv4 } from 'node:net';
import type { StoreEndpoint, StoreEndpointKind } from '../../shared/http/stores';
import type { ResolvedOzonConfig, SandboxUrlPolicy } from '../config';
import type { StoresTable } from '../db/schema';
import { AppError } from '../http/problem';

export interface ResolvedEndpoint {
  kind: StoreEndpointKind;
  /** the sandbox's normalized base URL; null for Ozon */
  url: string | null;
}

export const OZON_ENDPOINT: ResolvedEndpoint = { kind: 'ozon', url: null };

/** 127.0.0.0/8, ::1 (also as an IPv4-mapped address) and `localhost`. Takes URL.hostname (IPv6 in brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost') return true;
  if (isIPv4(h)) return h.split('.')[0] === '127';
  if (h === '[::1]') return true;
  const mapped = /^\[::ffff:(.+)\]$/.exec(h);
  if (mapped) {
    const inner = mapped[1]!;
    if (isIPv4(inner)) return inner.split('.')[0] === '127';
    // WHATWG URL prints the mapped address as two hex groups: 7fxx:xxxx is 127.x.x.x
    return /^7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(inner);
  }
  return false;
}

function refuse(detail: string): AppError {
  return new AppError('VALIDATION_FAILED', { detail, fields: [{ path: 'endpoint.url', code: 'sandbox_url_not_allowed' }] });
}

/** The normalized base URL when `raw` is an acceptable sandbox URL under `policy`; throws VALIDATION_FAILED otherwise. */
export function checkSandboxUrl(raw: string, policy: SandboxUrlPolicy): string {
  if (policy === 'off') throw refuse('this server does not link sandbox stores');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refuse('the sandbox URL is not a URL');
  }
  if (url.username || url.password || url.search || url.hash) throw refuse('the sandbox URL must not carry credentials, a query or a fragment');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('the sandbox URL must be http');
  const base = url.href.replace(/\/+$/, '');
  if (policy === 'loopback') {
    if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname)) throw refuse('the sandbox URL must be http on a loopback address (127.0.0.1, ::1, localhost)');
    return base;
  }
  if (!policy.includes(base)) throw refuse('the sandbox URL is not in the server allow-list (OZON_SANDBOX_URLS)');
  return base;
}

/** What a link request asks for, checked: Ozon takes no URL, a sandbox only an allowed one. */
export function resolveLinkEndpoint(req: StoreEndpoint | undefined, policy: SandboxUrlPolicy): ResolvedEndpoint {
  if (!req || req.kind === 'ozon') return OZON_ENDPOINT;
  return { kind: 'sandbox', url: checkSandboxUrl(req.url, policy) };
}

export function endpointOf(row: Pick<StoresTable, 'endpoint_kind' | 'endpoint_url'>): ResolvedEndpoint {
  return row.endpoint_kind === 'sandbox' ? { kind: 'sandbox', url: row.endpoint_url ?? null } : OZON_ENDPOINT;
}

/** The Seller and Performance API base URLs of an endpoint, re-checked against the current policy. */
export function endpointUrls(ep: ResolvedEndpoint, config: ResolvedOzonConfig): { sellerUrl: string; performanceUrl: string } {
  if (ep.kind === 'ozon') return { sellerUrl: config.sellerUrl, performanceUrl: config.performanceUrl };
  const url = checkSandboxUrl(ep.url ?? '', config.sandboxUrls);
  return { sellerUrl: url, performanceUrl: url };
}

/** The limiter budget key: Ozon's is the Client-Id; a sandbox's is its own. */
export function limiterKey(ep: ResolvedEndpoint, clientId: string): string {
  return ep.kind === 'ozon' ? clientId : `sandbox ${ep.url ?? ''} ${clientId}`;
}
