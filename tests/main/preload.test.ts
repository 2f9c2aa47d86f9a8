import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, IPC_EVENT, IPC_INVOKE, type SellerdeskBridge } from '../../src/shared/ipc/contract';

/** The preload runs against a stand-in for Electron's renderer modules; what it exposes is what we check. */
const exposed: Record<string, unknown> = {};
const listeners = new Set<(e: unknown, name: unknown) => void>();
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, data: 'x' }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => invoke(...args),
    on: (_ch: string, l: (e: unknown, name: unknown) => void) => listeners.add(l),
    removeListener: (_ch: string, l: (e: unknown, name: unknown) => void) => listeners.delete(l),
    send: () => {
      throw new Error('preload must not use send');
    },
    sendSync: () => {
      throw new Error('preload must not use sendSync');
    },
  },
}));

let bridge: SellerdeskBridge;
beforeAll(async () => {
  await import('../../src/preload/index');
  bridge = exposed.sellerdesk as SellerdeskBridge;
});

describe('preload bridge', () => {
  it('exposes exactly invoke and on, frozen', () => {
    expect(Object.keys(exposed)).toEqual(['sellerdesk']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('forwards contract channels over the one invoke channel', async () => {
    for (const c of IPC_CHANNELS) {
      await bridge.invoke(c, {} as never);
      expect(invoke).toHaveBeenLastCalledWith(IPC_INVOKE, c, {});
    }
  });

  it('refuses other channel names without touching IPC', async () => {
    invoke.mockClear();
    for (const c of ['nope', '__proto__', 'toString', IPC_INVOKE, '', 5, null]) {
      expect(await bridge.invoke(c as never, {} as never)).toEqual({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
    }
    expect(invoke).not.toHaveBeenCalled();
  });

  it('delivers only the subscribed event, and unsubscribes', () => {
    const got: string[] = [];
    const off = bridge.on('session:expired', () => got.push('expired'));
    const off2 = bridge.on('state:changed', () => got.push('state'));
    for (const l of [...listeners]) l({}, 'session:expired');
    for (const l of [...listeners]) l({}, 'unknown');
    expect(got).toEqual(['expired']);
    off();
    off2();
    expect(listeners.size).toBe(0);
    // unknown events: no listener registered, a no-op unsubscribe
    const noop = bridge.on('evil' as never, () => got.push('evil'));
    expect(listeners.size).toBe(0);
    noop();
    expect(IPC_EVENT).toBe('sellerdesk:event');
  });
});
