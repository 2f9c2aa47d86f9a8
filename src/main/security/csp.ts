/**
 * The Content-Security-Policy for the renderer, shared by the Electron shell
 * (response header), the browser host (response header) and the production
 * index.html (meta tag, injected at build time for file:// loads).
 */
import { OZON_IMAGE_SOURCES } from '../../shared/security/image-hosts';
export interface CspOptions {
  /**
   * Development with the Vite dev server: React Refresh injects an inline
   * preamble and HMR talks over a websocket, so script-src/connect-src widen
   * to exactly that dev origin. Never set in builds.
   */
  devServerUrl?: string | null;
  /** meta tags ignore (and warn about) frame-ancestors; leave it out there */
  forMeta?: boolean;
}

/** Where Ozon serves product pictures from (every picture a seller uploads is re-hosted there): one list with the renderer's check. */
export const OZON_IMAGE_HOSTS = OZON_IMAGE_SOURCES;

export function buildCsp(opts: CspOptions = {}): string {
  const script = ["'self'"];
  const connect = ["'self'"];
  if (opts.devServerUrl) {
    const dev = new URL(opts.devServerUrl);
    script.push("'unsafe-inline'", dev.origin);
    const ws = dev.protocol === 'https:' ? 'wss:' : 'ws:';
    connect.push(dev.origin, `${ws}//${dev.host}`);
  }
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', script],
    // antd (cssinjs) writes <style> elements and style attributes
    ['style-src', ["'self'", "'unsafe-inline'"]],
    // product pictures come from Ozon's CDN (cdn1.ozone.ru, ir.ozone.ru…): only those hosts, only over https
    ['img-src', ["'self'", 'data:', ...OZON_IMAGE_HOSTS]],
    ['connect-src', connect],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  if (!opts.forMeta) directives.push(['frame-ancestors', ["'none'"]]);
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** Headers both hosts add to every renderer response. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
