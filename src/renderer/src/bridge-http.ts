import { IPC_EVENTS, IpcError } from '../../shared/ipc/contract';
import type { IpcChannel, IpcEvent, IpcInput, IpcResponse, SellerdeskBridge } from '../../shared/ipc/contract';

/**
 * The browser-host bridge: the same SellerdeskBridge the Electron preload
 * exposes, spoken over HTTP to the local host process. DOM-free on purpose:
 * every browser API comes in through `HttpBridgeDeps`, so it is unit-testable.
 */

export interface FetchResponseLike {
  status: number;
  json(): Promise<unknown>;
}
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<FetchResponseLike>;

export interface EventSourceLike {
  onmessage: ((ev: { data: unknown }) => void) | null;
  /** the stream is (re)connected; events sent while it was not are lost */
  onopen?: (() => void) | null;
  close(): void;
}

export interface HttpBridgeDeps {
  fetch: FetchLike;
  /** null when the page was opened without an access key */
  token: string | null;
  createEventSource?: (url: string) => EventSourceLike;
}

export interface TokenStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
export interface TokenLocationLike {
  hash: string;
  pathname: string;
  search: string;
}
export interface TokenHistoryLike {
  replaceState(data: unknown, unused: string, url?: string): void;
}

export const TOKEN_STORAGE_KEY = 'sellerdesk.hostToken';

/** Reads `#token=…` once, keeps it for this tab only and removes it from the address bar. */
export function takeToken(location: TokenLocationLike, storage: TokenStorageLike, history: TokenHistoryLike): string | null {
  const hash = location.hash.startsWith('#') ? location.hash.slice(1) : location.hash;
  const fromHash = new URLSearchParams(hash).get('token');
  if (fromHash) {
    storage.setItem(TOKEN_STORAGE_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}

const failure = (error: IpcError): { ok: false; error: IpcError } => ({ ok: false, error });

/** Anything that is not a well-formed IpcResponse becomes a typed error, never a throw. */
export function toIpcResponse<C extends IpcChannel>(status: number, body: unknown): IpcResponse<C> {
  if (body && typeof body === 'object' && 'ok' in body) {
    const b = body as { ok: unknown; data?: unknown; error?: unknown };
    if (b.ok === true && 'data' in b) return { ok: true, data: b.data } as IpcResponse<C>;
    if (b.ok === false) {
      const parsed = IpcError.safeParse(b.error);
      return failure(parsed.success ? parsed.data : { code: 'INTERNAL' });
    }
  }
  if (status === 401 || status === 403) return failure({ code: 'IPC_SENDER_REFUSED' });
  if (status === 404) return failure({ code: 'IPC_UNKNOWN_CHANNEL' });
  return failure({ code: status >= 500 ? 'INTERNAL' : 'IPC_BAD_OUTPUT' });
}

export function createHttpBridge(deps: HttpBridgeDeps): SellerdeskBridge {
  const listeners = new Map<IpcEvent, Set<() => void>>();
  let source: EventSourceLike | null = null;

  const ensureEvents = () => {
    if (source || !deps.token || !deps.createEventSource) return;
    source = deps.createEventSource('/events?token=' + encodeURIComponent(deps.token));
    source.onmessage = (ev) => {
      const name = ev.data;
      if (typeof name !== 'string' || !(IPC_EVENTS as readonly string[]).includes(name)) return;
      for (const fn of listeners.get(name as IpcEvent) ?? []) fn();
    };
    // Whatever changed before the stream was (re)connected was never delivered:
    // e.g. the embedded server finishing its start and restoring the session
    // while the page was still loading. Tell listeners to re-read the state.
    source.onopen = () => {
      for (const fn of listeners.get('state:changed') ?? []) fn();
    };
  };

  return {
    async invoke<C extends IpcChannel>(channel: C, input: IpcInput<C>): Promise<IpcResponse<C>> {
      if (!deps.token) return failure({ code: 'IPC_SENDER_REFUSED' });
      let res: FetchResponseLike;
      try {
        res = await deps.fetch('/ipc/' + channel, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-sellerdesk-token': deps.token },
          body: JSON.stringify(input),
        });
      } catch {
        return failure({ code: 'SERVER_UNREACHABLE' });
      }
      let body: unknown = null;
      try {
        body = await res.json();
      } catch {
        body = null;
      }
      return toIpcResponse<C>(res.status, body);
    },
    on(event: IpcEvent, listener: () => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      ensureEvents();
      return () => {
        set.delete(listener);
      };
    },
  };
}
