// The e2e "no token on disk" checks look for whole tokens (tests/e2e/support/i18n.ts TOKEN_PATTERN): every kind the
// server makes must match it, and a bare prefix must not.
import { describe, expect, it } from 'vitest';
import { randomToken, TOKEN_PREFIX } from '../../src/server/auth/tokens';
import { TOKEN_PATTERN } from '../e2e/support/i18n';

describe('TOKEN_PATTERN', () => {
  it('matches every token the server makes, inside other bytes', () => {
    for (const prefix of Object.values(TOKEN_PREFIX)) {
      for (let i = 0; i < 50; i++) expect(TOKEN_PATTERN.test(`\u0000x"${randomToken(prefix)}"\u0001`)).toBe(true);
    }
  });

  it('does not match a prefix that happens to be there', () => {
    expect(TOKEN_PATTERN.test('thesdd_ids of a product; sda_ sdr_x sdl_' + 'A'.repeat(20))).toBe(false);
  });
});
