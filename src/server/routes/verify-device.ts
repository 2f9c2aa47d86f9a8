/** GET /verify-device?token=… — the one-click link from the new-device email; answers a small localized page. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context';
import { clientInfo, isLocale } from '../http/client';
import { isAppError } from '../http/problem';
import { approveDeviceLink } from '../auth/challenge-flow';
import { renderVerifyPage } from '../messaging/templates';

export function verifyDeviceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/verify-device',
      // loose on purpose: mail clients append tracking parameters; a bad token renders the "invalid" page
      { schema: { tags: ['auth'], querystring: z.object({ token: z.string().optional() }).loose() } },
      async (req, reply) => {
        const client = clientInfo(req);
        const token = req.query.token ?? '';
        reply
          .type('text/html; charset=utf-8')
          .header('Cache-Control', 'no-store')
          .header('Referrer-Policy', 'no-referrer')
          .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
          .header('X-Frame-Options', 'DENY');
        if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) return reply.code(400).send(renderVerifyPage(client.locale, 'invalid'));
        try {
          const ch = await approveDeviceLink(ctx, token, client);
          if (!ch) return reply.code(410).send(renderVerifyPage(client.locale, 'invalid'));
          const locale = isLocale(ch.locale) ? ch.locale : client.locale;
          return reply.send(renderVerifyPage(locale, 'approved', ch.device_name));
        } catch (err) {
          if (isAppError(err) && err.code === 'RATE_LIMITED') {
            reply.header('Retry-After', String(err.extras.retryAfter ?? 60));
            return reply.code(429).send(renderVerifyPage(client.locale, 'invalid'));
          }
          throw err;
        }
      },
    );
  };
}
