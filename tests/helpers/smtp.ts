/**
 * A real SMTP server (smtp-server) on 127.0.0.1:<random port> that captures
 * every message, decodes it (multipart, quoted-printable, base64, RFC 2047
 * subjects) and pulls out codes and links. For server integration tests and
 * end-to-end tests:
 *
 *   const smtp = await startSmtp();
 *   // server option: smtpUrl: smtp.url
 *   const mail = await smtp.waitFor('user@example.com', (m) => m.subject.includes('code'));
 *   mail.code; mail.links; await smtp.close();
 */
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
  /** first standalone 6–8 digit code or XXXX-XXXX invitation code in the text, if any */
  code: string | null;
  links: string[];
  receivedAt: number;
}

export interface SmtpCapture {
  url: string;
  port: number;
  messages: CapturedMail[];
  waitFor(to: string, predicate?: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /** messages for an address, oldest first */
  for(to: string): CapturedMail[];
  clear(): void;
  close(): Promise<void>;
}

function splitHeaderBody(raw: string): { headers: Record<string, string>; body: string } {
  const idx = raw.search(/\r?\n\r?\n/);
  const head = idx === -1 ? raw : raw.slice(0, idx);
  const body = idx === -1 ? '' : raw.slice(idx).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return { headers, body };
}

function decodeQP(s: string): Buffer {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const ch = soft[i]!;
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(bytes);
}

function decodeBody(body: string, encoding = ''): string {
  const enc = encoding.toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') return decodeQP(body).toString('utf8');
  return body;
}

export function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset, kind: string, text: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQP(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

function walk(raw: string, acc: { text: string; html: string }): void {
  const { headers, body } = splitHeaderBody(raw);
  const ctype = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(ctype)?.[1];
  if (/^multipart\//i.test(ctype) && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      walk(part.replace(/^\r?\n/, ''), acc);
    }
    return;
  }
  const decoded = decodeBody(body, headers['content-transfer-encoding']);
  if (/^text\/html/i.test(ctype)) acc.html += decoded;
  else if (/^text\/plain/i.test(ctype)) acc.text += decoded;
}

export function parseMail(raw: string, envelope: { from: string; to: string[] }): CapturedMail {
  const { headers } = splitHeaderBody(raw);
  const acc = { text: '', html: '' };
  walk(raw, acc);
  const text = acc.text || acc.html.replace(/<[^>]+>/g, ' ');
  const code = /(?:^|[^\w-])(\d{6,8}|[A-Z2-9]{4}-[A-Z2-9]{4})(?![\w-])/.exec(text)?.[1] ?? null;
  const links = [...text.matchAll(/https?:\/\/[^\s<>"')]+/g)].map((m) => m[0]);
  return {
    from: envelope.from,
    to: envelope.to,
    subject: decodeWords(headers['subject'] ?? ''),
    text,
    html: acc.html,
    raw,
    code,
    links,
    receivedAt: Date.now(),
  };
}

export async function startSmtp(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), { from, to }));
        for (const w of [...waiters]) w();
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const forAddr = (to: string) => messages.filter((m) => m.to.includes(to.toLowerCase()));

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    for: forAddr,
    clear: () => void messages.splice(0),
    waitFor(to, predicate = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = forAddr(to).find((m) => predicate(m));
          if (hit) {
            cleanup();
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no email to ${to} matching the predicate within ${timeoutMs} ms (${forAddr(to).length} other messages)`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Alias matching the documented API: `start()`. */
export const start = startSmtp;
