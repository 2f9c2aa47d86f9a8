import type { IpcChannel, IpcInput, IpcOutput } from '../../shared/ipc/contract';
import { AppError } from './app-error';
import { getBridge } from './bridge';

export { AppError, toAppError } from './app-error';

/** Calls one contract channel: resolves with its data or throws an AppError. */
export async function call<C extends IpcChannel>(channel: C, input: IpcInput<C>): Promise<IpcOutput<C>> {
  let res;
  try {
    res = await getBridge().invoke(channel, input);
  } catch {
    throw new AppError({ code: 'SERVER_UNREACHABLE' });
  }
  if (!res || typeof res !== 'object') throw new AppError({ code: 'IPC_BAD_OUTPUT' });
  if (res.ok) return res.data;
  throw new AppError(res.error);
}

export const api = { call };
