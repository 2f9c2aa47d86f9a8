import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 under Electron needs a build for Electron's ABI. In
 * development `scripts/electron-native.mjs` puts one in .electron-native/
 * (leaving node_modules, used by Node tests and the browser host, alone).
 * Packaged apps get node_modules rebuilt by electron-builder and need nothing.
 */
export const ELECTRON_NATIVE_DIR = '.electron-native';

export function electronNativeBinding(root: string, electronVersion: string): string | undefined {
  const dir = path.join(root, ELECTRON_NATIVE_DIR, 'node_modules', 'better-sqlite3');
  const binary = path.join(dir, 'build', 'Release', 'better_sqlite3.node');
  const marker = path.join(root, ELECTRON_NATIVE_DIR, 'build-info.json');
  if (!existsSync(binary) || !existsSync(marker)) return undefined;
  try {
    const info = JSON.parse(readFileSync(marker, 'utf8')) as { electron?: string; platform?: string; arch?: string };
    if (info.electron !== electronVersion || info.platform !== process.platform || info.arch !== process.arch) return undefined;
  } catch {
    return undefined;
  }
  return binary;
}
