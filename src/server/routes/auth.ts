import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AuthResult,
  Challenge,
  ChallengePollRequest,
  ChallengeSendRequest,
  ChallengeVerifyRequest,
  ForgotPasswordRequest,
  LoginRequest,
  RefreshRequest,
  ResetPasswordRequest,
  Tokens,
} from '../../shared/http/auth';
import { Ok } from '../../shared/http/common';
import type { AppContext } from '../context';
import { authOf, requireAuth } from '../http/authenticate';
import { clientInfo } from '../http/client';
import { enforceRateLimit } from '../http/rate-limit';
import { pollChallenge, sendChallenge, verifyChallenge } from '../auth/challenge-flow';
import { forgotPassword, resetPassword } from '../auth/password-reset';
import { recordEvent } from '../auth/security-events';
import { refreshSession, revokeSession } from '../auth/sessions';
import { login } from '../auth/sign-in';
import { sha256 } from '../auth/tokens';
import { EmptyBody, OK, bearer, problems } from './shared';

const tags = ['auth'];

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/api/v1/auth/login', { schema: { tags, body: LoginRequest, response: { 200: AuthResult, ...problems } } }, async (req) =>
      login(ctx, req.body, clientInfo(req, req.body.locale)),
    );

    app.post('/api/v1/auth/challenge/send', { schema: { tags, body: ChallengeSendRequest, response: { 200: Challenge, ...problems } } }, async (req) =>
      sendChallenge(ctx, req.body, clientInfo(req)),
    );

    app.post('/api/v1/auth/challenge/verify', { schema: { tags, body: ChallengeVerifyRequest, response: { 200: AuthResult, ...problems } } }, async (req) =>
      verifyChallenge(ctx, req.body, clientInfo(req)),
    );

    app.post('/api/v1/auth/challenge/poll', { schema: { tags, body: ChallengePollRequest, response: { 200: AuthResult, ...problems } } }, async (req) =>
      pollChallenge(ctx, req.body, clientInfo(req)),
    );

    app.post('/api/v1/auth/refresh', { schema: { tags, body: RefreshRequest, response: { 200: Tokens, ...problems } } }, async (req) => {
      const client = clientInfo(req);
      await enforceRateLimit(ctx, 'refresh', client.ip, sha256(req.body.refreshToken).slice(0, 24));
      return refreshSession(ctx.db, ctx.limits, req.body.refreshToken, client);
    });

    app.post(
      '/api/v1/auth/logout',
      { schema: { tags, security: bearer, body: EmptyBody, response: { 200: Ok, ...problems } }, preHandler: requireAuth(ctx) },
      async (req) => {
        const { account, session } = authOf(req);
        const client = clientInfo(req);
        await enforceRateLimit(ctx, 'logout', client.ip, account.id);
        await revokeSession(ctx.db, session.id, 'signed_out');
        await recordEvent(ctx.db, { account, type: 'signed_out', client, deviceName: session.device_name });
        return OK;
      },
    );

    app.post('/api/v1/auth/password/forgot', { schema: { tags, body: ForgotPasswordRequest, response: { 200: Ok, ...problems } } }, async (req) => {
      await forgotPassword(ctx, req.body, clientInfo(req, req.body.locale));
      return OK;
    });

    app.post('/api/v1/auth/password/reset', { schema: { tags, body: ResetPasswordRequest, response: { 200: Ok, ...problems } } }, async (req) => {
      await resetPassword(ctx, req.body, clientInfo(req));
      return OK;
    });
  };
}
