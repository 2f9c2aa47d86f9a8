/**
 * Opaque page tokens. Ozon's last_id/cursor values are base64 strings
 * (e.g. /v3/product/list "WzMzOTc5MTc2ODAsMzM5NzkxNzY4MF0=" = "[3397917680,3397917680]");
 * the sandbox encodes the sort key of the last row returned the same way.
 * Keyset pagination: pages never skip or repeat rows, even while the market
 * inserts new ones.
 */
import { invalidArgument } from './errors';

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64');
}

export function decodeCursor(token: string, field: string): unknown[] | null {
  if (!token) return null;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown;
    if (Array.isArray(v)) return v;
  } catch {
    // fall through
  }
  throw invalidArgument(`invalid ${field}`);
}
