/**
 * Minimal logger. Call sites pass short messages and plain, already-scrubbed
 * fields; `scrub` is a last line of defence that redacts anything that looks
 * like a credential before it reaches stderr.
 */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEY = /token|password|secret|authorization|cookie|code/i;

export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 4) return '[…]';
  if (value instanceof Error) return { name: value.name, message: String(value.message).slice(0, 500), stack: value.stack };
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => scrub(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : scrub(v, depth + 1);
    return out;
  }
  if (typeof value === 'string') return value.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1[redacted]').slice(0, 1000);
  return value;
}

export function consoleLogger(prefix = 'sellerdesk'): Logger {
  const line = (level: string, msg: string, fields?: Record<string, unknown>) =>
    `[${prefix}] ${level} ${msg}${fields ? ' ' + JSON.stringify(scrub(fields)) : ''}`;
  // stderr only: stdout belongs to machine-readable output (the browser host's start line)
  const write = (s: string) => process.stderr.write(s + '\n');
  return {
    info: (m, f) => write(line('info', m, f)),
    warn: (m, f) => write(line('warn', m, f)),
    error: (m, f) => write(line('error', m, f)),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
