import type { z } from 'zod';
import { IpcError, ipcContract, isIpcChannel, type IpcChannel, type IpcResponse } from '../../shared/ipc/contract';
import { isAppError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { IpcHandlers, SenderInfo } from './types';

export interface IpcRouterOptions {
  /** decides whether a sender may call at all (URL guard in Electron, own origin in the browser host) */
  isTrustedSender: (sender: SenderInfo) => boolean;
  logger: Logger;
}

export interface IpcRouter {
  handle(channel: unknown, input: unknown, sender: SenderInfo): Promise<IpcResponse<IpcChannel>>;
  /** refuse new calls and wait (up to timeoutMs) for running ones */
  drain(timeoutMs?: number): Promise<void>;
}

type Fail = { ok: false; error: IpcError };
const fail = (error: IpcError): Fail => ({ ok: false, error });

/** zod issues → field list: dotted path (unknown keys get their own path) and the zod issue code. */
export function issuesToFields(issues: readonly z.core.$ZodIssue[]): NonNullable<IpcError['fields']> {
  const out: NonNullable<IpcError['fields']> = [];
  for (const i of issues) {
    const base = i.path.map(String);
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys.slice(0, 10)) out.push({ path: [...base, k].join('.').slice(0, 200), code: i.code });
    } else out.push({ path: base.join('.').slice(0, 200), code: i.code });
    if (out.length >= 50) break;
  }
  return out;
}

/**
 * The single entry point for renderer calls. Every call is answered with an
 * IpcResponse; nothing throws across the bridge and no error carries a
 * message, stack or token.
 */
export function createIpcRouter(handlers: IpcHandlers, opts: IpcRouterOptions): IpcRouter {
  for (const channel of Object.keys(ipcContract)) {
    if (typeof (handlers as Record<string, unknown>)[channel] !== 'function') throw new Error(`no IPC handler for ${channel}`);
  }
  const inFlight = new Set<Promise<unknown>>();
  let draining = false;

  async function run(channel: IpcChannel, input: unknown, sender: SenderInfo): Promise<IpcResponse<IpcChannel>> {
    const spec = ipcContract[channel];
    const parsedInput = spec.input.safeParse(input === undefined ? {} : input);
    if (!parsedInput.success) return fail({ code: 'VALIDATION_FAILED', fields: issuesToFields(parsedInput.error.issues) });
    let output: unknown;
    try {
      const handler = handlers[channel] as (i: unknown, ctx: { sender: SenderInfo }) => unknown;
      output = await handler(parsedInput.data, { sender });
    } catch (e) {
      if (isAppError(e)) {
        const checked = IpcError.safeParse(e.ipc);
        if (checked.success) return fail(checked.data);
      }
      opts.logger.error('IPC handler failed', { channel, error: e instanceof Error ? e.stack ?? e.message : String(e) });
      return fail({ code: 'INTERNAL' });
    }
    const parsedOutput = spec.output.safeParse(output);
    if (!parsedOutput.success) {
      opts.logger.error('IPC handler returned output outside the contract', {
        channel,
        issues: parsedOutput.error.issues.slice(0, 10).map((i) => `${i.path.join('.')}: ${i.code}`),
      });
      return fail({ code: 'IPC_BAD_OUTPUT' });
    }
    return { ok: true, data: parsedOutput.data } as IpcResponse<IpcChannel>;
  }

  return {
    async handle(channel, input, sender) {
      let trusted = false;
      try {
        trusted = opts.isTrustedSender(sender);
      } catch {
        trusted = false;
      }
      if (!trusted) {
        opts.logger.warn('IPC call from an untrusted sender refused', { url: typeof sender?.url === 'string' ? sender.url.slice(0, 200) : null });
        return fail({ code: 'IPC_SENDER_REFUSED' });
      }
      if (!isIpcChannel(channel)) return fail({ code: 'IPC_UNKNOWN_CHANNEL' });
      if (draining) return fail({ code: 'SERVER_UNREACHABLE' });
      const p = run(channel, input, sender);
      inFlight.add(p);
      try {
        return await p;
      } finally {
        inFlight.delete(p);
      }
    },
    async drain(timeoutMs = 5000) {
      draining = true;
      if (inFlight.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((r) => {
          timer = setTimeout(r, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
