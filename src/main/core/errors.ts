import type { ErrorCode } from '../../shared/errors';
import type { IpcError } from '../../shared/ipc/contract';

/**
 * The one error type main-process code throws on purpose. It carries exactly
 * the fields that may cross to the renderer (an `IpcError`), nothing else:
 * no message from a server, no stack, no token.
 */
export class AppError extends Error {
  readonly ipc: IpcError;
  constructor(code: ErrorCode, extra: Omit<IpcError, 'code'> = {}) {
    super(code);
    this.name = 'AppError';
    this.ipc = { code, ...extra };
  }
}

export function appError(code: ErrorCode, extra: Omit<IpcError, 'code'> = {}): AppError {
  return new AppError(code, extra);
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function hasCode(e: unknown, ...codes: ErrorCode[]): boolean {
  return isAppError(e) && codes.includes(e.ipc.code);
}
