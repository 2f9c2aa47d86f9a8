import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Account } from '../../shared/http/auth';
import { Locale } from '../../shared/http/common';
import { ServerMode } from '../../shared/ipc/contract';
import type { Logger } from './logger';

/**
 * Non-secret preferences in <userData>/settings.json. Tokens never go here:
 * they live in the OS keychain (or, without one, only in memory).
 */
export const Settings = z.object({
  version: z.literal(1),
  locale: Locale,
  serverMode: ServerMode.nullable(),
  serverUrl: z.string().max(2048).nullable(),
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  /**
   * The last signed-in account's public profile and the server it belongs to
   * (offline start). Written on sign-in and /me, removed on sign-out and
   * when the session ends. Optional: older files have none; an unreadable one
   * is dropped rather than costing the whole file (and the device id).
   */
  lastAccount: z.object({ serverKey: z.string().max(2100), account: Account }).nullable().optional().catch(null),
  /**
   * The person picked the language (app:setLocale). Until then `locale` is a
   * guess, from the OS at first start and then from the window's preferred
   * languages (app:suggestLocale), which may replace it; afterwards only the
   * person changes it.
   */
  localeChosen: z.boolean().optional().catch(undefined),
});
export type Settings = z.infer<typeof Settings>;

export const SETTINGS_FILE = 'settings.json';

export function newDeviceId(): string {
  return randomBytes(18).toString('base64url');
}

export function defaultSettings(locale: Locale): Settings {
  return { version: 1, locale, serverMode: null, serverUrl: null, deviceId: newDeviceId() };
}

/** Write via a temp file in the same folder + rename, so a crash never leaves half a file. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Omit<Settings, 'version' | 'deviceId'>>): Promise<Settings>;
  readonly file: string;
}

export async function openSettings(userDataDir: string, defaultLocale: Locale, logger: Logger): Promise<SettingsStore> {
  await fs.mkdir(userDataDir, { recursive: true, mode: 0o700 });
  const file = path.join(userDataDir, SETTINGS_FILE);
  let current: Settings | null = null;
  let raw: string | null = null;
  try {
    raw = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (raw !== null) {
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(raw);
    } catch {
      /* corrupt */
    }
    const result = Settings.safeParse(parsed);
    if (result.success) current = result.data;
    else {
      // keep the unreadable file for inspection, start over with defaults
      await fs.copyFile(file, file + '.bak');
      logger.warn('settings file unreadable; defaults used, old file kept as .bak');
    }
  }
  let dirty = current === null;
  if (!current) current = defaultSettings(defaultLocale);

  let chain: Promise<unknown> = Promise.resolve();
  const persist = (s: Settings) => {
    const p = chain.then(() => writeFileAtomic(file, JSON.stringify(s, null, 2) + '\n'));
    chain = p.catch(() => undefined);
    return p;
  };
  if (dirty) {
    await persist(current);
    dirty = false;
  }
  return {
    file,
    get: () => ({ ...current! }),
    async update(patch) {
      const next = Settings.parse({ ...current, ...patch });
      current = next;
      await persist(next);
      return { ...next };
    },
  };
}
