import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/server/config';
import { checkSandboxUrl, isLoopbackHost } from '../../src/server/stores/endpoint';

describe('sandbox store URLs', () => {
  it('knows loopback hosts from the parsed URL, not from substrings', () => {
    for (const u of ['http://127.0.0.1:9000', 'http://127.1.2.3', 'http://localhost:1', 'http://[::1]:80', 'http://[::ffff:127.0.0.1]:80']) {
      expect(isLoopbackHost(new URL(u).hostname), u).toBe(true);
    }
    for (const u of ['http://127.0.0.1.evil.example', 'http://localhost.evil.example', 'http://10.0.0.1', 'http://[::2]', 'http://0x7f000001.example']) {
      expect(isLoopbackHost(new URL(u).hostname), u).toBe(false);
    }
  });

  it('accepts plain http on loopback and refuses credentials, queries, other hosts and other schemes', () => {
    expect(checkSandboxUrl(' http://127.0.0.1:7000/ ', 'loopback')).toBe('http://127.0.0.1:7000');
    for (const bad of ['http://user:pw@127.0.0.1:7000', 'http://127.0.0.1:7000/?x=1', 'http://127.0.0.1:7000/#f', 'https://127.0.0.1:7000', 'file:///etc/passwd', 'http://example.com', 'not a url']) {
      expect(() => checkSandboxUrl(bad, 'loopback'), bad).toThrow();
    }
    expect(() => checkSandboxUrl('http://127.0.0.1:7000', 'off')).toThrow();
    expect(checkSandboxUrl('http://sandbox.team.local:8080', ['http://sandbox.team.local:8080'])).toBe('http://sandbox.team.local:8080');
    expect(() => checkSandboxUrl('http://127.0.0.1:7000', ['http://sandbox.team.local:8080'])).toThrow();
  });

  it('links loopback sandboxes by default only on an embedded server, never on a team server', () => {
    expect(resolveConfig({ db: { kind: 'sqlite', path: ':memory:' }, setupOpen: true } as never).ozon.sandboxUrls).toBe('loopback');
    expect(resolveConfig({ db: { kind: 'sqlite', path: ':memory:' } } as never).ozon.sandboxUrls).toBe('off');
  });
});
