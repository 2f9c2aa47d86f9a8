/**
 * The link in the new-device email.
 * GET /verify-device?token=… shows what would be approved and a button;
 * POST /verify-device (form: token) approves. A GET never approves: mail
 * security scanners open links on their own, and must not sign anyone in.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import type { AppContext } from '../context';
import { clientInfo, isLocale, type ClientInfo } from '../http/client';
import { isAppError } from '../http/problem';
import { approveDeviceLink, previewDeviceLink } from '../auth/challenge-flow';
import type { ChallengeRow } from '../auth/challenges';
import { renderVerifyPage, type VerifyPageState } from '../messaging/templates';

const TOKEN_RE = /^[A-Za-z0-9_-]{20,200}$/;

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('Referrer-Policy', 'no-referrer')
    .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
    .header('X-Frame-Options', 'DENY');
}

async function answer(
  reply: FastifyReply,
  client: ClientInfo,
  token: string,
  lang: string | undefined,
  found: (token: string) => Promise<ChallengeRow | null>,
  state: VerifyPageState,
) {
  const locale = isLocale(lang) ? lang : client.locale;
  pageHeaders(reply);
  if (!TOKEN_RE.test(token)) return reply.code(400).send(renderVerifyPage(locale, 'invalid'));
  try {
    const ch = await found(token);
    if (!ch) return reply.code(410).send(renderVerifyPage(locale, 'invalid'));
    const pageLocale = isLocale(lang) ? lang : isLocale(ch.locale) ? ch.locale : client.locale;
    return reply.send(renderVerifyPage(pageLocale, state, ch.device_name, token));
  } catch (err) {
    if (isAppError(err) && err.code === 'RATE_LIMITED') {
      reply.header('Retry-After', String(err.extras.retryAfter ?? 60));
      return reply.code(429).send(renderVerifyPage(locale, 'invalid'));
    }
    throw err;
  }
}

export function verifyDeviceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // Only this plugin accepts HTML form posts; everything else stays JSON-only.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });

    app.get(
      '/verify-device',
      // loose on purpose: mail clients append tracking parameters; a bad token renders the "invalid" page
      { schema: { tags: ['auth'], querystring: z.object({ token: z.string().optional() }).loose() } },
      async (req, reply) => {
        const client = clientInfo(req);
        return answer(reply, client, req.query.token ?? '', undefined, (t) => previewDeviceLink(ctx, t, client), 'confirm');
      },
    );

    app.post(
      '/verify-device',
      { schema: { tags: ['auth'], body: z.object({ token: z.string().max(300).optional(), lang: z.string().max(10).optional() }).loose() } },
      async (req, reply) => {
        const client = clientInfo(req);
        return answer(reply, client, req.body.token ?? '', req.body.lang, (t) => approveDeviceLink(ctx, t, client), 'approved');
      },
    );
  };
}
