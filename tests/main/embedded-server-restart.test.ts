// The embedded workspace server's thread ends on its own while a seller is signed in: the desktop core says so at
// once (state:changed, server unreachable), starts another server by itself, and the session and the sync engine
// carry on against it (its new port) without a restart of the app or a call from the window.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import type { IpcChannel, IpcInput, IpcOutput } from '../../src/shared/ipc/contract';
import { quietLogger } from './helpers';
import { Cores } from './sync-harness';

const WORKER = fileURLToPath(new URL('./fixtures/dying-embedded-worker.ts', import.meta.url));
const sender = { url: 'test://', isMainFrame: true };
const owner = { workspaceName: 'Restart', name: 'Owner', email: 'owner@example.com', password: 'correct horse battery staple 42' };

const cores = new Cores();
beforeAll(() => cores.init());
afterAll(() => cores.cleanup());

async function ok<C extends IpcChannel>(core: Core, channel: C, input: IpcInput<C>): Promise<IpcOutput<C>> {
  const r = await core.handle(channel, input, sender);
  if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.error)}`);
  return r.data as IpcOutput<C>;
}

async function until(what: string, fn: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!(await fn())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('embedded server thread that ends on its own', () => {
  it('is reported at once and started again; the session and sync go on against the new one', async () => {
    const dir = cores.dir('embedded-restart-');
    const logger = quietLogger();
    const core = await cores.start(dir, { embeddedServerWorker: WORKER, embeddedRestart: { firstDelayMs: 200 }, logger });
    await ok(core, 'setup:useEmbedded', {});
    expect((await ok(core, 'setup:createOwner', owner)).status).toBe('signed_in');
    await core.context.sync.require().engine.syncNow();
    const firstUrl = core.context.servers.embeddedUrl!;
    expect(firstUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const states: string[] = [];
    core.on('state:changed', () => void core.getState().then((s) => states.push(s.serverStatus)));
    writeFileSync(path.join(dir, 'die-now'), '');

    // reported at once: the window's indicator shows the server gone before anything calls it
    await until('the server to show unreachable', () => states.includes('unreachable'));
    expect(logger.lines.join('\n')).toContain('embedded workspace server stopped');

    // started again by itself, on another port, with the same workspace and the same sign-in
    // (the restarter logs once its try has returned, a moment after the server is already online: wait for both)
    await until(
      'a new embedded server',
      () =>
        core.context.servers.status === 'online' &&
        core.context.servers.embeddedUrl !== null &&
        logger.lines.join('\n').includes('embedded workspace server restarted'),
    );
    expect(core.context.servers.embeddedUrl).not.toBe(firstUrl);
    await until('the window to be told the server is back', () => states.at(-1) === 'online');
    const state = await ok(core, 'app:getState', {});
    expect(state).toMatchObject({ serverMode: 'embedded', serverStatus: 'online', account: { email: 'owner@example.com' } });

    // the session calls the new server (an authenticated call, which does not go through requireServer) ...
    expect((await ok(core, 'account:get', {})).name).toBe('Owner');
    // ... and so does the sync engine (its server URL is read per request): a pull now reaches the new server
    await core.context.sync.require().engine.syncNow();
    expect((await ok(core, 'sync:status', {})).online).toBe(true);
  }, 120_000);
});
