import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root in development (the folder holding Sellerdesk's
 * package.json), found by walking up from this module: works for the sources
 * run by tsx/vitest (src/main/core) and for the bundle (out/main).
 */
export function projectRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const name = (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name;
        if (name === 'sellerdesk') return dir;
      } catch {
        /* keep walking */
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * Where read-only resources (resources/common-passwords.txt, icons) live:
 * a packaged Electron app gets them as extraResources in
 * `process.resourcesPath`; development, tests and the browser host read
 * `<project>/resources`.
 */
export function resourcesDir(): string {
  const packaged = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(path.join(packaged, 'common-passwords.txt'))) return packaged;
  return path.join(projectRoot(), 'resources');
}

/** Per-user data folder outside Electron (browser host), mirroring Electron's appData. */
export function defaultUserDataDir(appName: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), appName);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', appName);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), appName);
}

/** The embedded workspace database inside the user data folder. */
export function embeddedDbPath(userDataDir: string): string {
  return path.join(userDataDir, 'workspace', 'sellerdesk.db');
}
