/**
 * Renders templates and hands them to the right channel. Codes must arrive
 * (delivery failure is an error the caller reports); notices are best effort
 * (failure is logged, never blocks the action that caused them).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Locale } from '../../shared/http/common';
import { isLocale } from '../http/client';
import { AppError } from '../http/problem';
import type { Mailer } from './mailer';
import type { SmsProvider } from './sms';
import { renderCode, renderInvitation, renderNotice, type CodePurposeText, type InviteVars, type NoticeKind, type NoticeVars } from './templates';

export interface Recipient {
  email: string | null;
  phone: string | null;
  locale: string;
}

export class Notifier {
  constructor(
    readonly mailer: Mailer,
    readonly sms: SmsProvider,
    private readonly log: FastifyBaseLogger,
  ) {}

  async sendCode(input: {
    channel: 'email' | 'sms';
    to: string;
    locale: Locale;
    purpose: CodePurposeText;
    code: string;
    ttlSeconds: number;
    link?: string;
    deviceName?: string;
  }): Promise<void> {
    const r = renderCode(input.locale, input.purpose, {
      code: input.code,
      ttlMinutes: Math.max(1, Math.round(input.ttlSeconds / 60)),
      link: input.channel === 'email' ? input.link : undefined,
      deviceName: input.deviceName,
    });
    try {
      if (input.channel === 'email') await this.mailer.send({ to: input.to, subject: r.subject, text: r.text, html: r.html });
      else await this.sms.send({ to: input.to, text: r.sms });
    } catch (err) {
      this.log.error({ err: { name: (err as Error).name, message: (err as Error).message }, channel: input.channel }, 'code delivery failed');
      throw new AppError('INTERNAL', { detail: 'The message could not be delivered; try again later' }, 502);
    }
  }

  async sendInvitation(to: string, locale: Locale, vars: InviteVars): Promise<void> {
    const r = renderInvitation(locale, vars);
    try {
      await this.mailer.send({ to, subject: r.subject, text: r.text, html: r.html });
    } catch (err) {
      this.log.error({ err: { name: (err as Error).name, message: (err as Error).message } }, 'invitation delivery failed');
      throw new AppError('INTERNAL', { detail: 'The invitation could not be delivered; try again later' }, 502);
    }
  }

  /** Email when the account has one, else SMS. Never throws. */
  async notice(to: Recipient, kind: NoticeKind, vars: NoticeVars): Promise<void> {
    const locale: Locale = isLocale(to.locale) ? to.locale : 'en';
    const r = renderNotice(locale, kind, vars);
    try {
      if (to.email) await this.mailer.send({ to: to.email, subject: r.subject, text: r.text, html: r.html });
      else if (to.phone) await this.sms.send({ to: to.phone, text: r.sms });
    } catch (err) {
      this.log.warn({ err: { name: (err as Error).name, message: (err as Error).message }, kind }, 'notice delivery failed');
    }
  }
}
