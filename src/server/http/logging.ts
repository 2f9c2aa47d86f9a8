/**
 * pino options. Invariant: passwords, codes and tokens never reach the logs —
 * bodies are not logged, auth headers are redacted, and the verify-device
 * token is cut out of logged URLs.
 */
import type { FastifyServerOptions } from 'fastify';

const SECRET_KEYS = ['password', 'newPassword', 'currentPassword', 'code', 'token', 'refreshToken', 'accessToken', 'deviceToken', 'secret', 'apiKey', 'clientSecret', 'masterKey'];

export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|code)=)[^&#]*/gi, '$1[REDACTED]');
}

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["api-key"]', 'headers["Api-Key"]', 'body', ...SECRET_KEYS.map((k) => `*.${k}`), ...SECRET_KEYS],
      censor: '[REDACTED]',
    },
    serializers: {
      req(req: { method: string; url: string; ip?: string; id?: string; headers?: Record<string, unknown> }) {
        return { method: req.method, url: redactUrl(req.url), ip: req.ip, reqId: req.id };
      },
    },
  };
}
