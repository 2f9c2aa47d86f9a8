import { describe, expect, it } from 'vitest';
import { buildCsp, securityHeaders } from '../../src/main/security/csp';
import { isOzonImageUrl } from '../../src/renderer/src/lib/images';
import { OZON_IMAGE_SOURCES } from '../../src/shared/security/image-hosts';
import {
  decideNavigation,
  decideWindowOpen,
  isAllowedExternalUrl,
  isLoopbackHostname,
  isOwnRendererResponse,
  isTrustedRendererUrl,
  parseRemoteServerUrl,
} from '../../src/main/security/urls';

const appFileUrl = 'file:///opt/Sellerdesk/resources/app.asar/out/renderer/index.html';
const prod = { appFileUrl };
const dev = { appFileUrl, devServerUrl: 'http://localhost:5173' };

describe('isTrustedRendererUrl', () => {
  it('accepts the exact app file, with hash or query', () => {
    expect(isTrustedRendererUrl(appFileUrl, prod)).toBe(true);
    expect(isTrustedRendererUrl(appFileUrl + '#/settings', prod)).toBe(true);
    expect(isTrustedRendererUrl(appFileUrl + '?x=1', prod)).toBe(true);
  });

  it('refuses other files, traversal tricks and UNC hosts', () => {
    expect(isTrustedRendererUrl('file:///opt/Sellerdesk/resources/app.asar/out/renderer/other.html', prod)).toBe(false);
    expect(isTrustedRendererUrl('file:///etc/passwd', prod)).toBe(false);
    // normalises to /opt/…/renderer/evil.html — not our file
    expect(isTrustedRendererUrl('file:///opt/Sellerdesk/resources/app.asar/out/renderer/index.html/../evil.html', prod)).toBe(false);
    expect(isTrustedRendererUrl('file://evil-host/opt/Sellerdesk/resources/app.asar/out/renderer/index.html', prod)).toBe(false);
    // a prefix match would wrongly accept this
    expect(isTrustedRendererUrl(appFileUrl + '.evil.html', prod)).toBe(false);
  });

  it('accepts the dev server origin only when configured', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/', prod)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedRendererUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173.evil.test/', dev)).toBe(false);
    expect(isTrustedRendererUrl('http://user:pw@localhost:5173/', dev)).toBe(false);
  });

  it('never trusts a non-loopback dev server', () => {
    expect(isTrustedRendererUrl('http://example.com:5173/', { appFileUrl, devServerUrl: 'http://example.com:5173' })).toBe(false);
  });

  it('refuses garbage', () => {
    for (const v of [undefined, null, 42, '', 'not a url', 'javascript:alert(1)', 'data:text/html,hi', 'about:blank', 'x'.repeat(9000)]) {
      expect(isTrustedRendererUrl(v, dev)).toBe(false);
    }
  });
});

describe('isAllowedExternalUrl', () => {
  it('allows plain https', () => {
    expect(isAllowedExternalUrl('https://seller.ozon.ru/app/dashboard')).toBe(true);
    expect(isAllowedExternalUrl('https://docs.ozon.ru/api/seller/?x=1#y')).toBe(true);
  });

  it('refuses other schemes, credentials and junk', () => {
    for (const v of [
      'http://seller.ozon.ru/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id',
      'https://user:pass@seller.ozon.ru/',
      'https://user@seller.ozon.ru/',
      ' https://seller.ozon.ru',
      'https//seller.ozon.ru',
      '',
      null,
      {},
    ]) {
      expect(isAllowedExternalUrl(v), String(v)).toBe(v === ' https://seller.ozon.ru');
    }
  });
});

describe('navigation and window-open guards', () => {
  it('allows navigation only within our document', () => {
    expect(decideNavigation(appFileUrl + '#/x', prod)).toBe('allow');
    expect(decideNavigation('https://seller.ozon.ru/', prod)).toBe('deny');
    expect(decideNavigation('file:///tmp/evil.html', prod)).toBe('deny');
  });

  it('never opens windows; https goes to the OS browser', () => {
    expect(decideWindowOpen('https://seller.ozon.ru/')).toEqual({ action: 'deny', openExternally: true });
    expect(decideWindowOpen('http://seller.ozon.ru/')).toEqual({ action: 'deny', openExternally: false });
    expect(decideWindowOpen('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: false });
  });
});

describe('isLoopbackHostname', () => {
  it('knows loopback names and addresses', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]']) expect(isLoopbackHostname(h), h).toBe(true);
    for (const h of ['127.0.0.1.evil.test', 'localhost.evil.test', '128.0.0.1', '10.0.0.1', '0.0.0.0', '127.0.0.256', 'example.com'])
      expect(isLoopbackHostname(h), h).toBe(false);
  });
});

describe('parseRemoteServerUrl', () => {
  it('normalises https URLs and keeps a path prefix', () => {
    expect(parseRemoteServerUrl('https://team.example.com/')).toEqual({ ok: true, baseUrl: 'https://team.example.com', origin: 'https://team.example.com' });
    expect(parseRemoteServerUrl('  https://team.example.com:8443/sellerdesk/ ')).toEqual({
      ok: true,
      baseUrl: 'https://team.example.com:8443/sellerdesk',
      origin: 'https://team.example.com:8443',
    });
  });

  it('allows http only on loopback', () => {
    expect(parseRemoteServerUrl('http://127.0.0.1:8787').ok).toBe(true);
    expect(parseRemoteServerUrl('http://localhost:8787').ok).toBe(true);
    expect(parseRemoteServerUrl('http://[::1]:8787').ok).toBe(true);
    expect(parseRemoteServerUrl('http://team.example.com').ok).toBe(false);
    expect(parseRemoteServerUrl('http://127.0.0.1.nip.io').ok).toBe(false);
    expect(parseRemoteServerUrl('http://192.168.1.10:8787').ok).toBe(false);
  });

  it('refuses other schemes, credentials, query and fragment', () => {
    for (const v of ['ftp://team.example.com', 'file:///x', 'javascript:alert(1)', 'https://u:p@team.example.com', 'https://team.example.com/?a=1', 'https://team.example.com/#x', 'team.example.com', '', 'x'.repeat(3000), 5]) {
      expect(parseRemoteServerUrl(v).ok, String(v)).toBe(false);
    }
  });
});

describe('isOwnRendererResponse', () => {
  it('lays the security headers on our files and the dev server, never on a third party such as Ozon’s picture CDN', () => {
    expect(isOwnRendererResponse(appFileUrl, prod)).toBe(true);
    expect(isOwnRendererResponse('file:///opt/Sellerdesk/resources/app.asar/out/renderer/assets/index-abc.js', prod)).toBe(true);
    expect(isOwnRendererResponse('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isOwnRendererResponse('http://localhost:5173/src/main.tsx', prod)).toBe(false);
    expect(isOwnRendererResponse('https://cdn1.ozone.ru/s3/multimedia-1/6000000000.jpg', prod)).toBe(false);
    expect(isOwnRendererResponse('https://cdn1.ozone.ru/s3/multimedia-1/6000000000.jpg', dev)).toBe(false);
    expect(isOwnRendererResponse('http://localhost:5174/', dev)).toBe(false);
    expect(isOwnRendererResponse('file://server/share/x.html', prod)).toBe(false);
    expect(isOwnRendererResponse('not a url', prod)).toBe(false);
  });
});

describe('CSP', () => {
  it('is strict by default', () => {
    const csp = buildCsp();
    const d = Object.fromEntries(csp.split('; ').map((part) => [part.split(' ')[0], part.split(' ').slice(1).join(' ')]));
    expect(d).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: https://*.ozone.ru https://*.ozon.ru",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(csp).not.toContain('unsafe-eval');
  });

  it('leaves frame-ancestors out of meta tags', () => {
    expect(buildCsp({ forMeta: true })).not.toContain('frame-ancestors');
  });

  it('widens only to the dev server in development', () => {
    const csp = buildCsp({ devServerUrl: 'http://localhost:5173' });
    expect(csp).toContain("script-src 'self' 'unsafe-inline' http://localhost:5173");
    expect(csp).toContain('connect-src \'self\' http://localhost:5173 ws://localhost:5173');
    // no wildcard anywhere but the picture hosts (Ozon's CDN subdomains)
    expect(csp.split('; ').filter((d) => !d.startsWith('img-src ')).join('; ')).not.toContain('*');
    expect(csp).toContain("img-src 'self' data: https://*.ozone.ru https://*.ozon.ru;");
  });

  it('ships with the usual hardening headers', () => {
    const h = securityHeaders(buildCsp());
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['Referrer-Policy']).toBe('no-referrer');
    expect(h['X-Frame-Options']).toBe('DENY');
  });
});

describe('product pictures: the CSP hosts and the renderer check are one list', () => {
  it('admits https subdomains of Ozon’s CDN only, parsed', () => {
    expect(isOzonImageUrl('https://cdn1.ozone.ru/s3/multimedia-1/6000000000.jpg')).toBe(true);
    expect(isOzonImageUrl('https://IR.OZONE.RU/x.jpg')).toBe(true);
    expect(isOzonImageUrl('https://cdn.ozon.ru/x.png')).toBe(true);
    for (const bad of [
      'http://cdn1.ozone.ru/x.jpg',
      'https://ozone.ru/x.jpg',
      'https://cdn1.ozone-sandbox.test/x.jpg',
      'https://cdn1.ozone.ru.evil.example/x.jpg',
      'https://evilozone.ru/x.jpg',
      'https://user:pw@cdn1.ozone.ru/x.jpg',
      'https://cdn1.ozone.ru:8443/x.jpg',
      'javascript:alert(1)',
      'not a url',
      '',
    ])
      expect(isOzonImageUrl(bad), bad).toBe(false);
  });
  it('the CSP names exactly those hosts', () => {
    expect(buildCsp()).toContain(`img-src 'self' data: ${OZON_IMAGE_SOURCES.join(' ')};`);
  });
});
