/**
 * Locates files under resources/ whether we run from source (tsx), from the
 * vite bundle (out/…) or inside a packaged Electron app (process.resourcesPath).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function findResource(name: string): string {
  const candidates: string[] = [];
  if (process.env.SELLERDESK_RESOURCES) candidates.push(path.join(process.env.SELLERDESK_RESOURCES, name));
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(path.join(resourcesPath, name), path.join(resourcesPath, 'resources', name));
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, 'resources', name));
    dir = path.dirname(dir);
  }
  candidates.push(path.join(process.cwd(), 'resources', name));
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`resource "${name}" not found (looked in: ${candidates.join(', ')})`);
  return found;
}
