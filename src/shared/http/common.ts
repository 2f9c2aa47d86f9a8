import { z } from 'zod';
import { ERROR_CODES } from '../errors';

/** Free text fields: bounded, no NUL. Script/SQL text is stored verbatim and rendered escaped. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), { message: 'NUL' });

export const LOCALES = ['en', 'ru', 'zh-CN'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/**
 * The first of a person's preferred languages (BCP 47 tags, most preferred
 * first, as a browser reports them) that Sellerdesk speaks; null when none.
 * Belarusian, Ukrainian and Kazakh readers get Russian rather than English.
 */
export function localeFromLanguages(languages: readonly string[]): Locale | null {
  for (const raw of languages) {
    const l = raw.trim().toLowerCase();
    if (l.startsWith('zh')) return 'zh-CN';
    if (l.startsWith('ru') || l.startsWith('be') || l.startsWith('uk') || l.startsWith('kk')) return 'ru';
    if (l.startsWith('en')) return 'en';
  }
  return null;
}

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
export const IsoTime = z.string().max(40);

/** Passwords: the length floor and common list are enforced by the server with specific codes. */
export const Password = z.string().min(1).max(256);

/** RFC 9457 problem details plus our stable `code`. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(ERROR_CODES),
  detail: z.string().optional(),
  /** seconds; mirrors the Retry-After header on 429 and cooldowns */
  retryAfter: z.number().int().nonnegative().optional(),
  lockedUntil: IsoTime.optional(),
  permanent: z.boolean().optional(),
  /** field-level validation problems: JSON path joined by "." and a code */
  fields: z.array(z.object({ path: z.string(), code: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Ok = z.object({ ok: z.literal(true) });
