import { describe, expect, it } from 'vitest';
import { commonPasswords, hashPassword, passwordPolicyError, verifyPassword, ARGON2_PARAMS } from '../../src/server/auth/passwords';

describe('password policy', () => {
  it('loads a real common-password list', () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(10_000);
    for (const p of ['password123', 'qwertyuiop', '1234567890', 'йцукенгшщз', 'woaini1314', 'aa123456789']) expect(list.has(p), p).toBe(true);
  });

  it('refuses short, long and common passwords, case-insensitively', () => {
    expect(passwordPolicyError('short')).toBe('PASSWORD_TOO_SHORT');
    expect(passwordPolicyError('123456789')).toBe('PASSWORD_TOO_SHORT');
    expect(passwordPolicyError('x'.repeat(257))).toBe('PASSWORD_TOO_LONG');
    expect(passwordPolicyError('PassWord123')).toBe('PASSWORD_TOO_COMMON');
    expect(passwordPolicyError('QWERTYUIOP')).toBe('PASSWORD_TOO_COMMON');
    expect(passwordPolicyError('ЙЦУКЕНГШЩЗ')).toBe('PASSWORD_TOO_COMMON');
    expect(passwordPolicyError('WoAiNi1314')).toBe('PASSWORD_TOO_COMMON');
    expect(passwordPolicyError('Velvet-Harbor-Lantern-42')).toBeNull();
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(passwordPolicyError('пароль-мой-')).toBeNull(); // 11 Cyrillic chars
    expect(passwordPolicyError('密码密码密码密码密')).toBe('PASSWORD_TOO_SHORT'); // 9 chars
    expect(passwordPolicyError('😀😀😀😀😀😀😀😀😀')).toBe('PASSWORD_TOO_SHORT'); // 18 UTF-16 units, 9 chars
  });

  it('hashes with argon2id at OWASP parameters and verifies', async () => {
    expect(ARGON2_PARAMS).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const h = await hashPassword('Velvet-Harbor-Lantern-42');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'Velvet-Harbor-Lantern-42')).toBe(true);
    expect(await verifyPassword(h, 'velvet-harbor-lantern-42')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
