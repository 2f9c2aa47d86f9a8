/**
 * Where product pictures may come from: Ozon's CDN (cdn1.ozone.ru,
 * ir.ozone.ru…), over https only. One list for the window's CSP (img-src,
 * src/main/security/csp.ts) and for the renderer, which shows a placeholder
 * for any other URL instead of asking the browser for it (a sandbox store's
 * pictures, a row from an unexpected source): the CSP would block it anyway,
 * with a console error per picture.
 */
export const OZON_IMAGE_DOMAINS = ['ozone.ru', 'ozon.ru'] as const;

/** The CSP sources for OZON_IMAGE_DOMAINS: any subdomain, https. */
export const OZON_IMAGE_SOURCES = OZON_IMAGE_DOMAINS.map((d) => `https://*.${d}`);

/** The parts of a parsed URL (WHATWG `URL`) the check reads; src/shared has no URL type of its own. */
export interface ParsedUrlParts {
  protocol: string;
  hostname: string;
  port: string;
  username: string;
  password: string;
}

/** True for an https URL, no credentials or port, on a subdomain of OZON_IMAGE_DOMAINS (what the CSP admits). */
export function isOzonImageOrigin(url: ParsedUrlParts): boolean {
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  return OZON_IMAGE_DOMAINS.some((d) => host.endsWith(`.${d}`));
}
