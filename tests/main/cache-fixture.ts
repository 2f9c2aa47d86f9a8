/**
 * Caches on real files in temp folders for a test file: each cache opened
 * is closed after its test, every folder removed after the file. Call once
 * at the test file's top level (it registers the afterEach/afterAll hooks).
 */
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { Cache } from '../../src/main/cache/cache';
import { removeDir, tempDir } from './helpers';

export function tempCaches(prefix: string): {
  /** a new temp folder (removed after the file) */
  newDir(): string;
  /** a cache on `file`, by default c.db in a new folder (closed after the test) */
  open(file?: string): Cache;
} {
  const dirs: string[] = [];
  const caches: Cache[] = [];
  afterEach(() => {
    while (caches.length) caches.pop()!.close();
  });
  afterAll(() => dirs.forEach(removeDir));
  const newDir = () => {
    const d = tempDir(prefix);
    dirs.push(d);
    return d;
  };
  const open = (file = path.join(newDir(), 'c.db')) => {
    const c = new Cache(file);
    caches.push(c);
    return c;
  };
  return { newDir, open };
}
