/**
 * A local, instant hint only. The server has the real rules and the full
 * common-password list and answers PASSWORD_TOO_SHORT / PASSWORD_TOO_COMMON.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

const COMMON = [
  '1234567890', '12345678910', '0123456789', '1111111111', '0000000000', '1234512345', '1234554321',
  '9876543210', '1q2w3e4r5t', '1qaz2wsx3edc', 'qwertyuiop', 'qwerty1234', 'qwerty12345', 'asdfghjkl;',
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd123', 'iloveyou12',
  'letmein123', 'welcome123', 'admin12345', 'administrator', 'abc1234567', 'abcdefghij', 'qazwsxedcr',
  'ozon123456', 'ozonseller', 'sellerdesk', 'sellerdesk1', 'marketplace',
  'woaini1314', 'woaini520', '5201314520', '1314520520', 'aini1314520', 'zhang123456', 'qq123456789',
  'йцукенгшщз', 'пароль1234', 'qwertyйцук',
];
const COMMON_SET = new Set(COMMON);

export interface PasswordCheck {
  longEnough: boolean;
  notCommon: boolean;
  /** 0 weak … 3 strong; only meaningful once the rules pass */
  strength: 0 | 1 | 2 | 3;
  ok: boolean;
}

function isRepetitive(pw: string): boolean {
  return new Set(pw).size <= 2;
}

export function isCommonPassword(pw: string, personal: readonly string[] = []): boolean {
  const v = pw.trim().toLowerCase();
  if (!v) return false;
  if (COMMON_SET.has(v) || isRepetitive(v)) return true;
  return personal.some((p) => p.trim().length > 0 && v === p.trim().toLowerCase());
}

export function checkPassword(pw: string, personal: readonly string[] = []): PasswordCheck {
  const longEnough = pw.length >= MIN_PASSWORD_LENGTH;
  const notCommon = pw.length > 0 && !isCommonPassword(pw, personal);
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  const cjkOrCyr = /[\u0400-\u04FF\u4E00-\u9FFF]/.test(pw) ? 1 : 0;
  let strength: PasswordCheck['strength'] = 0;
  if (longEnough && notCommon) {
    const points = classes + cjkOrCyr + (pw.length >= 14 ? 1 : 0) + (pw.length >= 18 ? 1 : 0);
    strength = points >= 5 ? 3 : points >= 3 ? 2 : 1;
  }
  return { longEnough, notCommon, strength, ok: longEnough && notCommon && pw.length <= MAX_PASSWORD_LENGTH };
}
