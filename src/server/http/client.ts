/** What we know about the caller: ip (proxy-aware via trustProxy), user agent, preferred locale. */
import type { FastifyRequest } from 'fastify';
import { LOCALES, type Locale } from '../../shared/http/common';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  locale: Locale;
}

/** Picks the best of our locales from Accept-Language; zh* → zh-CN, ru* → ru, else en. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('ru')) return 'ru';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

export function clientInfo(req: FastifyRequest, explicitLocale?: Locale): ClientInfo {
  const ua = req.headers['user-agent'];
  return {
    ip: req.ip ?? null,
    userAgent: typeof ua === 'string' ? ua.slice(0, 300) : null,
    locale: explicitLocale ?? localeFromAcceptLanguage(req.headers['accept-language']),
  };
}
