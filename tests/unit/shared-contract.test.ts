import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, ipcContract, isIpcChannel } from '../../src/shared/ipc/contract';
import { LoginRequest } from '../../src/shared/http/auth';

describe('IPC contract', () => {
  it('names channels domain:action and recognises only its own keys', () => {
    for (const c of IPC_CHANNELS) expect(c).toMatch(/^[a-z]+:[a-zA-Z]+$/);
    expect(isIpcChannel('auth:signIn')).toBe(true);
    for (const bad of ['toString', '__proto__', 'constructor', 'auth:nope', 42, null]) expect(isIpcChannel(bad)).toBe(false);
  });

  it('rejects unknown fields instead of ignoring them', () => {
    expect(ipcContract['auth:signIn'].input.safeParse({ identifier: 'a@b.ru', password: 'x', admin: true }).success).toBe(false);
    expect(
      LoginRequest.safeParse({
        identifier: 'a@b.ru',
        password: 'x',
        device: { id: 'd1', name: 'pc', platform: 'linux' },
        role: 'owner',
      }).success,
    ).toBe(false);
  });

  it('never lets a token or secret appear in a renderer-facing output', () => {
    const json = JSON.stringify(
      Object.fromEntries(IPC_CHANNELS.map((c) => [c, Object.keys((ipcContract[c].output as { shape?: object }).shape ?? {})])),
    );
    expect(json).not.toMatch(/refreshToken|accessToken|deviceToken|apiKey/i);
  });
});
