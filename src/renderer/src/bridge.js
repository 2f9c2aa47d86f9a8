import { createHttpBridge, takeToken } from './bridge-http';
let bridge = null;
/** The preload's bridge inside Electron, otherwise the same contract over HTTP. */
export function getBridge() {
    if (bridge)
        return bridge;
    if (window.sellerdesk) {
        bridge = window.sellerdesk;
        return bridge;
    }
    const token = takeToken(window.location, window.sessionStorage, window.history);
    bridge = createHttpBridge({
        token,
        fetch: (url, init) => window.fetch(url, { ...init, credentials: 'same-origin', cache: 'no-store' }),
        createEventSource: (url) => {
            const es = new EventSource(url);
            const source = { onmessage: null, close: () => es.close() };
            es.onmessage = (ev) => source.onmessage?.({ data: ev.data });
            return source;
        },
    });
    return bridge;
}
export function isBrowserHost() {
    return !window.sellerdesk;
}
