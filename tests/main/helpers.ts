import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KeyringBackend } from '../../src/main/core/keychain';
import type { Logger } from '../../src/main/core/logger';

/**
 * Keychain tests run against the real Secret Service (gnome-keyring inside
 * `dbus-run-session`). Without a session bus there is nothing to test
 * against: fail loudly instead of skipping.
 */
export function requireSecretService(): void {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error(
      'DBUS_SESSION_BUS_ADDRESS is not set: these tests need a real Secret Service. Run them as\n' +
        "  dbus-run-session -- bash -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run tests/main'",
    );
  }
}

/**
 * A keyring that behaves like @napi-rs/keyring on a machine without a Secret
 * Service: every operation rejects with the library's own error.
 */
export function noSecretServiceKeyring(): KeyringBackend & { calls: number } {
  const backend = {
    calls: 0,
    entry: () => {
      const fail = async (): Promise<never> => {
        backend.calls++;
        const e = new Error(
          'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead',
        ) as Error & { code: string };
        e.code = 'GenericFailure';
        throw e;
      };
      return { setPassword: fail, getPassword: fail, deletePassword: fail };
    },
  };
  return backend;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `sellerdesk-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every byte of every file under dir (binary included): for "no secret on disk" checks. */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (readFileSync(p).includes(Buffer.from(needle, 'utf8'))) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}

export function quietLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string, f?: Record<string, unknown>) => lines.push(`${m} ${f ? JSON.stringify(f) : ''}`);
  return { lines, info: push, warn: push, error: push };
}
