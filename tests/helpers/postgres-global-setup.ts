/**
 * vitest globalSetup: a throwaway PostgreSQL 15 cluster for the whole run.
 * Provides TEST_DATABASE_URL (vitest `inject`, and process.env for child
 * processes); tests create their own database in it (tests/helpers/postgres.ts).
 *
 * - PostgreSQL refuses to run as root: as root the data dir is chowned to
 *   `postgres` and binaries run through `runuser -u postgres --`.
 * - An externally provided TEST_DATABASE_URL skips the cluster entirely.
 * - Missing binaries are a clear error (CI installs postgresql-15).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    TEST_DATABASE_URL: string;
  }
}

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function postgresUid(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('TEST_DATABASE_URL', process.env.TEST_DATABASE_URL);
    return async () => {};
  }
  for (const bin of ['initdb', 'pg_ctl', 'postgres']) {
    if (!fs.existsSync(path.join(PG_BIN, bin))) {
      throw new Error(
        `PostgreSQL 15 binaries not found in ${PG_BIN} (missing ${bin}). Install them (apt-get install postgresql-15) ` +
          'or set PG_BIN, or point TEST_DATABASE_URL at an existing server.',
      );
    }
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sellerdesk-pg-'));
  const dataDir = path.join(dir, 'data');
  let run = (bin: string, args: string[]) => execFileSync(path.join(PG_BIN, bin), args, { stdio: 'pipe' });
  if (isRoot) {
    const pgUser = postgresUid();
    if (!pgUser) throw new Error('running as root but there is no "postgres" user to run PostgreSQL as');
    fs.chownSync(dir, pgUser.uid, pgUser.gid);
    run = (bin, args) => execFileSync('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args], { stdio: 'pipe' });
  }
  const port = await freePort();
  try {
    run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    run('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      path.join(dir, 'postgres.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`,
      'start',
    ]);
  } catch (err) {
    const log = fs.existsSync(path.join(dir, 'postgres.log')) ? fs.readFileSync(path.join(dir, 'postgres.log'), 'utf8') : '';
    const e = err as { stderr?: Buffer; message: string };
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start the test PostgreSQL: ${e.stderr?.toString() || e.message}\n${log}`);
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  process.env.TEST_DATABASE_URL = url;
  project.provide('TEST_DATABASE_URL', url);

  return async () => {
    try {
      run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already gone; deleting the directory is what matters
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
