import type { z } from 'zod';
import type { IpcChannel, IpcContract, IpcOutput } from '../../shared/ipc/contract';

/** Who sent an IPC call, as far as the host can tell. */
export interface SenderInfo {
  /** URL of the sending document (Electron senderFrame.url; the browser host's own origin) */
  url: string | null;
  /** false for sub-frames; only the top-level document may call */
  isMainFrame?: boolean;
}

export interface HandlerContext {
  sender: SenderInfo;
}

/** A handler gets the already-parsed input and returns the output (parsed again before it leaves). */
export type IpcHandler<C extends IpcChannel> = (
  input: z.output<IpcContract[C]['input']>,
  ctx: HandlerContext,
) => Promise<IpcOutput<C>> | IpcOutput<C>;

export type IpcHandlers = { [C in IpcChannel]: IpcHandler<C> };

/** The handlers of one domain, e.g. DomainHandlers<'app'> = every 'app:*' channel. */
export type DomainHandlers<D extends string> = { [C in Extract<IpcChannel, `${D}:${string}`>]: IpcHandler<C> };
