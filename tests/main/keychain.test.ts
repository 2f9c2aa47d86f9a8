import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { findCredentials } from '@napi-rs/keyring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainAccounts, napiKeyring, openKeychain, probeKeyring, type KeyringBackend } from '../../src/main/core/keychain';
import { noSecretServiceKeyring, quietLogger, requireSecretService } from './helpers';

const SERVICE = `Sellerdesk-test-${randomBytes(4).toString('hex')}`;
let real: KeyringBackend;

beforeAll(async () => {
  requireSecretService();
  real = await napiKeyring();
});

afterAll(async () => {
  if (!real) return;
  for (const c of findCredentials(SERVICE)) await real.entry(SERVICE, c.account).deletePassword();
});

describe('keychain on the real Secret Service', () => {
  it('has a session bus to talk to', () => {
    expect(process.env.DBUS_SESSION_BUS_ADDRESS, 'run inside dbus-run-session with gnome-keyring unlocked').toBeTruthy();
  });

  it('probes as available and leaves no probe entry behind', async () => {
    expect(await probeKeyring(real, SERVICE)).toBe(true);
    expect(findCredentials(SERVICE).filter((c) => c.account.startsWith('probe:'))).toEqual([]);
  });

  it('stores, reads and deletes secrets in the OS keyring', async () => {
    const kc = await openKeychain({ backend: real, logger: quietLogger(), service: SERVICE });
    expect(kc.available).toBe(true);
    const account = keychainAccounts.refresh('https://team.example.com');
    const secret = 'rt_' + randomBytes(32).toString('base64url');
    await kc.set(account, secret);
    // really in the Secret Service, not in a process-local map
    expect(findCredentials(SERVICE)).toContainEqual({ account, password: secret });
    const again = await openKeychain({ backend: real, logger: quietLogger(), service: SERVICE });
    expect(await again.get(account)).toBe(secret);
    await kc.delete(account);
    expect(await again.get(account)).toBeNull();
    expect(findCredentials(SERVICE).map((c) => c.account)).not.toContain(account);
  });

  it('keeps accounts apart and overwrites in place', async () => {
    const kc = await openKeychain({ backend: real, logger: quietLogger(), service: SERVICE });
    const a = keychainAccounts.device('embedded:abc', 'owner@example.com');
    const b = keychainAccounts.device('embedded:abc', '+79123456789');
    await kc.set(a, 'one');
    await kc.set(b, 'two');
    await kc.set(a, 'three');
    expect(await kc.get(a)).toBe('three');
    expect(await kc.get(b)).toBe('two');
    expect(findCredentials(SERVICE).filter((c) => c.account === a)).toHaveLength(1);
    await kc.delete(a);
    await kc.delete(b);
    // deleting what is not there is fine
    await kc.delete(a);
  });

  it('round-trips long and non-ASCII values', async () => {
    const kc = await openKeychain({ backend: real, logger: quietLogger(), service: SERVICE });
    const value = 'токен-令牌-' + 'x'.repeat(400);
    await kc.set('odd|account', value);
    expect(await kc.get('odd|account')).toBe(value);
    await kc.delete('odd|account');
  });
});

describe('keychain without a Secret Service', () => {
  it('reports unavailable and keeps secrets in memory only', async () => {
    const backend = noSecretServiceKeyring();
    const kc = await openKeychain({ backend, logger: quietLogger(), service: SERVICE });
    expect(kc.available).toBe(false);
    await kc.set('refresh|x', 'secret');
    expect(await kc.get('refresh|x')).toBe('secret');
    const callsAfterProbe = backend.calls;
    expect(callsAfterProbe).toBe(1); // only the probe touched the backend
    const fresh = await openKeychain({ backend, logger: quietLogger(), service: SERVICE });
    expect(await fresh.get('refresh|x')).toBeNull();
  });

  it('treats no backend at all as unavailable', async () => {
    const kc = await openKeychain({ backend: null, logger: quietLogger() });
    expect(kc.available).toBe(false);
  });

  it('falls back to memory when the keyring breaks mid-run, and says so', async () => {
    let broken = false;
    const flaky: KeyringBackend = {
      entry: (s, a) => {
        const inner = real.entry(s, a);
        const guard =
          <T>(fn: () => Promise<T>) =>
          () =>
            broken ? Promise.reject(new Error('Platform failure: DBus error: The name is not activatable')) : fn();
        return {
          setPassword: (p) => (broken ? Promise.reject(new Error('Platform failure')) : inner.setPassword(p)),
          getPassword: guard(() => inner.getPassword()),
          deletePassword: guard(() => inner.deletePassword()),
        };
      },
    };
    const kc = await openKeychain({ backend: flaky, logger: quietLogger(), service: SERVICE });
    expect(kc.available).toBe(true);
    let told = 0;
    kc.onUnavailable(() => told++);
    broken = true;
    await kc.set('refresh|flaky', 'v');
    expect(kc.available).toBe(false);
    expect(told).toBe(1);
    expect(await kc.get('refresh|flaky')).toBe('v');
    expect(findCredentials(SERVICE).map((c) => c.account)).not.toContain('refresh|flaky');
  });

  it('the real binding pinned to the Secret Service refuses without a session bus (no silent kernel-keyring fallback)', async () => {
    const script = `
      import { napiKeyring, probeKeyring } from ${JSON.stringify(path.resolve('src/main/core/keychain.ts'))};
      const ok = await probeKeyring(await napiKeyring(), ${JSON.stringify(SERVICE)}, 10000);
      process.stdout.write(JSON.stringify({ ok }));
    `;
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env,
      timeout: 30_000,
    });
    expect(JSON.parse(stdout)).toEqual({ ok: false });
  }, 40_000);
});
