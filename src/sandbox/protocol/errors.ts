/**
 * Ozon's error envelope (`rpcStatus`): {code, message, details}. `code` is the
 * gRPC status number; the HTTP status follows grpc-gateway's mapping
 * (3→400, 5→404, 7→403, 8→429, 13→500, 16→401 …). Handlers throw
 * OzonError; the server turns it into a reply.
 */
export const GRPC = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** grpc-gateway runtime.HTTPStatusFromCode. */
export function httpStatusFor(code: number): number {
  switch (code) {
    case 0:
      return 200;
    case 1:
      return 499;
    case 3:
    case 9:
    case 11:
      return 400;
    case 4:
      return 504;
    case 5:
      return 404;
    case 6:
    case 10:
      return 409;
    case 7:
      return 403;
    case 8:
      return 429;
    case 12:
      return 501;
    case 14:
      return 503;
    case 16:
      return 401;
    default:
      return 500;
  }
}

export interface ErrorDetail {
  typeUrl: string;
  value: string;
}

export class OzonError extends Error {
  readonly httpStatus: number;
  readonly headers: Record<string, string>;
  constructor(
    readonly code: number,
    message: string,
    opts: { httpStatus?: number; details?: ErrorDetail[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.httpStatus = opts.httpStatus ?? httpStatusFor(code);
    this.details = opts.details ?? [];
    this.headers = opts.headers ?? {};
  }
  readonly details: ErrorDetail[];

  body(): { code: number; message: string; details: ErrorDetail[] } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export const invalidArgument = (message: string): OzonError => new OzonError(GRPC.INVALID_ARGUMENT, message);
export const notFound = (message: string): OzonError => new OzonError(GRPC.NOT_FOUND, message);

/** The messages seen from Ozon's auth layer (see examples/errors.json and public client fixtures). */
export const AUTH_MESSAGES = {
  missing: 'Client-Id and Api-Key headers are required',
  invalid: 'Invalid Api-Key, please contact support',
  deactivated: 'Api-key is deactivated, use another one or generate a new one',
  missingRole: 'Api-Key is missing a required role',
} as const;

export const RATE_LIMIT_MESSAGE = 'You have reached request rate limit per second';
