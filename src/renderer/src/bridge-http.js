import { IPC_EVENTS, IpcError } from '../../shared/ipc/contract';
export const TOKEN_STORAGE_KEY = 'sellerdesk.hostToken';
/** Reads `#token=…` once, keeps it for this tab only and removes it from the address bar. */
export function takeToken(location, storage, history) {
    const hash = location.hash.startsWith('#') ? location.hash.slice(1) : location.hash;
    const fromHash = new URLSearchParams(hash).get('token');
    if (fromHash) {
        storage.setItem(TOKEN_STORAGE_KEY, fromHash);
        history.replaceState(null, '', location.pathname + location.search);
        return fromHash;
    }
    return storage.getItem(TOKEN_STORAGE_KEY);
}
const failure = (error) => ({ ok: false, error });
/** Anything that is not a well-formed IpcResponse becomes a typed error, never a throw. */
export function toIpcResponse(status, body) {
    if (body && typeof body === 'object' && 'ok' in body) {
        const b = body;
        if (b.ok === true && 'data' in b)
            return { ok: true, data: b.data };
        if (b.ok === false) {
            const parsed = IpcError.safeParse(b.error);
            return failure(parsed.success ? parsed.data : { code: 'INTERNAL' });
        }
    }
    if (status === 401 || status === 403)
        return failure({ code: 'IPC_SENDER_REFUSED' });
    if (status === 404)
        return failure({ code: 'IPC_UNKNOWN_CHANNEL' });
    return failure({ code: status >= 500 ? 'INTERNAL' : 'IPC_BAD_OUTPUT' });
}
export function createHttpBridge(deps) {
    const listeners = new Map();
    let source = null;
    const ensureEvents = () => {
        if (source || !deps.token || !deps.createEventSource)
            return;
        source = deps.createEventSource('/events?token=' + encodeURIComponent(deps.token));
        source.onmessage = (ev) => {
            const name = ev.data;
            if (typeof name !== 'string' || !IPC_EVENTS.includes(name))
                return;
            for (const fn of listeners.get(name) ?? [])
                fn();
        };
    };
    return {
        async invoke(channel, input) {
            if (!deps.token)
                return failure({ code: 'IPC_SENDER_REFUSED' });
            let res;
            try {
                res = await deps.fetch('/ipc/' + channel, {
                    method: 'POST',
                    headers: { 'content-type': 'application/json', 'x-sellerdesk-token': deps.token },
                    body: JSON.stringify(input),
                });
            }
            catch {
                return failure({ code: 'SERVER_UNREACHABLE' });
            }
            let body = null;
            try {
                body = await res.json();
            }
            catch {
                body = null;
            }
            return toIpcResponse(res.status, body);
        },
        on(event, listener) {
            let set = listeners.get(event);
            if (!set)
                listeners.set(event, (set = new Set()));
            set.add(listener);
            ensureEvents();
            return () => {
                set.delete(listener);
            };
        },
    };
}
