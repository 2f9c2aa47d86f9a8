/**
 * Every email/SMS text, localized (en, ru, zh-CN). Variables are plain
 * strings; HTML bodies escape them. Codes are the only secrets here and they
 * only ever go to the intended destination (never logs).
 */
import type { Locale } from '../../shared/http/common';

export type CodePurposeText = 'new_device' | 'two_factor' | 'password_reset' | 'two_factor_enroll';
export type NoticeKind = 'new_device' | 'password_changed' | 'password_reset' | 'account_locked';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function html(paragraphs: string[]): string {
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">${paragraphs
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('')}</body></html>`;
}

function build(subject: string, paragraphs: string[], sms: string): Rendered {
  return { subject, text: paragraphs.join('\n\n'), html: html(paragraphs), sms };
}

const CODE_TEXT: Record<Locale, Record<CodePurposeText, { subject: string; intro: string }>> = {
  en: {
    new_device: { subject: 'Confirm sign-in from a new device', intro: 'Someone is signing in to Sellerdesk from a new device' },
    two_factor: { subject: 'Your Sellerdesk sign-in code', intro: 'Your sign-in confirmation code' },
    password_reset: { subject: 'Reset your Sellerdesk password', intro: 'Your password reset code' },
    two_factor_enroll: { subject: 'Turn on two-step verification', intro: 'Your code to turn on two-step verification' },
  },
  ru: {
    new_device: { subject: 'Подтвердите вход с нового устройства', intro: 'Выполняется вход в Sellerdesk с нового устройства' },
    two_factor: { subject: 'Код для входа в Sellerdesk', intro: 'Ваш код подтверждения входа' },
    password_reset: { subject: 'Сброс пароля Sellerdesk', intro: 'Ваш код для сброса пароля' },
    two_factor_enroll: { subject: 'Включение двухэтапной проверки', intro: 'Ваш код для включения двухэтапной проверки' },
  },
  'zh-CN': {
    new_device: { subject: '确认新设备登录', intro: '有人正在从新设备登录 Sellerdesk' },
    two_factor: { subject: '您的 Sellerdesk 登录验证码', intro: '您的登录验证码' },
    password_reset: { subject: '重置您的 Sellerdesk 密码', intro: '您的密码重置验证码' },
    two_factor_enroll: { subject: '开启两步验证', intro: '您开启两步验证的验证码' },
  },
};

const COMMON: Record<Locale, { code: string; validFor: (min: number) => string; ignore: string; link: string; device: string }> = {
  en: {
    code: 'Code',
    validFor: (m) => `The code is valid for ${m} min. Never share it with anyone, including support.`,
    ignore: 'If this was not you, ignore this message and change your password.',
    link: 'Or approve this sign-in with one click:',
    device: 'Device',
  },
  ru: {
    code: 'Код',
    validFor: (m) => `Код действует ${m} мин. Никому его не сообщайте, даже сотрудникам поддержки.`,
    ignore: 'Если это были не вы, проигнорируйте письмо и смените пароль.',
    link: 'Или подтвердите вход одним нажатием:',
    device: 'Устройство',
  },
  'zh-CN': {
    code: '验证码',
    validFor: (m) => `验证码 ${m} 分钟内有效。请勿告诉任何人，包括客服。`,
    ignore: '如果这不是您本人操作，请忽略此消息并修改密码。',
    link: '或者一键确认此次登录：',
    device: '设备',
  },
};

export function renderCode(
  locale: Locale,
  purpose: CodePurposeText,
  vars: { code: string; ttlMinutes: number; link?: string; deviceName?: string },
): Rendered {
  const t = CODE_TEXT[locale][purpose];
  const c = COMMON[locale];
  const paragraphs = [t.intro + (vars.deviceName ? ` (${c.device}: ${vars.deviceName})` : '') + '.', `${c.code}: ${vars.code}`, c.validFor(vars.ttlMinutes)];
  if (vars.link) paragraphs.push(`${c.link}\n${vars.link}`);
  paragraphs.push(c.ignore);
  const sms = `Sellerdesk: ${c.code} ${vars.code}. ${c.validFor(vars.ttlMinutes)}`;
  return build(t.subject, paragraphs, sms);
}

const INVITE: Record<Locale, (v: InviteVars) => { subject: string; body: string[] }> = {
  en: (v) => ({
    subject: `${v.inviterName} invites you to ${v.workspaceName} on Sellerdesk`,
    body: [
      `${v.inviterName} invited you to join the workspace "${v.workspaceName}" as ${v.role}.`,
      `Install Sellerdesk, choose "Accept invitation" and enter this email and the code: ${v.code}`,
      `The invitation expires ${v.expiresAt}.`,
    ],
  }),
  ru: (v) => ({
    subject: `${v.inviterName} приглашает вас в ${v.workspaceName} в Sellerdesk`,
    body: [
      `${v.inviterName} приглашает вас в рабочее пространство «${v.workspaceName}» с ролью ${v.role}.`,
      `Установите Sellerdesk, выберите «Принять приглашение» и введите этот email и код: ${v.code}`,
      `Приглашение действует до ${v.expiresAt}.`,
    ],
  }),
  'zh-CN': (v) => ({
    subject: `${v.inviterName} 邀请您加入 Sellerdesk 上的 ${v.workspaceName}`,
    body: [
      `${v.inviterName} 邀请您以 ${v.role} 身份加入工作区“${v.workspaceName}”。`,
      `请安装 Sellerdesk，选择“接受邀请”，然后输入此邮箱和验证码：${v.code}`,
      `邀请有效期至 ${v.expiresAt}。`,
    ],
  }),
};

export interface InviteVars {
  inviterName: string;
  workspaceName: string;
  role: string;
  code: string;
  expiresAt: string;
}

export function renderInvitation(locale: Locale, vars: InviteVars): Rendered {
  const { subject, body } = INVITE[locale](vars);
  return build(subject, body, `Sellerdesk: ${body[1]}`);
}

export interface NoticeVars {
  deviceName?: string;
  ip?: string | null;
  at: string;
}

const NOTICE: Record<Locale, Record<NoticeKind, (v: NoticeVars) => { subject: string; line: string }>> = {
  en: {
    new_device: (v) => ({ subject: 'New device signed in', line: `A new device signed in to your account: ${v.deviceName ?? '?'} (IP ${v.ip ?? '?'}) at ${v.at}.` }),
    password_changed: (v) => ({ subject: 'Your password was changed', line: `Your Sellerdesk password was changed at ${v.at}. Other sessions were signed out.` }),
    password_reset: (v) => ({ subject: 'Your password was reset', line: `Your Sellerdesk password was reset at ${v.at}. All sessions were signed out.` }),
    account_locked: (v) => ({ subject: 'Sign-in temporarily locked', line: `Too many failed sign-in attempts (IP ${v.ip ?? '?'}) at ${v.at}. Sign-in is locked for a while.` }),
  },
  ru: {
    new_device: (v) => ({ subject: 'Вход с нового устройства', line: `В ваш аккаунт выполнен вход с нового устройства: ${v.deviceName ?? '?'} (IP ${v.ip ?? '?'}), ${v.at}.` }),
    password_changed: (v) => ({ subject: 'Пароль изменён', line: `Пароль Sellerdesk изменён ${v.at}. Остальные сеансы завершены.` }),
    password_reset: (v) => ({ subject: 'Пароль сброшен', line: `Пароль Sellerdesk сброшен ${v.at}. Все сеансы завершены.` }),
    account_locked: (v) => ({ subject: 'Вход временно заблокирован', line: `Слишком много неудачных попыток входа (IP ${v.ip ?? '?'}), ${v.at}. Вход временно заблокирован.` }),
  },
  'zh-CN': {
    new_device: (v) => ({ subject: '新设备登录提醒', line: `您的账号在新设备上登录：${v.deviceName ?? '?'}（IP ${v.ip ?? '?'}），时间 ${v.at}。` }),
    password_changed: (v) => ({ subject: '密码已修改', line: `您的 Sellerdesk 密码已于 ${v.at} 修改，其他会话已退出。` }),
    password_reset: (v) => ({ subject: '密码已重置', line: `您的 Sellerdesk 密码已于 ${v.at} 重置，所有会话已退出。` }),
    account_locked: (v) => ({ subject: '登录已暂时锁定', line: `登录失败次数过多（IP ${v.ip ?? '?'}），时间 ${v.at}。登录已暂时锁定。` }),
  },
};

export function renderNotice(locale: Locale, kind: NoticeKind, vars: NoticeVars): Rendered {
  const { subject, line } = NOTICE[locale][kind](vars);
  return build(subject, [line, COMMON[locale].ignore], `Sellerdesk: ${line}`);
}

export type VerifyPageState = 'confirm' | 'approved' | 'invalid';

/**
 * The link page never approves on GET: mail scanners open links by themselves,
 * so approval takes a person pressing the button (a POST).
 */
const PAGE: Record<Locale, Record<VerifyPageState, { title: string; body: string; button?: string }>> = {
  en: {
    confirm: { title: 'Approve this sign-in?', body: 'Someone is signing in to Sellerdesk on "{device}". Approve only if it is you.', button: 'Yes, it is me — approve' },
    approved: { title: 'Sign-in approved', body: 'You can return to Sellerdesk: the sign-in on "{device}" continues automatically. If this was not you, change your password now.' },
    invalid: { title: 'Link expired', body: 'This link is invalid, was already used or has expired. Start the sign-in again.' },
  },
  ru: {
    confirm: { title: 'Подтвердить вход?', body: 'Выполняется вход в Sellerdesk на устройстве «{device}». Подтверждайте, только если это вы.', button: 'Да, это я — подтвердить' },
    approved: { title: 'Вход подтверждён', body: 'Вернитесь в Sellerdesk: вход на устройстве «{device}» продолжится автоматически. Если это были не вы, срочно смените пароль.' },
    invalid: { title: 'Ссылка недействительна', body: 'Ссылка неверна, уже использована или устарела. Начните вход заново.' },
  },
  'zh-CN': {
    confirm: { title: '确认此次登录？', body: '有人正在设备“{device}”上登录 Sellerdesk。仅在确认是您本人时批准。', button: '是我本人，批准登录' },
    approved: { title: '登录已确认', body: '请返回 Sellerdesk：设备“{device}”上的登录将自动继续。如果这不是您本人操作，请立即修改密码。' },
    invalid: { title: '链接已失效', body: '此链接无效、已被使用或已过期。请重新登录。' },
  },
};

export function renderVerifyPage(locale: Locale, state: VerifyPageState, deviceName = '', token = ''): string {
  const t = PAGE[locale][state];
  const body = escapeHtml(t.body).replace('{device}', escapeHtml(deviceName));
  const form =
    state === 'confirm' && t.button
      ? `<form method="post" action="/verify-device"><input type="hidden" name="token" value="${escapeHtml(token)}"><input type="hidden" name="lang" value="${locale}"><button type="submit" id="approve">${escapeHtml(t.button)}</button></form>`
      : '';
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(t.title)} · Sellerdesk</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2328}h1{font-size:1.4rem}button{font-size:1rem;padding:.5rem 1rem}</style></head><body><h1>${escapeHtml(t.title)}</h1><p>${body}</p>${form}</body></html>`;
}
