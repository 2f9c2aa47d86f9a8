import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/shared/errors';
import { LOCALES } from '../../src/shared/http/common';
import { AppError, toAppError } from '../../src/renderer/src/app-error';
import { errorMessage, fieldErrorsFor, fieldMessage, isChallengeDead, type Translate } from '../../src/renderer/src/errors';
import { en } from '../../src/renderer/src/i18n/en';
import { ru } from '../../src/renderer/src/i18n/ru';
import { zhCN } from '../../src/renderer/src/i18n/zh-CN';
import { checkPassword, isCommonPassword } from '../../src/renderer/src/lib/password';
import { formatDateTime, secondsUntil } from '../../src/renderer/src/lib/format';

const i18n = i18next.createInstance();
let t: Record<string, Translate>;

beforeAll(async () => {
  await i18n.init({
    resources: { en: { translation: en }, ru: { translation: ru }, 'zh-CN': { translation: zhCN } },
    lng: 'en',
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });
  t = Object.fromEntries(LOCALES.map((l) => [l, i18n.getFixedT(l) as unknown as Translate]));
});

describe('errorMessage', () => {
  it('gives every ErrorCode a real sentence in every language', () => {
    for (const locale of LOCALES) {
      for (const code of ERROR_CODES) {
        const msg = errorMessage(t[locale]!, { code }, { locale });
        expect(msg, `${locale} ${code}`).not.toContain('errors.');
        expect(msg.length).toBeGreaterThan(3);
      }
    }
  });

  it('shows the wait in seconds for RATE_LIMITED and CODE_RESEND_COOLDOWN, live value first', () => {
    expect(errorMessage(t.en!, { code: 'RATE_LIMITED', retryAfter: 30 }, { locale: 'en' })).toContain('30');
    expect(errorMessage(t.en!, { code: 'RATE_LIMITED', retryAfter: 30 }, { locale: 'en', secondsLeft: 12 })).toContain('12');
    expect(errorMessage(t.ru!, { code: 'CODE_RESEND_COOLDOWN', retryAfter: 59 }, { locale: 'ru' })).toContain('59');
    expect(errorMessage(t['zh-CN']!, { code: 'CODE_RESEND_COOLDOWN', retryAfter: 5 }, { locale: 'zh-CN' })).toContain('5');
    expect(errorMessage(t.en!, { code: 'RATE_LIMITED' }, { locale: 'en' })).toBe(en.errors.RATE_LIMITED);
  });

  it('says until when an account is locked, in the locale, or that the lock is permanent', () => {
    const until = '2030-01-02T10:30:00.000Z';
    const enMsg = errorMessage(t.en!, { code: 'ACCOUNT_LOCKED', lockedUntil: until }, { locale: 'en' });
    expect(enMsg).toContain(formatDateTime(until, 'en'));
    expect(enMsg).toContain('2030');
    const ruMsg = errorMessage(t.ru!, { code: 'ACCOUNT_LOCKED', lockedUntil: until }, { locale: 'ru' });
    expect(ruMsg).toContain(formatDateTime(until, 'ru'));
    expect(errorMessage(t.en!, { code: 'ACCOUNT_LOCKED', permanent: true }, { locale: 'en' })).toBe(en.errorDetails.lockedPermanent);
    expect(errorMessage(t['zh-CN']!, { code: 'ACCOUNT_LOCKED', permanent: true }, { locale: 'zh-CN' })).toBe(zhCN.errorDetails.lockedPermanent);
    expect(errorMessage(t.en!, { code: 'ACCOUNT_LOCKED', lockedUntil: 'garbage' }, { locale: 'en' })).toBe(en.errors.ACCOUNT_LOCKED);
  });
});

describe('fieldErrorsFor', () => {
  it('highlights the fields VALIDATION_FAILED names, mapping contract paths to form names', () => {
    const fields = fieldErrorsFor(
      t.en!,
      { code: 'VALIDATION_FAILED', fields: [{ path: 'password', code: 'too_small' }, { path: 'device.id', code: 'invalid_format' }, { path: 'email', code: 'EMAIL_INVALID' }] },
      ['email', 'newPassword'],
      { password: 'newPassword' },
    );
    expect(fields).toEqual([
      { name: 'newPassword', errors: [en.fieldErrors.too_small] },
      { name: 'email', errors: [en.errors.EMAIL_INVALID] },
    ]);
  });

  it('points field-specific codes at their field', () => {
    expect(fieldErrorsFor(t.en!, { code: 'WRONG_PASSWORD' }, ['currentPassword', 'newPassword'])).toEqual([
      { name: 'currentPassword', errors: [en.errors.WRONG_PASSWORD] },
    ]);
    expect(fieldErrorsFor(t.ru!, { code: 'PASSWORD_TOO_COMMON' }, ['newPassword'], { password: 'newPassword' })).toEqual([
      { name: 'newPassword', errors: [ru.errors.PASSWORD_TOO_COMMON] },
    ]);
    expect(fieldErrorsFor(t.en!, { code: 'INVITATION_INVALID' }, ['code'], { INVITATION_INVALID: 'code' })).toHaveLength(1);
    expect(fieldErrorsFor(t.en!, { code: 'INTERNAL' }, ['code'])).toEqual([]);
  });

  it('falls back to a generic field message for unknown codes', () => {
    expect(fieldMessage(t.en!, 'something_new')).toBe(en.fieldErrors.invalid);
    expect(fieldMessage(t.en!, 'NOT_A_CODE')).toBe(en.fieldErrors.invalid);
  });
});

describe('AppError', () => {
  it('carries the IpcError and computes when a retry makes sense', () => {
    const e = new AppError({ code: 'RATE_LIMITED', retryAfter: 10 }, 1_000);
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.retryAt).toBe(11_000);
    expect(secondsUntil(e.retryAt, 5_000)).toBe(6);
    expect(secondsUntil(e.retryAt, 20_000)).toBe(0);
    expect(new AppError({ code: 'INTERNAL' }).retryAt).toBeNull();
  });

  it('wraps anything else as INTERNAL', () => {
    expect(toAppError(new Error('boom')).code).toBe('INTERNAL');
    const same = new AppError({ code: 'FORBIDDEN' });
    expect(toAppError(same)).toBe(same);
  });

  it('knows which errors end a challenge', () => {
    expect(isChallengeDead('CHALLENGE_EXPIRED')).toBe(true);
    expect(isChallengeDead('CHALLENGE_NOT_FOUND')).toBe(true);
    expect(isChallengeDead('INVALID_CODE')).toBe(false);
  });
});

describe('password hint', () => {
  it('applies the length floor and the common list', () => {
    expect(checkPassword('short').longEnough).toBe(false);
    expect(checkPassword('1234567890')).toMatchObject({ longEnough: true, notCommon: false, ok: false });
    expect(checkPassword('Kazan-Ozon-2031').notCommon).toBe(true);
    expect(checkPassword('Password123').notCommon).toBe(false);
    expect(checkPassword('aaaaaaaaaaaa').notCommon).toBe(false);
    expect(checkPassword('correct horse battery staple')).toMatchObject({ ok: true });
    expect(checkPassword('Gv7#pLq2!xZr9@tY').strength).toBe(3);
  });

  it('treats the person’s own email or name as guessable', () => {
    expect(isCommonPassword('seller@mail.ru', ['seller@mail.ru'])).toBe(true);
    expect(isCommonPassword('seller@mail.ru', [''])).toBe(false);
  });
});
