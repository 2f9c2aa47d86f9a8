import { describe, expect, it, vi } from 'vitest';
import { createHttpBridge, takeToken, toIpcResponse, TOKEN_STORAGE_KEY, type EventSourceLike, type FetchLike } from '../../src/renderer/src/bridge-http';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('takeToken', () => {
  it('reads #token=…, keeps it in session storage and clears the address bar', () => {
    const storage = memoryStorage();
    const history = { replaceState: vi.fn() };
    const token = takeToken({ hash: '#token=abc%2Bdef', pathname: '/', search: '?x=1' }, storage, history);
    expect(token).toBe('abc+def');
    expect(storage.m.get(TOKEN_STORAGE_KEY)).toBe('abc+def');
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/?x=1');
  });

  it('falls back to the stored token after a reload, and to null without one', () => {
    const storage = memoryStorage();
    const history = { replaceState: vi.fn() };
    expect(takeToken({ hash: '', pathname: '/', search: '' }, storage, history)).toBeNull();
    storage.setItem(TOKEN_STORAGE_KEY, 'kept');
    expect(takeToken({ hash: '', pathname: '/', search: '' }, storage, history)).toBe('kept');
    expect(history.replaceState).not.toHaveBeenCalled();
  });
});

describe('createHttpBridge', () => {
  it('POSTs JSON to /ipc/<channel> with the token header and returns the IpcResponse', async () => {
    const fetch = vi.fn<FetchLike>(async () => ({ status: 200, json: async () => ({ ok: true, data: { ok: true } }) }));
    const bridge = createHttpBridge({ fetch, token: 'tok' });
    const res = await bridge.invoke('support:contact', { contact: 'a@b.cd', message: 'hi' });
    expect(res).toEqual({ ok: true, data: { ok: true } });
    expect(fetch).toHaveBeenCalledWith('/ipc/support:contact', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sellerdesk-token': 'tok' },
      body: JSON.stringify({ contact: 'a@b.cd', message: 'hi' }),
    });
  });

  it('maps a network failure to SERVER_UNREACHABLE', async () => {
    const bridge = createHttpBridge({ fetch: async () => Promise.reject(new TypeError('Failed to fetch')), token: 'tok' });
    expect(await bridge.invoke('app:getState', {})).toEqual({ ok: false, error: { code: 'SERVER_UNREACHABLE' } });
  });

  it('passes typed errors through and sanitises unknown ones', async () => {
    const reply = (status: number, body: unknown): FetchLike => async () => ({ status, json: async () => body });
    const locked = { ok: false, error: { code: 'ACCOUNT_LOCKED', lockedUntil: '2030-01-01T00:00:00Z' } };
    expect(await createHttpBridge({ fetch: reply(200, locked), token: 't' }).invoke('auth:signOut', {})).toEqual(locked);
    expect(await createHttpBridge({ fetch: reply(200, { ok: false, error: { code: 'NOPE' } }), token: 't' }).invoke('auth:signOut', {})).toEqual({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    const notJson: FetchLike = async () => ({ status: 502, json: async () => Promise.reject(new SyntaxError('html')) });
    expect(await createHttpBridge({ fetch: notJson, token: 't' }).invoke('auth:signOut', {})).toEqual({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('refuses to call without a token', async () => {
    const fetch = vi.fn<FetchLike>();
    expect(await createHttpBridge({ fetch, token: null }).invoke('app:getState', {})).toEqual({ ok: false, error: { code: 'IPC_SENDER_REFUSED' } });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('maps HTTP statuses without a body', () => {
    expect(toIpcResponse(401, null)).toEqual({ ok: false, error: { code: 'IPC_SENDER_REFUSED' } });
    expect(toIpcResponse(404, null)).toEqual({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
    expect(toIpcResponse(200, 'weird')).toEqual({ ok: false, error: { code: 'IPC_BAD_OUTPUT' } });
  });

  it('opens one EventSource with the token and dispatches only known event names', () => {
    const sources: { url: string; es: EventSourceLike }[] = [];
    const bridge = createHttpBridge({
      fetch: vi.fn<FetchLike>(),
      token: 'a b',
      createEventSource: (url) => {
        const es: EventSourceLike = { onmessage: null, close: vi.fn() };
        sources.push({ url, es });
        return es;
      },
    });
    const changed = vi.fn();
    const expired = vi.fn();
    const off = bridge.on('state:changed', changed);
    bridge.on('session:expired', expired);
    expect(sources).toHaveLength(1);
    expect(sources[0]!.url).toBe('/events?token=a%20b');
    const emit = (data: unknown) => sources[0]!.es.onmessage?.({ data });
    emit('state:changed');
    emit('session:expired');
    emit('something:else');
    expect(changed).toHaveBeenCalledTimes(1);
    expect(expired).toHaveBeenCalledTimes(1);
    off();
    emit('state:changed');
    expect(changed).toHaveBeenCalledTimes(1);
  });
  it('asks state:changed listeners to re-read the state whenever the event stream (re)opens', () => {
    let es: EventSourceLike | null = null;
    const bridge = createHttpBridge({
      fetch: vi.fn<FetchLike>(),
      token: 't',
      createEventSource: () => (es = { onmessage: null, onopen: null, close: vi.fn() }),
    });
    const changed = vi.fn();
    const expired = vi.fn();
    bridge.on('state:changed', changed);
    bridge.on('session:expired', expired);
    es!.onopen?.();
    es!.onopen?.();
    expect(changed).toHaveBeenCalledTimes(2);
    expect(expired).not.toHaveBeenCalled();
  });
});
