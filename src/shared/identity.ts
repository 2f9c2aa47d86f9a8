import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * Sign-in identifiers: an email (case-insensitive) or a phone number (E.164).
 * Normalisation happens identically on client and server so that the same
 * person typing "+7 (912) 345-67-89" or "89123456789" reaches one account.
 */
export type Identifier = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

export function normalizeEmail(raw: string): string | null {
  const v = raw.trim().toLowerCase();
  if (v.length > 254 || !EMAIL_RE.test(v)) return null;
  return v;
}

/**
 * Russian sellers type local numbers ("8 912…", "912…"); Chinese sellers type
 * "+86 …". Without a leading "+" we assume Russia, which is where Ozon is.
 */
export function normalizePhone(raw: string): string | null {
  const v = raw.trim();
  if (!/^[+\d\s()\-.]{5,32}$/.test(v)) return null;
  const digits = v.replace(/[^\d+]/g, '');
  let candidate = digits;
  if (!digits.startsWith('+')) {
    if (/^8\d{10}$/.test(digits)) candidate = '+7' + digits.slice(1);
    else if (/^7\d{10}$/.test(digits)) candidate = '+' + digits;
    else if (/^9\d{9}$/.test(digits)) candidate = '+7' + digits;
    else if (/^86\d{11}$/.test(digits)) candidate = '+' + digits;
    else candidate = '+' + digits;
  }
  const parsed = parsePhoneNumberFromString(candidate);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

export function parseIdentifier(raw: string): Identifier | null {
  if (raw.includes('@')) {
    const email = normalizeEmail(raw);
    return email ? { kind: 'email', value: email } : null;
  }
  const phone = normalizePhone(raw);
  return phone ? { kind: 'phone', value: phone } : null;
}

/** "s****r@example.com", "+7 *** ***-**-89": enough to recognise, not to harvest. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const head = local.slice(0, 1);
  const tail = local.length > 2 ? local.slice(-1) : '';
  return `${head}${'*'.repeat(Math.max(2, local.length - 2))}${tail}@${domain}`;
}

export function maskPhone(phone: string): string {
  return phone.slice(0, 2) + ' *** ***-**-' + phone.slice(-2);
}
