/**
 * Sandboxed preload (bundled to one CommonJS file; it may require nothing but
 * `electron`). Exposes `window.sellerdesk` with exactly two functions; the
 * renderer never sees ipcRenderer, and only contract channel/event names pass.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_CHANNELS,
  IPC_EVENT,
  IPC_EVENTS,
  IPC_INVOKE,
  type IpcChannel,
  type IpcEvent,
  type IpcInput,
  type IpcResponse,
  type SellerdeskBridge,
} from '../shared/ipc/contract';

const channels: ReadonlySet<string> = new Set<string>(IPC_CHANNELS);
const events: ReadonlySet<string> = new Set<string>(IPC_EVENTS);

const bridge: SellerdeskBridge = {
  invoke<C extends IpcChannel>(channel: C, input: IpcInput<C>): Promise<IpcResponse<C>> {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'IPC_UNKNOWN_CHANNEL' } });
    }
    return ipcRenderer.invoke(IPC_INVOKE, channel, input) as Promise<IpcResponse<C>>;
  },
  on(event: IpcEvent, listener: () => void): () => void {
    if (typeof event !== 'string' || !events.has(event) || typeof listener !== 'function') return () => undefined;
    const wrapped = (_e: IpcRendererEvent, name: unknown) => {
      if (name === event) listener();
    };
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('sellerdesk', Object.freeze(bridge));
