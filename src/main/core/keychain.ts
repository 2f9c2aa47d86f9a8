import { randomBytes } from 'node:crypto';
import type { Logger } from './logger';

/**
 * Secrets (refresh tokens, trusted-device tokens) live only in the OS
 * keychain: macOS Keychain, Windows Credential Manager, the Secret Service
 * (GNOME Keyring / KWallet) on Linux. Without a usable keychain they are kept
 * in memory for this run only and never written to disk.
 */

export const KEYCHAIN_SERVICE = 'Sellerdesk';

/** One credential slot. Mirrors @napi-rs/keyring's AsyncEntry (real one in production and tests). */
export interface KeyringEntry {
  setPassword(password: string): Promise<void>;
  getPassword(): Promise<string | null>;
  deletePassword(): Promise<boolean>;
}

/** What createCore needs from a keyring implementation. */
export interface KeyringBackend {
  entry(service: string, account: string): KeyringEntry;
}

/**
 * The real OS keychain through @napi-rs/keyring's async API (the sync one
 * would block Electron's main thread on a D-Bus round trip or an unlock
 * prompt). On Linux the entry is pinned to the Secret Service: the kernel
 * keyring fallback forgets everything at logout, which would make
 * "remember me" silently fail.
 */
export async function napiKeyring(): Promise<KeyringBackend> {
  const { AsyncEntry } = await import('@napi-rs/keyring');
  const options = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;
  return {
    entry: (service, account) => new AsyncEntry(service, account, options),
  };
}

export interface Keychain {
  /** false: the OS keychain could not be used; secrets live in memory for this run only */
  readonly available: boolean;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<void>;
  /** listeners learn when the keychain stopped working mid-run */
  onUnavailable(listener: () => void): void;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      timer.unref?.();
    }),
  ]).finally(() => clearTimeout(timer));
}

export interface KeychainOptions {
  backend: KeyringBackend | null;
  logger: Logger;
  service?: string;
  /** per-operation limit; a locked keyring may show an unlock prompt */
  timeoutMs?: number;
}

/** Write, read back and delete a throw-away entry: the only reliable availability test. */
export async function probeKeyring(backend: KeyringBackend, service = KEYCHAIN_SERVICE, timeoutMs = 30_000): Promise<boolean> {
  const account = `probe:${randomBytes(8).toString('hex')}`;
  const value = randomBytes(16).toString('hex');
  try {
    const entry = backend.entry(service, account);
    await withTimeout(entry.setPassword(value), timeoutMs, 'keychain probe');
    const back = await withTimeout(entry.getPassword(), timeoutMs, 'keychain probe');
    await withTimeout(entry.deletePassword(), timeoutMs, 'keychain probe');
    return back === value;
  } catch {
    return false;
  }
}

export async function openKeychain(opts: KeychainOptions): Promise<Keychain> {
  const service = opts.service ?? KEYCHAIN_SERVICE;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const backend = opts.backend;
  let available = backend ? await probeKeyring(backend, service, timeoutMs) : false;
  if (!available) opts.logger.warn('OS keychain unavailable: sign-in will not be remembered after restart');
  const memory = new Map<string, string>();
  const listeners: Array<() => void> = [];

  const fail = (op: string, e: unknown) => {
    opts.logger.error('keychain operation failed; keeping secrets in memory from now on', {
      op,
      error: e instanceof Error ? e.message : String(e),
    });
    available = false;
    for (const l of listeners) l();
  };

  return {
    get available() {
      return available;
    },
    async get(account) {
      if (available && backend) {
        try {
          return await withTimeout(backend.entry(service, account).getPassword(), timeoutMs, 'keychain get');
        } catch (e) {
          fail('get', e);
        }
      }
      return memory.get(account) ?? null;
    },
    async set(account, secret) {
      if (available && backend) {
        try {
          await withTimeout(backend.entry(service, account).setPassword(secret), timeoutMs, 'keychain set');
          return;
        } catch (e) {
          fail('set', e);
        }
      }
      memory.set(account, secret);
    },
    async delete(account) {
      memory.delete(account);
      if (available && backend) {
        try {
          await withTimeout(backend.entry(service, account).deletePassword(), timeoutMs, 'keychain delete');
        } catch (e) {
          fail('delete', e);
        }
      }
    },
    onUnavailable(listener) {
      listeners.push(listener);
    },
  };
}

/** Keychain account names: one refresh token per server, one device token per server and sign-in identifier. */
export const keychainAccounts = {
  refresh: (serverKey: string) => `refresh|${serverKey}`,
  device: (serverKey: string, identifier: string) => `device|${serverKey}|${identifier}`,
};
