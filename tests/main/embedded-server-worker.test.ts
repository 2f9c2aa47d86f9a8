// The embedded workspace server on a worker thread (src/main/core/embedded-server.ts), from its .ts source as the
// browser host runs it: it answers as the in-thread one does, closes for good, and a server that cannot start is
// SERVER_UNREACHABLE with nothing left running.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axios from 'axios';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedDbPath } from '../../src/main/core/paths';
import { ServerManager } from '../../src/main/core/server-manager';
import { quietLogger, removeDir, tempDir } from './helpers';

const WORKER = fileURLToPath(new URL('../../src/main/core/embedded-server-worker.ts', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const manager = (override: Record<string, unknown> = {}) => {
  const dir = tempDir('embedded-worker-');
  dirs.push(dir);
  return { dir, servers: new ServerManager({ userDataDir: dir, logger: quietLogger(), serverOptionsOverride: { logLevel: 'silent', ...override }, embeddedWorker: WORKER }) };
};

describe('embedded server on a worker thread', () => {
  it('serves the workspace API on loopback from another thread, and closes it', async () => {
    const { servers } = manager();
    const api = await servers.startEmbedded();
    expect(servers.status).toBe('online');
    expect(servers.info?.setupOpen).toBe(true);
    const url = servers.embeddedUrl!;
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const health = await axios.get(`${url}/health`);
    expect(health.data).toMatchObject({ status: 'ok', db: 'sqlite' });
    expect(api.baseUrl).toBe(url);
    // this thread runs no HTTP server of its own for it: the listening socket belongs to the worker
    expect(process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap')).toHaveLength(0);

    // a second start reuses it
    await servers.startEmbedded();
    expect(servers.embeddedUrl).toBe(url);

    await servers.stopEmbedded();
    expect(servers.embeddedUrl).toBeNull();
    await expect(axios.get(`${url}/health`, { timeout: 2000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  }, 60_000);

  it("hands its server's log lines to this thread's logger (an environment it ignores)", async () => {
    const dir = tempDir('embedded-worker-');
    dirs.push(dir);
    const logger = quietLogger();
    const servers = new ServerManager({ userDataDir: dir, logger, serverOptionsOverride: { logLevel: 'silent' }, env: { PORT: 'not-a-port' }, embeddedWorker: WORKER });
    await servers.startEmbedded();
    expect(servers.status).toBe('online');
    expect(logger.lines.join('\n')).toContain('server environment variables ignored');
    expect(logger.lines.join('\n')).toContain('PORT must be 0-65535');
    expect(logger.lines.join('\n')).not.toContain('running it on the main thread');
    await servers.stopEmbedded();
  }, 60_000);

  it('keeps its database where the in-thread server keeps it, across restarts', async () => {
    const { dir, servers } = manager();
    await servers.startEmbedded();
    await servers.stopEmbedded();
    expect(existsSync(embeddedDbPath(dir))).toBe(true);
    const size = statSync(embeddedDbPath(dir)).size;
    expect(size).toBeGreaterThan(0);
    const again = new ServerManager({ userDataDir: dir, logger: quietLogger(), serverOptionsOverride: { logLevel: 'silent' } });
    await again.startEmbedded();
    expect(again.status).toBe('online');
    await again.stopEmbedded();
  }, 60_000);

  it('reports a server that cannot start as SERVER_UNREACHABLE', async () => {
    const dir = tempDir('embedded-worker-');
    dirs.push(dir);
    // a file where the server's data folder should be: its database cannot be opened
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const blocked = new ServerManager({ userDataDir: blocker, logger: quietLogger(), serverOptionsOverride: { logLevel: 'silent' }, embeddedWorker: WORKER });
    await expect(blocked.startEmbedded()).rejects.toMatchObject({ ipc: { code: 'SERVER_UNREACHABLE' } });
    expect(blocked.status).toBe('unreachable');
    expect(blocked.embeddedUrl).toBeNull();
  }, 60_000);

  it('runs the server on this thread when its own cannot start (a missing worker entry), and says so', async () => {
    const dir = tempDir('embedded-worker-');
    dirs.push(dir);
    const logger = quietLogger();
    const servers = new ServerManager({ userDataDir: dir, logger, serverOptionsOverride: { logLevel: 'silent' }, embeddedWorker: path.join(dir, 'missing-worker.js') });
    await servers.startEmbedded();
    expect(servers.status).toBe('online');
    expect((await axios.get(`${servers.embeddedUrl}/health`)).data).toMatchObject({ status: 'ok' });
    expect(process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length).toBeGreaterThan(0);
    expect(logger.lines.join('\n')).toContain('running it on the main thread');
    await servers.stopEmbedded();
  }, 60_000);
});
