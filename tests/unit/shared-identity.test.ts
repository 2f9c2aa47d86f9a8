import { describe, expect, it } from 'vitest';
import { maskEmail, maskPhone, normalizeEmail, normalizePhone, parseIdentifier } from '../../src/shared/identity';

describe('identifiers', () => {
  it('normalises Russian phone numbers typed every common way to one E.164 value', () => {
    for (const raw of ['+7 (912) 345-67-89', '89123456789', '8 912 345 67 89', '79123456789', '9123456789', '+79123456789']) {
      expect(normalizePhone(raw), raw).toBe('+79123456789');
    }
  });

  it('keeps Chinese mobile numbers', () => {
    expect(normalizePhone('+86 138 0013 8000')).toBe('+8613800138000');
    expect(normalizePhone('8613800138000')).toBe('+8613800138000');
  });

  it('refuses what is not a phone', () => {
    for (const raw of ['', '12', 'abc', "1' OR '1'='1", '<script>alert(1)</script>', '+7 000']) {
      expect(normalizePhone(raw), raw).toBeNull();
    }
  });

  it('treats emails case-insensitively and refuses malformed ones', () => {
    expect(normalizeEmail('  Seller@Mail.RU ')).toBe('seller@mail.ru');
    expect(normalizeEmail('no-at-sign')).toBeNull();
    expect(normalizeEmail('a@b')).toBeNull();
    expect(normalizeEmail('x"@y.com')).toBeNull();
    expect(normalizeEmail('a'.repeat(250) + '@x.com')).toBeNull();
  });

  it('routes an identifier by its shape', () => {
    expect(parseIdentifier('Shop@Example.com')).toEqual({ kind: 'email', value: 'shop@example.com' });
    expect(parseIdentifier('8 (912) 345-67-89')).toEqual({ kind: 'phone', value: '+79123456789' });
    expect(parseIdentifier('not an id')).toBeNull();
  });

  it('masks destinations without hiding which one it is', () => {
    expect(maskEmail('seller@mail.ru')).toBe('s****r@mail.ru');
    expect(maskPhone('+79123456789')).toBe('+7 *** ***-**-89');
  });
});
