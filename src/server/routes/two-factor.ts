import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  DisableTwoFactorRequest,
  OtpConfirmRequest,
  OtpStartRequest,
  OtpStarted,
  RecoveryCodes,
  RegenerateRecoveryRequest,
  TotpConfirmRequest,
  TotpEnrollment,
} from '../../shared/http/auth';
import { Ok } from '../../shared/http/common';
import type { AppContext } from '../context';
import { authOf, requireAuth } from '../http/authenticate';
import { clientInfo } from '../http/client';
import { confirmOtp, confirmTotp, disableTwoFactor, regenerateRecovery, startOtp, startTotp } from '../auth/security-settings';
import { EmptyBody, OK, bearer, problems } from './shared';

const tags = ['two-factor'];

export function twoFactorRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const preHandler = requireAuth(ctx);
    const schema = { tags, security: bearer };

    app.post(
      '/api/v1/me/2fa/totp/start',
      { schema: { ...schema, body: EmptyBody, response: { 200: TotpEnrollment, ...problems } }, preHandler },
      async (req) => startTotp(ctx, authOf(req).account),
    );

    app.post('/api/v1/me/2fa/totp/confirm', { schema: { ...schema, body: TotpConfirmRequest, response: { 200: RecoveryCodes, ...problems } }, preHandler }, async (req) =>
      confirmTotp(ctx, authOf(req).account, req.body.code, clientInfo(req)),
    );

    app.post('/api/v1/me/2fa/otp/start', { schema: { ...schema, body: OtpStartRequest, response: { 200: OtpStarted, ...problems } }, preHandler }, async (req) =>
      startOtp(ctx, authOf(req).account, req.body.method, clientInfo(req)),
    );

    app.post('/api/v1/me/2fa/otp/confirm', { schema: { ...schema, body: OtpConfirmRequest, response: { 200: RecoveryCodes, ...problems } }, preHandler }, async (req) =>
      confirmOtp(ctx, authOf(req).account, req.body.method, req.body.code, clientInfo(req)),
    );

    app.post('/api/v1/me/2fa/disable', { schema: { ...schema, body: DisableTwoFactorRequest, response: { 200: Ok, ...problems } }, preHandler }, async (req) => {
      await disableTwoFactor(ctx, authOf(req).account, req.body.password, clientInfo(req));
      return OK;
    });

    app.post(
      '/api/v1/me/2fa/recovery-codes',
      { schema: { ...schema, body: RegenerateRecoveryRequest, response: { 200: RecoveryCodes, ...problems } }, preHandler },
      async (req) => regenerateRecovery(ctx, authOf(req).account, req.body.password, clientInfo(req)),
    );
  };
}
