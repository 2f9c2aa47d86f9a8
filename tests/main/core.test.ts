import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import axios from 'axios';
import Database from 'better-sqlite3';
import { findCredentials } from '@napi-rs/keyring';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/core';
import { KEYCHAIN_SERVICE, keychainAccounts, napiKeyring, type KeyringBackend } from '../../src/main/core/keychain';
import type { IpcChannel, IpcInput, IpcOutput, IpcResponse } from '../../src/shared/ipc/contract';
import { startWorkspaceServer } from '../../src/server';
import { filesContaining, noSecretServiceKeyring, quietLogger, removeDir, requireSecretService, tempDir } from './helpers';

const sender = { url: 'test://', isMainFrame: true };
const serverOptionsOverride = { logLevel: 'silent' };
const owner = { workspaceName: 'Ромашка', name: 'Owner', email: 'owner@example.com', password: 'correct horse battery staple 42' };

let keyring: KeyringBackend;
const dirs: string[] = [];
const cores: Core[] = [];
const deviceIds: string[] = [];

beforeAll(async () => {
  requireSecretService();
  keyring = await napiKeyring();
});

afterEach(async () => {
  while (cores.length) await cores.pop()!.shutdown();
});

afterAll(async () => {
  // leave the developer's keyring as we found it
  if (keyring) {
    for (const c of findCredentials(KEYCHAIN_SERVICE)) {
      if (deviceIds.some((id) => c.account.includes(id))) await keyring.entry(KEYCHAIN_SERVICE, c.account).deletePassword();
    }
  }
  for (const d of dirs) removeDir(d);
});

async function start(userDataDir: string, backend: KeyringBackend | null = keyring, osLocale = 'ru_RU.UTF-8'): Promise<Core> {
  const core = await createCore({
    userDataDir,
    platform: 'linux',
    deviceName: 'test-box',
    keychain: backend,
    serverOptionsOverride,
    osLocale,
    isTrustedSender: () => true,
    logger: quietLogger(),
  });
  cores.push(core);
  await core.ready;
  const deviceId = (JSON.parse(readFileSync(path.join(userDataDir, 'settings.json'), 'utf8')) as { deviceId: string }).deviceId;
  if (!deviceIds.includes(deviceId)) deviceIds.push(deviceId);
  return core;
}

async function stop(core: Core) {
  cores.splice(cores.indexOf(core), 1);
  await core.shutdown();
}

async function call<C extends IpcChannel>(core: Core, channel: C, input: IpcInput<C>): Promise<IpcResponse<C>> {
  return (await core.handle(channel, input, sender)) as IpcResponse<C>;
}

async function ok<C extends IpcChannel>(core: Core, channel: C, input: IpcInput<C>): Promise<IpcOutput<C>> {
  const r = await call(core, channel, input);
  if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.error)}`);
  return r.data;
}

function newDir(name: string) {
  const d = tempDir(name);
  dirs.push(d);
  return d;
}

function deviceIdOf(dir: string): string {
  return (JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')) as { deviceId: string }).deviceId;
}

describe('core with an embedded workspace server and the real keychain', () => {
  it('sets up, remembers the sign-in across restarts, refreshes, and signs out for real', async () => {
    const dir = newDir('core');
    let core = await start(dir);
    let state = await ok(core, 'app:getState', {});
    expect(state).toMatchObject({ locale: 'ru', serverMode: null, serverStatus: 'unconfigured', keychainAvailable: true, account: null });

    const events: string[] = [];
    core.on('state:changed', () => events.push('state:changed'));

    state = await ok(core, 'setup:useEmbedded', {});
    expect(state).toMatchObject({ serverMode: 'embedded', serverStatus: 'online', workspace: { initialized: false, setupOpen: true } });
    expect(events.length).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, 'workspace', 'sellerdesk.db'))).toBe(true);

    const signIn = await ok(core, 'setup:createOwner', owner);
    expect(signIn.status).toBe('signed_in');
    expect(JSON.stringify(signIn)).not.toMatch(/token/i);
    state = await ok(core, 'app:getState', {});
    expect(state.account?.email).toBe('owner@example.com');
    expect(state.account?.role).toBe('owner');
    expect(state.workspace).toMatchObject({ initialized: true, name: 'Ромашка' });

    // secrets are in the OS keyring, nowhere in the data folder
    const deviceId = deviceIdOf(dir);
    const serverKey = `embedded:${deviceId}`;
    const refresh1 = findCredentials(KEYCHAIN_SERVICE).find((c) => c.account === keychainAccounts.refresh(serverKey))?.password;
    expect(refresh1).toBeTruthy();
    const deviceToken = findCredentials(KEYCHAIN_SERVICE).find((c) => c.account === keychainAccounts.device(serverKey, 'owner@example.com'))?.password;
    expect(deviceToken).toBeTruthy();
    expect(filesContaining(dir, refresh1!)).toEqual([]);
    expect(filesContaining(dir, deviceToken!)).toEqual([]);
    expect(readFileSync(path.join(dir, 'settings.json'), 'utf8')).not.toMatch(/token|password/i);

    const me = await ok(core, 'account:get', {});
    expect(me.name).toBe('Owner');
    // the server choice is locked while signed in
    expect(await call(core, 'setup:reset', {})).toEqual({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call(core, 'setup:connectRemote', { url: 'https://team.example.com' })).toEqual({ ok: false, error: { code: 'CONFLICT' } });
    expect((await ok(core, 'setup:useEmbedded', {})).account?.email).toBe('owner@example.com');

    // restart: the stored refresh token restores the session (and rotates)
    await stop(core);
    core = await start(dir);
    state = await ok(core, 'app:getState', {});
    expect(state).toMatchObject({ serverMode: 'embedded', serverStatus: 'online', keychainAvailable: true });
    expect(state.account?.email).toBe('owner@example.com');
    const refresh2 = findCredentials(KEYCHAIN_SERVICE).find((c) => c.account === keychainAccounts.refresh(serverKey))?.password;
    expect(refresh2).toBeTruthy();
    expect(refresh2).not.toBe(refresh1);
    expect(deviceIdOf(dir)).toBe(deviceId);

    // a stale access token: one refresh, then the call succeeds
    const session = core.context.session as unknown as { access: { token: string } };
    session.access.token = 'stale-access-token';
    expect((await ok(core, 'sessions:list', {})).sessions.some((s) => s.current)).toBe(true);

    // sign out revokes the server session: the refresh token is dead afterwards
    const refresh3 = findCredentials(KEYCHAIN_SERVICE).find((c) => c.account === keychainAccounts.refresh(serverKey))!.password;
    const baseUrl = core.context.servers.embeddedUrl!;
    await ok(core, 'auth:signOut', {});
    state = await ok(core, 'app:getState', {});
    expect(state.account).toBeNull();
    expect(findCredentials(KEYCHAIN_SERVICE).map((c) => c.account)).not.toContain(keychainAccounts.refresh(serverKey));
    // the device stays trusted
    expect(findCredentials(KEYCHAIN_SERVICE).map((c) => c.account)).toContain(keychainAccounts.device(serverKey, 'owner@example.com'));
    const reuse = await axios.post(`${baseUrl}/api/v1/auth/refresh`, { refreshToken: refresh3 }, { validateStatus: () => true });
    expect(reuse.status).toBe(401);
    expect((await call(core, 'account:get', {})).ok).toBe(false);

    // the trusted device signs in again without a new-device challenge
    const again = await ok(core, 'auth:signIn', { identifier: 'OWNER@example.com', password: owner.password });
    expect(again.status).toBe('signed_in');

    // wrong password: the server's code comes through
    await ok(core, 'auth:signOut', {});
    const wrong = await call(core, 'auth:signIn', { identifier: 'owner@example.com', password: 'nope nope nope' });
    expect(wrong).toEqual({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });

    // nothing to restore after sign-out
    await stop(core);
    core = await start(dir);
    expect((await ok(core, 'app:getState', {})).account).toBeNull();
  }, 120_000);

  it('a refresh that fails ends the session and emits session:expired', async () => {
    const dir = newDir('expire');
    const core = await start(dir);
    await ok(core, 'setup:useEmbedded', {});
    await ok(core, 'setup:createOwner', owner);
    const expired: number[] = [];
    core.on('session:expired', () => expired.push(Date.now()));

    const serverKey = `embedded:${deviceIdOf(dir)}`;
    await keyring.entry(KEYCHAIN_SERVICE, keychainAccounts.refresh(serverKey)).setPassword('rt_not-a-valid-refresh-token');
    const session = core.context.session as unknown as { access: { token: string } };
    session.access.token = 'stale-access-token';

    const [a, b] = await Promise.all([call(core, 'account:get', {}), call(core, 'sessions:list', {})]);
    expect(a.ok).toBe(false);
    expect(b.ok).toBe(false);
    expect(expired).toHaveLength(1);
    expect((await ok(core, 'app:getState', {})).account).toBeNull();
    expect(findCredentials(KEYCHAIN_SERVICE).map((c) => c.account)).not.toContain(keychainAccounts.refresh(serverKey));
    expect(await call(core, 'account:get', {})).toEqual({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  }, 120_000);

  it('without a keychain: says so, keeps tokens in memory only, forgets them on restart', async () => {
    const dir = newDir('nokeychain');
    const backend = noSecretServiceKeyring();
    let core = await start(dir, backend);
    expect((await ok(core, 'app:getState', {})).keychainAvailable).toBe(false);
    await ok(core, 'setup:useEmbedded', {});
    const r = await ok(core, 'setup:createOwner', owner);
    expect(r.status).toBe('signed_in');
    expect((await ok(core, 'account:get', {})).email).toBe('owner@example.com');

    const serverKey = `embedded:${deviceIdOf(dir)}`;
    const refresh = await core.context.keychain.get(keychainAccounts.refresh(serverKey));
    const device = await core.context.keychain.get(keychainAccounts.device(serverKey, 'owner@example.com'));
    const access = (core.context.session as unknown as { access: { token: string } }).access.token;
    expect(refresh && device && access).toBeTruthy();
    await stop(core);
    // grep the whole data folder (settings, database, WAL) for every secret
    for (const secret of [refresh!, device!, access]) expect(filesContaining(dir, secret)).toEqual([]);
    expect(findCredentials(KEYCHAIN_SERVICE).filter((c) => c.account.includes(deviceIdOf(dir)))).toEqual([]);

    core = await start(dir, backend);
    const state = await ok(core, 'app:getState', {});
    expect(state).toMatchObject({ keychainAvailable: false, serverMode: 'embedded', serverStatus: 'online', account: null });
  }, 120_000);
});

describe('core: remote servers', () => {
  it('connects to a team server, refuses bad URLs, reports unreachable and incompatible servers', async () => {
    const dir = newDir('remote');
    const db = path.join(newDir('remote-db'), 'team.db');
    const team = await startWorkspaceServer({ sqlitePath: db, host: '127.0.0.1', port: 0, setupOpen: false, logLevel: 'silent' });
    const foreign = http.createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<h1>not here</h1>');
    });
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
    const foreignPort = (foreign.address() as { port: number }).port;
    try {
      const core = await start(dir);
      for (const url of ['http://team.example.com', 'ftp://127.0.0.1', 'https://user:pw@team.example.com', 'javascript:alert(1)', 'not a url']) {
        expect(await call(core, 'setup:connectRemote', { url }), url).toEqual({ ok: false, error: { code: 'SERVER_URL_INVALID' } });
      }
      expect(await call(core, 'setup:connectRemote', { url: 'http://127.0.0.1:1' })).toEqual({ ok: false, error: { code: 'SERVER_UNREACHABLE' } });
      expect(await call(core, 'setup:connectRemote', { url: `http://127.0.0.1:${foreignPort}` })).toEqual({
        ok: false,
        error: { code: 'SERVER_INCOMPATIBLE' },
      });
      expect((await ok(core, 'app:getState', {})).serverMode).toBeNull();

      const state = await ok(core, 'setup:connectRemote', { url: team.url + '/' });
      expect(state).toMatchObject({ serverMode: 'remote', serverUrl: team.url, serverStatus: 'online', workspace: { initialized: false, setupOpen: false } });
      // a closed setup is the server's decision, passed through as its code
      const setup = await call(core, 'setup:createOwner', owner);
      expect(setup.ok).toBe(false);

      await ok(core, 'setup:reset', {});
      expect((await ok(core, 'app:getState', {})).serverMode).toBeNull();
      await ok(core, 'setup:connectRemote', { url: team.url });
      await stop(core);

      // the server goes away: start-up reports it unreachable instead of failing
      await team.close();
      const again = await start(dir);
      expect(await ok(again, 'app:getState', {})).toMatchObject({ serverMode: 'remote', serverStatus: 'unreachable' });
      expect(await call(again, 'auth:signIn', { identifier: 'owner@example.com', password: 'x' })).toEqual({
        ok: false,
        error: { code: 'SERVER_UNREACHABLE' },
      });
    } finally {
      await team.close().catch(() => undefined);
      await new Promise<void>((r) => foreign.close(() => r()));
    }
  }, 120_000);
});

describe('core: a second device', () => {
  it('answers the new-device challenge, then remembers the device in the keychain', async () => {
    const db = path.join(newDir('team-db'), 'team.db');
    const team = await startWorkspaceServer({ sqlitePath: db, host: '127.0.0.1', port: 0, setupOpen: true, logLevel: 'silent' });
    try {
      const first = await start(newDir('first'));
      await ok(first, 'setup:connectRemote', { url: team.url });
      expect((await ok(first, 'setup:createOwner', owner)).status).toBe('signed_in');

      const dir = newDir('second');
      const second = await start(dir);
      await ok(second, 'setup:connectRemote', { url: team.url });
      const step = await ok(second, 'auth:signIn', { identifier: 'owner@example.com', password: owner.password });
      expect(step.status).toBe('challenge');
      if (step.status !== 'challenge') return;
      expect(step.challenge.kind).toBe('new_device');
      expect(JSON.stringify(step)).not.toMatch(/token/i);

      const wrongCode = await call(second, 'auth:verify', { challengeId: step.challenge.id, method: 'email', code: '000000' });
      expect(wrongCode.ok ? null : wrongCode.error.code).toBe('INVALID_CODE');

      const outbox = new Database(db, { readonly: true });
      const rows = outbox.prepare("select body from outbox where recipient = ? order by id desc").all('owner@example.com') as { body: string }[];
      outbox.close();
      const code = rows.map((r) => /(?:^|\D)(\d{6})(?:\D|$)/.exec(r.body)?.[1]).find(Boolean);
      expect(code).toBeTruthy();
      const done = await ok(second, 'auth:verify', { challengeId: step.challenge.id, method: 'email', code: code! });
      expect(done.status).toBe('signed_in');

      const key = keychainAccounts.device(team.url, 'owner@example.com');
      expect(findCredentials(KEYCHAIN_SERVICE).find((c) => c.account === key)).toBeTruthy();
      deviceIds.push(team.url);

      // next time this device goes straight in
      await ok(second, 'auth:signOut', {});
      expect((await ok(second, 'auth:signIn', { identifier: 'owner@example.com', password: owner.password })).status).toBe('signed_in');
      // both devices show up in the session list
      const { sessions } = await ok(second, 'sessions:list', {});
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
      expect(sessions.length).toBeGreaterThanOrEqual(2);
      await ok(second, 'auth:signOut', {});
      await ok(first, 'auth:signOut', {});
    } finally {
      await team.close();
    }
  }, 120_000);
});

describe('settings', () => {
  it("follows the window's languages until the person picks one", async () => {
    const dir = newDir('suggest');
    let core = await start(dir, null, 'en-US');
    const changes: string[] = [];
    core.on('state:changed', () => changes.push('state'));
    // a Chinese browser on an English machine: the first language Sellerdesk speaks wins
    expect((await ok(core, 'app:suggestLocale', { languages: ['de-DE', 'zh-TW', 'ru'] })).locale).toBe('zh-CN');
    expect(changes).toHaveLength(1);
    // nothing it speaks: the guess stays; the same guess again: no change, no event
    expect((await ok(core, 'app:suggestLocale', { languages: ['de-DE', 'fr'] })).locale).toBe('zh-CN');
    expect((await ok(core, 'app:suggestLocale', { languages: ['zh-CN'] })).locale).toBe('zh-CN');
    expect(changes).toHaveLength(1);
    // another window, another language: still a guess, so it follows
    expect((await ok(core, 'app:suggestLocale', { languages: ['uk-UA'] })).locale).toBe('ru');
    // the person's choice is kept from then on, across restarts
    await ok(core, 'app:setLocale', { locale: 'en' });
    expect((await ok(core, 'app:suggestLocale', { languages: ['zh-CN'] })).locale).toBe('en');
    await stop(core);
    core = await start(dir, null, 'ru-RU');
    expect((await ok(core, 'app:suggestLocale', { languages: ['zh-CN'] })).locale).toBe('en');
    // off-contract input is refused, not guessed from
    expect(await call(core, 'app:suggestLocale', { languages: ['x'.repeat(65)] })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await call(core, 'app:suggestLocale', { languages: Array.from({ length: 33 }, () => 'en') })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('picks the locale from the OS once, and keeps a corrupt file as .bak', async () => {
    const zh = newDir('zh');
    expect((await ok(await start(zh, null, 'zh-TW'), 'app:getState', {})).locale).toBe('zh-CN');
    const en = newDir('en');
    expect((await ok(await start(en, null, 'de-DE'), 'app:getState', {})).locale).toBe('en');

    const dir = newDir('corrupt');
    let core = await start(dir, null, 'ru-RU');
    await ok(core, 'app:setLocale', { locale: 'zh-CN' });
    const deviceId = deviceIdOf(dir);
    await stop(core);
    core = await start(dir, null, 'ru-RU');
    expect((await ok(core, 'app:getState', {})).locale).toBe('zh-CN');
    expect(deviceIdOf(dir)).toBe(deviceId);
    await stop(core);

    writeFileSync(path.join(dir, 'settings.json'), '{"version":1,"locale":"xx",');
    core = await start(dir, null, 'en-US');
    expect((await ok(core, 'app:getState', {})).locale).toBe('en');
    expect(readFileSync(path.join(dir, 'settings.json.bak'), 'utf8')).toBe('{"version":1,"locale":"xx",');
    expect(deviceIdOf(dir)).not.toBe(deviceId);
  });

  it('refuses to open non-https external URLs', async () => {
    const core = await start(newDir('ext'), null);
    expect(await call(core, 'app:openExternal', { url: 'file:///etc/passwd' })).toEqual({ ok: false, error: { code: 'EXTERNAL_URL_REFUSED' } });
    expect(await call(core, 'app:openExternal', { url: 'http://example.com' })).toEqual({ ok: false, error: { code: 'EXTERNAL_URL_REFUSED' } });
  });
});
