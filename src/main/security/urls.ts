/**
 * URL guards for the Electron shell and the browser host. Every decision is
 * made on a parsed URL (WHATWG `URL`), never by substring or prefix matching
 * of the raw string: "https://app.example.com.evil.test" must not pass as
 * "https://app.example.com", nor "file:///app/index.html/../../etc/passwd" as
 * the app's own file.
 */

function parse(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** 127.0.0.0/8, ::1 and "localhost" (the names the OS resolves locally without DNS). */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost') return true;
  if (h === '[::1]' || h === '::1') return true;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (!m) return false;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o >= 0 && o <= 255) && octets[0] === 127;
}

export interface TrustedRendererOptions {
  /** electron-vite dev server (ELECTRON_RENDERER_URL), only in development */
  devServerUrl?: string | null;
  /** file:// URL of the packaged out/renderer/index.html */
  appFileUrl: string;
}

/**
 * True only for documents we ship: the exact index.html file (any hash/query)
 * or, in development, a page on the exact dev-server origin.
 */
export function isTrustedRendererUrl(raw: unknown, opts: TrustedRendererOptions): boolean {
  const url = parse(raw);
  if (!url) return false;
  const app = parse(opts.appFileUrl);
  if (app && app.protocol === 'file:' && url.protocol === 'file:') {
    // host must be empty (no UNC shares) and the normalised path identical
    return url.host === '' && app.host === '' && url.pathname === app.pathname;
  }
  const dev = devOrigin(opts);
  return dev !== null && url.origin === dev && url.username === '' && url.password === '';
}

/** The dev server's origin, only when it is http(s) on a loopback host; null otherwise (and always in builds). */
function devOrigin(opts: TrustedRendererOptions): string | null {
  const dev = opts.devServerUrl ? parse(opts.devServerUrl) : null;
  return dev && (dev.protocol === 'http:' || dev.protocol === 'https:') && isLoopbackHostname(dev.hostname) ? dev.origin : null;
}

/**
 * Responses the shell's security headers (CSP, CORP same-origin, …) are laid
 * on: the renderer's own files and, in development, the dev server's. Never a
 * third party's: a picture from Ozon's CDN keeps its own headers (a CORP
 * same-origin forced onto it would block the picture in our page).
 */
export function isOwnRendererResponse(raw: unknown, opts: TrustedRendererOptions): boolean {
  const url = parse(raw);
  if (!url) return false;
  if (url.protocol === 'file:') return url.host === '';
  const dev = devOrigin(opts);
  return dev !== null && url.origin === dev;
}

/** What `app:openExternal` and the window-open handler may hand to the OS: https only, no credentials. */
export function isAllowedExternalUrl(raw: unknown): boolean {
  const url = parse(raw);
  if (!url) return false;
  if (url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  if (url.hostname === '') return false;
  return true;
}

export type NavigationDecision = 'allow' | 'deny';

/**
 * `will-navigate` / `will-redirect`: the window may only move between its own
 * documents (e.g. a dev-server reload). Everything else is denied; the caller
 * may open allowed external URLs in the OS browser instead.
 */
export function decideNavigation(raw: unknown, opts: TrustedRendererOptions): NavigationDecision {
  return isTrustedRendererUrl(raw, opts) ? 'allow' : 'deny';
}

export type WindowOpenDecision = { action: 'deny'; openExternally: boolean };

/** `setWindowOpenHandler`: never a new Electron window; https links go to the OS browser. */
export function decideWindowOpen(raw: unknown): WindowOpenDecision {
  return { action: 'deny', openExternally: isAllowedExternalUrl(raw) };
}

export type RemoteServerUrlResult = { ok: true; baseUrl: string; origin: string } | { ok: false };

/**
 * A team server URL the person typed: http(s) only, http only for loopback,
 * no credentials, no query or fragment. Returns a normalised base URL without
 * a trailing slash (a path prefix such as https://host/sellerdesk is kept).
 */
export function parseRemoteServerUrl(raw: unknown): RemoteServerUrlResult {
  if (typeof raw !== 'string') return { ok: false };
  const trimmed = raw.trim();
  if (trimmed.length === 0 || trimmed.length > 2048) return { ok: false };
  const url = parse(trimmed);
  if (!url) return { ok: false };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false };
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) return { ok: false };
  if (url.username !== '' || url.password !== '') return { ok: false };
  if (url.hostname === '') return { ok: false };
  if (url.search !== '' || url.hash !== '') return { ok: false };
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, baseUrl: url.origin + path, origin: url.origin };
}
