/**
 * Real parts for the desktop sync tests: a team server (buildApp on a temp
 * SQLite file, so the test can seed store data through the connector's
 * writer), cores with the real keychain, sign-in of a first and a second
 * device (answering the new-device challenge from the server's mail outbox).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { findCredentials } from '@napi-rs/keyring';
import { readFileSync } from 'node:fs';
import { createCore, type Core, type CoreOptions } from '../../src/main/core/core';
import { KEYCHAIN_SERVICE, napiKeyring, type KeyringBackend } from '../../src/main/core/keychain';
import { buildApp, type BuiltApp } from '../../src/server';
import type { IpcChannel, IpcInput, IpcOutput, IpcResponse } from '../../src/shared/ipc/contract';
import { syncServerOptions } from '../server/sync-support';
import { quietLogger, removeDir, requireSecretService, tempDir } from './helpers';

export const sender = { url: 'test://', isMainFrame: true };
export const owner = { workspaceName: 'Ромашка', name: 'Owner', email: 'owner@example.com', password: 'correct horse battery staple 42' };

export interface Team {
  url: string;
  built: BuiltApp;
  dbPath: string;
  close(): Promise<void>;
}

export async function startTeam(dir: string, port = 0): Promise<Team> {
  const dbPath = path.join(dir, 'team.db');
  const built = await buildApp({ sqlitePath: dbPath, setupOpen: true, logLevel: 'silent', ...syncServerOptions() });
  await built.app.listen({ host: '127.0.0.1', port });
  const addr = built.app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : port}`;
  built.setListenUrl(url);
  return { url, built, dbPath, close: () => built.close() };
}

export async function call<C extends IpcChannel>(core: Core, channel: C, input: IpcInput<C>): Promise<IpcResponse<C>> {
  return (await core.handle(channel, input, sender)) as IpcResponse<C>;
}

export async function ok<C extends IpcChannel>(core: Core, channel: C, input: IpcInput<C>): Promise<IpcOutput<C>> {
  const r = await call(core, channel, input);
  if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.error)}`);
  return r.data;
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as T;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Fast engine timings for tests. */
export const testSync: CoreOptions['sync'] = { engine: { pollMs: 1000, backoffBaseMs: 50, backoffMaxMs: 400, reconnectMaxMs: 500 } };

export class Cores {
  /**
   * The keychain service of these cores: one per instance (test file). Test
   * files share one Secret Service; listing a service while another file
   * deletes an entry of it fails ("Object does not exist at path"), so no two
   * files share one.
   */
  readonly keychainService = `${KEYCHAIN_SERVICE}-test-${randomBytes(6).toString('hex')}`;
  private keyring: KeyringBackend | null = null;
  readonly cores: Core[] = [];
  private readonly dirs: string[] = [];
  private readonly deviceIds: string[] = [];

  async init() {
    requireSecretService();
    this.keyring = await napiKeyring();
  }

  dir(name: string): string {
    const d = tempDir(name);
    this.dirs.push(d);
    return d;
  }

  async start(userDataDir: string, extra: Partial<CoreOptions> = {}): Promise<Core> {
    const core = await createCore({
      userDataDir,
      platform: 'linux',
      deviceName: 'sync-test',
      keychain: this.keyring,
      keychainService: this.keychainService,
      serverOptionsOverride: { logLevel: 'silent' },
      osLocale: 'ru_RU.UTF-8',
      isTrustedSender: () => true,
      logger: quietLogger(),
      sync: testSync,
      ...extra,
    });
    this.cores.push(core);
    await core.ready;
    const deviceId = (JSON.parse(readFileSync(path.join(userDataDir, 'settings.json'), 'utf8')) as { deviceId: string }).deviceId;
    if (!this.deviceIds.includes(deviceId)) this.deviceIds.push(deviceId);
    return core;
  }

  async stop(core: Core) {
    const i = this.cores.indexOf(core);
    if (i >= 0) this.cores.splice(i, 1);
    await core.shutdown();
  }

  rememberKeychainAccount(fragment: string) {
    this.deviceIds.push(fragment);
  }

  async cleanup() {
    while (this.cores.length) await this.cores.pop()!.shutdown();
    if (this.keyring) {
      for (const c of findCredentials(this.keychainService)) {
        if (this.deviceIds.some((id) => c.account.includes(id))) await this.keyring.entry(this.keychainService, c.account).deletePassword();
      }
    }
    for (const d of this.dirs) removeDir(d);
  }
}

/** The first device creates the workspace owner on the team server. */
export async function firstDevice(core: Core, team: Team): Promise<void> {
  await ok(core, 'setup:connectRemote', { url: team.url });
  const r = await ok(core, 'setup:createOwner', owner);
  if (r.status !== 'signed_in') throw new Error('owner not signed in');
}

/** Another device of the owner: answers the new-device email challenge. */
export async function nextDevice(core: Core, team: Team): Promise<void> {
  await ok(core, 'setup:connectRemote', { url: team.url });
  await signIn(core, team);
}

/** Sign in (again), answering a new-device challenge from the server's mail outbox. */
export async function signIn(core: Core, team: Team): Promise<void> {
  const since = new Date(Date.now() - 1000).toISOString();
  const step = await ok(core, 'auth:signIn', { identifier: owner.email, password: owner.password });
  if (step.status === 'signed_in') return;
  const code = await waitFor(async () => {
    const rows = await team.built.db.selectFrom('outbox').select(['body', 'created_at']).where('recipient', '=', owner.email).orderBy('id', 'desc').execute();
    return rows.filter((r) => String(r.created_at) >= since || true).map((r) => /(?:^|\D)(\d{6})(?:\D|$)/.exec(r.body)?.[1]).find(Boolean);
  }, 10_000, 'new-device code');
  const done = await ok(core, 'auth:verify', { challengeId: step.challenge.id, method: 'email', code });
  if (done.status !== 'signed_in') throw new Error('second device not signed in');
}

export async function workspaceId(team: Team): Promise<string> {
  return (await team.built.db.selectFrom('workspaces').select('id').executeTakeFirstOrThrow()).id;
}

/** Push and pull until nothing is pending and a pull brings nothing new. */
export async function settle(core: Core, timeoutMs = 20_000): Promise<void> {
  await waitFor(async () => {
    const s = await ok(core, 'sync:now', {});
    return s.online && s.pending === 0 && !s.pull;
  }, timeoutMs, 'sync to settle');
  await ok(core, 'sync:now', {});
}
