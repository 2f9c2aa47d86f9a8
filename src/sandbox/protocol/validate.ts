/**
 * Request validation errors in the style of protoc-gen-validate, which Ozon's
 * services use behind the gateway:
 *   "invalid GetProductListRequest.Limit: value must be inside range [1, 1000]"
 * All are gRPC INVALID_ARGUMENT → HTTP 400.
 */
import type { Decoded, DecodedValue } from './decode';
import { invalidArgument, OzonError } from './errors';

const goName = (field: string): string =>
  field
    .split('_')
    .map((p) => (p ? p[0]!.toUpperCase() + p.slice(1) : ''))
    .join('');

export class Check {
  constructor(private readonly message: string) {}

  private fail(field: string, why: string): OzonError {
    return invalidArgument(`invalid ${this.message}.${goName(field)}: ${why}`);
  }

  range(field: string, value: number, min: number, max: number): number {
    if (value < min || value > max) throw this.fail(field, `value must be inside range [${min}, ${max}]`);
    return value;
  }

  gte(field: string, value: number, min: number): number {
    if (value < min) throw this.fail(field, `value must be greater than or equal to ${min}`);
    return value;
  }

  required<T>(field: string, value: T | undefined | null | ''): T {
    if (value === undefined || value === null || value === '' || value === 0) throw this.fail(field, 'value is required');
    return value as T;
  }

  maxItems<T>(field: string, list: T[], max: number): T[] {
    if (list.length > max) throw this.fail(field, `value must contain no more than ${max} item(s)`);
    return list;
  }

  minItems<T>(field: string, list: T[], min: number): T[] {
    if (list.length < min) throw this.fail(field, `value must contain at least ${min} item(s)`);
    return list;
  }

  oneOf(field: string, value: string, allowed: readonly string[]): string {
    if (!allowed.includes(value)) throw this.fail(field, `value must be in list [${allowed.join(' ')}]`);
    return value;
  }

  embedded(field: string, inner: () => void): void {
    try {
      inner();
    } catch (e) {
      if (e instanceof OzonError && e.code === 3) {
        throw invalidArgument(`invalid ${this.message}.${goName(field)}: embedded message failed validation | caused by: ${e.message}`);
      }
      throw e;
    }
  }
}

// Typed accessors over decoded bodies (the decoder guarantees kinds, these narrow for TS).
export const str = (v: DecodedValue): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
export const num = (v: DecodedValue): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0);
export const big = (v: DecodedValue): bigint => (typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(Math.trunc(v)) : 0n);
export const bool = (v: DecodedValue): boolean => v === true;
export const msg = (v: DecodedValue): Decoded | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Decoded) : undefined);
export const list = (v: DecodedValue): DecodedValue[] => (Array.isArray(v) ? v : []);
export const strs = (v: DecodedValue): string[] => list(v).map(str);
export const nums = (v: DecodedValue): number[] => list(v).map(num);
export const msgs = (v: DecodedValue): Decoded[] => list(v).map((x) => msg(x) ?? {});
