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

/** True for an https URL on a subdomain of OZON_IMAGE_DOMAINS (parsed, never matched as text). */
export function isOzonImageUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  const host = url.hostname.toLowerCase();
  return OZON_IMAGE_DOMAINS.some((d) => host.endsWith(`.${d}`));
}
