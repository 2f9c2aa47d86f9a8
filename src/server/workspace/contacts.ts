/** Validates optional email/phone pairs given at account creation. */
import { normalizeEmail, normalizePhone } from '../../shared/identity';
import { AppError } from '../http/problem';

export function normalizeContacts(email: string | undefined, phone: string | undefined): { email: string | null; phone: string | null } {
  const e = email?.trim() ? normalizeEmail(email) : null;
  if (email?.trim() && !e) throw new AppError('EMAIL_INVALID', { fields: [{ path: 'email', code: 'EMAIL_INVALID' }] });
  const p = phone?.trim() ? normalizePhone(phone) : null;
  if (phone?.trim() && !p) throw new AppError('PHONE_INVALID', { fields: [{ path: 'phone', code: 'PHONE_INVALID' }] });
  if (!e && !p) throw new AppError('CONTACT_REQUIRED');
  return { email: e, phone: p };
}

/** Both dialects' unique-violation signatures (pg 23505, SQLite SQLITE_CONSTRAINT_*). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || (typeof e?.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT')) || /UNIQUE constraint failed/i.test(e?.message ?? '');
}
