import type { SellerdeskBridge } from '../../shared/ipc/contract';
import { createHttpBridge, takeToken, type EventSourceLike } from './bridge-http';

declare global {
  interface Window {
    /** exposed by the Electron preload; absent when a browser hosts the UI */
    sellerdesk?: SellerdeskBridge;
  }
}

let bridge: SellerdeskBridge | null = null;

/** The preload's bridge inside Electron, otherwise the same contract over HTTP. */
export function getBridge(): SellerdeskBridge {
  if (bridge) return bridge;
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
      const source: EventSourceLike = { onmessage: null, onopen: null, close: () => es.close() };
      es.onmessage = (ev: MessageEvent<unknown>) => source.onmessage?.({ data: ev.data });
      es.onopen = () => source.onopen?.();
      return source;
    },
  });
  return bridge;
}

export function isBrowserHost(): boolean {
  return !window.sellerdesk;
}
