import { describe, expect, it, vi } from 'vitest';
import { ipcContract, type IpcChannel } from '../../src/shared/ipc/contract';
import { AppError } from '../../src/main/core/errors';
import type { Logger } from '../../src/main/core/logger';
import { createIpcRouter } from '../../src/main/ipc/router';
import type { IpcHandlers, SenderInfo } from '../../src/main/ipc/types';

const account = {
  id: 'acc_1',
  name: 'Owner',
  email: 'owner@example.com',
  phone: null,
  role: 'owner' as const,
  locale: 'en' as const,
  workspace: { id: 'ws_1', name: 'Shop' },
  twoFactor: { enabled: false, method: null },
  recoveryCodesRemaining: 0,
  createdAt: '2025-01-01T00:00:00.000Z',
};

const state = {
  locale: 'en' as const,
  serverMode: null,
  serverUrl: null,
  serverStatus: 'unconfigured' as const,
  workspace: null,
  keychainAvailable: true,
  account: null,
};

/** Every channel answers something; tests override the few they exercise. */
function handlers(overrides: Partial<IpcHandlers> = {}): IpcHandlers {
  const base = Object.fromEntries(
    (Object.keys(ipcContract) as IpcChannel[]).map((c) => [c, vi.fn(async () => ({ ok: true }))]),
  ) as unknown as IpcHandlers;
  return { ...base, 'app:getState': async () => state, 'account:get': async () => account, ...overrides };
}

function logger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (m: string, f?: Record<string, unknown>) => lines.push(m + ' ' + JSON.stringify(f ?? {}));
  return { lines, info: push, warn: push, error: push };
}

const trusted: SenderInfo = { url: 'file:///app/index.html', isMainFrame: true };
const make = (h = handlers(), log = logger()) =>
  createIpcRouter(h, { isTrustedSender: (s) => s.url === trusted.url && s.isMainFrame === true, logger: log });

describe('IPC router', () => {
  it('answers a valid call', async () => {
    const r = await make().handle('app:getState', {}, trusted);
    expect(r).toEqual({ ok: true, data: state });
  });

  it('treats a missing input as {} for input-less channels', async () => {
    expect((await make().handle('app:getState', undefined, trusted)).ok).toBe(true);
  });

  it('refuses unknown channels, including prototype keys', async () => {
    const router = make();
    for (const c of ['nope', 'app:nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 42, null, undefined, {}, ['app:getState']]) {
      expect(await router.handle(c, {}, trusted), String(c)).toEqual({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
    }
  });

  it('refuses untrusted senders before looking at anything else', async () => {
    const h = handlers();
    const router = make(h);
    for (const s of [
      { url: 'https://evil.test/', isMainFrame: true },
      { url: 'file:///app/index.html', isMainFrame: false },
      { url: null, isMainFrame: true },
      {} as SenderInfo,
    ]) {
      expect(await router.handle('account:get', {}, s)).toEqual({ ok: false, error: { code: 'IPC_SENDER_REFUSED' } });
      expect(await router.handle('nope', {}, s)).toEqual({ ok: false, error: { code: 'IPC_SENDER_REFUSED' } });
    }
  });

  it('refuses when the trust check itself throws', async () => {
    const router = createIpcRouter(handlers(), {
      isTrustedSender: () => {
        throw new Error('boom');
      },
      logger: logger(),
    });
    expect(await router.handle('app:getState', {}, trusted)).toEqual({ ok: false, error: { code: 'IPC_SENDER_REFUSED' } });
  });

  it('rejects wrong types with field paths', async () => {
    const signIn = vi.fn();
    const router = make(handlers({ 'auth:signIn': signIn }));
    const r = await router.handle('auth:signIn', { identifier: 42, password: ['x'] }, trusted);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION_FAILED');
    expect(r.error.fields).toEqual(
      expect.arrayContaining([
        { path: 'identifier', code: 'invalid_type' },
        { path: 'password', code: 'invalid_type' },
      ]),
    );
    expect(signIn).not.toHaveBeenCalled();
  });

  it('rejects non-object inputs', async () => {
    const router = make();
    for (const input of [null, 'x', 1, [], true]) {
      const r = await router.handle('app:setLocale', input, trusted);
      expect(r.ok ? null : r.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('rejects unknown fields (strict inputs), naming them', async () => {
    const r = await make().handle('app:getState', { isAdmin: true }, trusted);
    expect(r).toEqual({ ok: false, error: { code: 'VALIDATION_FAILED', fields: [{ path: 'isAdmin', code: 'unrecognized_keys' }] } });
    const r2 = await make().handle('app:setLocale', { locale: 'en', __proto__: { polluted: 1 }, extra: 1 }, trusted);
    expect(r2.ok).toBe(false);
  });

  it('rejects enum values outside the contract', async () => {
    const r = await make().handle('app:setLocale', { locale: 'de' }, trusted);
    expect(r.ok ? null : r.error).toEqual({ code: 'VALIDATION_FAILED', fields: [{ path: 'locale', code: 'invalid_value' }] });
  });

  it('rejects huge strings and NUL bytes', async () => {
    const router = make();
    const big = await router.handle('support:contact', { contact: 'a@b.cd', message: 'x'.repeat(4001) }, trusted);
    expect(big.ok ? null : big.error).toEqual({ code: 'VALIDATION_FAILED', fields: [{ path: 'message', code: 'too_big' }] });
    const huge = await router.handle('auth:signIn', { identifier: 'a'.repeat(1_000_000), password: 'p'.repeat(1_000_000) }, trusted);
    expect(huge.ok ? null : huge.error.code).toBe('VALIDATION_FAILED');
    const nul = await router.handle('support:contact', { contact: 'a@b.cd', message: 'hi\u0000there' }, trusted);
    expect(nul.ok ? null : nul.error).toEqual({ code: 'VALIDATION_FAILED', fields: [{ path: 'message', code: 'custom' }] });
  });

  it('passes SQL and script text through verbatim (validation is about shape, not content)', async () => {
    const contact = vi.fn(async (input: { message: string }) => ({ ticketId: input.message.length.toString() }));
    const router = make(handlers({ 'support:contact': contact as unknown as IpcHandlers['support:contact'] }));
    const message = "'; DROP TABLE accounts; -- <script>alert(1)</script>";
    const r = await router.handle('support:contact', { contact: 'a@b.cd', message }, trusted);
    expect(r).toEqual({ ok: true, data: { ticketId: String(message.length) } });
    expect(contact.mock.calls[0]![0]).toEqual({ contact: 'a@b.cd', message });
  });

  it('refuses outputs outside the contract and logs the channel', async () => {
    const log = logger();
    const router = make(handlers({ 'account:get': async () => ({ ...account, role: 'superuser' }) as never }), log);
    expect(await router.handle('account:get', {}, trusted)).toEqual({ ok: false, error: { code: 'IPC_BAD_OUTPUT' } });
    expect(log.lines.join('\n')).toContain('account:get');
  });

  it('strips undeclared output fields such as tokens', async () => {
    const router = make(handlers({ 'account:get': async () => ({ ...account, refreshToken: 'secret-refresh' }) as never }));
    const r = await router.handle('account:get', {}, trusted);
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r)).not.toContain('secret-refresh');
  });

  it('maps AppError to its IpcError fields', async () => {
    const router = make(
      handlers({
        'auth:signIn': async () => {
          throw new AppError('ACCOUNT_LOCKED', { lockedUntil: '2030-01-01T00:00:00.000Z' });
        },
        'auth:sendCode': async () => {
          throw new AppError('CODE_RESEND_COOLDOWN', { retryAfter: 42 });
        },
      }),
    );
    expect(await router.handle('auth:signIn', { identifier: 'a@b.cd', password: 'x' }, trusted)).toEqual({
      ok: false,
      error: { code: 'ACCOUNT_LOCKED', lockedUntil: '2030-01-01T00:00:00.000Z' },
    });
    expect(await router.handle('auth:sendCode', { challengeId: 'c1', method: 'email' }, trusted)).toEqual({
      ok: false,
      error: { code: 'CODE_RESEND_COOLDOWN', retryAfter: 42 },
    });
  });

  it('maps unexpected errors to INTERNAL without leaking message, stack or secrets', async () => {
    const log = logger();
    const router = make(
      handlers({
        'account:get': async () => {
          throw new Error('db exploded: refreshToken=abc123 at /home/user/secret');
        },
      }),
      log,
    );
    const r = await router.handle('account:get', {}, trusted);
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(r)).not.toContain('abc123');
    expect(log.lines.join('\n')).toContain('account:get');
  });

  it('maps non-Error throws too', async () => {
    const router = make(
      handlers({
        'account:get': async () => {
          throw 'a string';
        },
      }),
    );
    expect(await router.handle('account:get', {}, trusted)).toEqual({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('needs a handler for every channel', () => {
    const h = handlers() as Partial<IpcHandlers>;
    delete h['staff:remove'];
    expect(() => createIpcRouter(h as IpcHandlers, { isTrustedSender: () => true, logger: logger() })).toThrow(/staff:remove/);
  });

  it('drains: waits for running calls, then refuses new ones', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const router = make(
      handlers({
        'account:get': async () => {
          await gate;
          return account;
        },
      }),
    );
    const running = router.handle('account:get', {}, trusted);
    const drained = router.drain(5000);
    release();
    await drained;
    expect((await running).ok).toBe(true);
    expect((await router.handle('app:getState', {}, trusted)).ok).toBe(false);
  });
});
