/** Applies a RateLimitedAction's rule per IP and per identifier/account; throws RATE_LIMITED with retryAfter. */
import { rateRule, type RateLimitedAction } from '../config';
import type { AppContext } from '../context';
import { AppError } from './problem';

export async function enforceRateLimit(
  ctx: AppContext,
  action: RateLimitedAction,
  ip: string | null,
  key?: string | null,
): Promise<void> {
  const rule = rateRule(ctx.limits, action);
  const windowMs = rule.windowSeconds * 1000;
  const checks: Promise<{ allowed: boolean; retryAfterMs: number }>[] = [
    ctx.rateLimiter.hit(`${action}:ip:${ip ?? 'unknown'}`, rule.perIp, windowMs),
  ];
  if (key) checks.push(ctx.rateLimiter.hit(`${action}:key:${key}`, rule.perKey, windowMs));
  const results = await Promise.all(checks);
  const refused = results.filter((r) => !r.allowed);
  if (refused.length) {
    const retryAfterMs = Math.max(...refused.map((r) => r.retryAfterMs));
    throw new AppError('RATE_LIMITED', { retryAfter: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
  }
}
