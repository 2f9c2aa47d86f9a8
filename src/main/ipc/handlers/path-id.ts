import { Id } from '../../../shared/http/common';
import { AppError } from '../../core/errors';

/** Ids go into URL paths: only the server's id alphabet, never "..", "/" or "?". */
export function pathId(id: string): string {
  if (!Id.safeParse(id).success) throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'id', code: 'invalid_format' }] });
  return encodeURIComponent(id);
}
