/**
 * One error path for the whole server: every failure leaves as problem+json
 * with a stable code. Fastify's own errors (parser, limits, validation) are
 * mapped here; anything unexpected becomes INTERNAL without internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, PROBLEM_CONTENT_TYPE, isAppError, toProblem } from './problem';

interface ZodValidationItem {
  instancePath: string;
  keyword: string;
  params?: { keys?: string[] };
}

function pathOf(context: string | undefined, instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  return [context && context !== 'body' ? context : null, ...parts].filter(Boolean).join('.');
}

/** Flattens zod issues to {path, code}; unknown keys become one entry per key. */
export function validationFields(validation: ZodValidationItem[], context?: string) {
  const fields: { path: string; code: string }[] = [];
  for (const item of validation) {
    const base = pathOf(context, item.instancePath);
    if (item.keyword === 'unrecognized_keys' && Array.isArray(item.params?.keys)) {
      for (const key of item.params.keys) fields.push({ path: base ? `${base}.${key}` : key, code: 'unrecognized_key' });
    } else {
      fields.push({ path: base, code: item.keyword });
    }
  }
  return fields.slice(0, 50);
}

function mapFastifyError(err: FastifyError): AppError {
  if (hasZodFastifySchemaValidationErrors(err)) {
    return new AppError('VALIDATION_FAILED', {
      fields: validationFields(err.validation as unknown as ZodValidationItem[], err.validationContext),
    });
  }
  if (err.validation) return new AppError('VALIDATION_FAILED', { fields: [] });
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    default:
      break;
  }
  if (err instanceof SyntaxError) return new AppError('MALFORMED_JSON');
  const status = err.statusCode ?? 500;
  if (status === 404) return new AppError('NOT_FOUND');
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (status >= 400 && status < 500) return new AppError('VALIDATION_FAILED', { fields: [] }, 400);
  return new AppError('INTERNAL', {}, 500);
}

export function sendProblem(reply: FastifyReply, err: AppError): FastifyReply {
  const problem = toProblem(err);
  if (problem.retryAfter !== undefined) reply.header('Retry-After', String(problem.retryAfter));
  return reply.code(err.status).type(PROBLEM_CONTENT_TYPE).serializer(JSON.stringify).send(problem);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appErr = isAppError(error) ? error : mapFastifyError(error as FastifyError);
    if (appErr.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ problem: appErr.code, status: appErr.status }, 'request refused');
    }
    return sendProblem(reply, appErr);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, new AppError('NOT_FOUND')));
}

/**
 * JSON only: text/plain is unregistered (→ 415) and an empty JSON body is
 * treated as "no body" so bodyless POSTs (logout) work from any client;
 * routes that need a body then fail schema validation cleanly.
 */
export function registerBodyParsing(app: FastifyInstance): void {
  const strictJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    strictJson(req, text, (err, value) => {
      if (err) return done(new AppError('MALFORMED_JSON'), undefined);
      done(null, value);
    });
  });
}
