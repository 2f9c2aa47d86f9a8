/**
 * Bearer authentication and permission checks. Every authenticated request
 * re-reads the session: a revoked session or disabled account fails at once
 * with UNAUTHENTICATED (no caching of access decisions).
 */
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { can, type Permission, type Role } from '../../shared/roles';
import type { AppContext } from '../context';
import { authenticateAccessToken, type Authenticated } from '../auth/sessions';
import { AppError } from './problem';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | null;
  }
}

export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S{10,300})$/i.exec(h.trim());
  return m ? m[1]! : null;
}

export function requireAuth(ctx: AppContext): preHandlerAsyncHookHandler {
  return async function (req) {
    const token = bearerToken(req);
    if (!token) throw new AppError('UNAUTHENTICATED');
    const auth = await authenticateAccessToken(ctx.db, token);
    if (!auth) throw new AppError('UNAUTHENTICATED');
    req.auth = auth;
  };
}

export function requirePermission(ctx: AppContext, permission: Permission): preHandlerAsyncHookHandler[] {
  return [
    requireAuth(ctx),
    async function (req) {
      if (!can(req.auth!.account.role as Role, permission)) throw new AppError('FORBIDDEN');
    },
  ];
}

/** For handlers behind requireAuth. */
export function authOf(req: FastifyRequest): Authenticated {
  if (!req.auth) throw new AppError('UNAUTHENTICATED');
  return req.auth;
}
