/**
 * The processes behind an end-to-end test, all on loopback:
 *
 * - a **device** = a data dir (settings.json, the embedded workspace) plus its
 *   own OS keychain: a private D-Bus session bus with an unlocked
 *   gnome-keyring (Secret Service) whose keyring file lives in the device's
 *   home. Two devices never share refresh/device tokens, exactly like two
 *   computers; restarting a device's host keeps its keychain.
 * - a **browser host** (`src/main/browser-host/cli.ts`) running for a device;
 * - a stand-alone **team server** (`src/server/cli.ts`);
 * - the **admin CLI** against a SQLite file.
 */
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** Env vars of the runner that must not leak into the processes under test. */
const SCRUB = ['DATABASE_URL', 'SELLERDESK_DB', 'SELLERDESK_LIMITS', 'SMTP_URL', 'SMS_WEBHOOK_URL', 'PUBLIC_URL', 'PORT', 'HOST', 'SETUP_OPEN'];

function baseEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of SCRUB) delete env[k];
  // deterministic first-run language (English) whatever the machine says
  Object.assign(env, { LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '', LOG_LEVEL: 'warn' });
  return { ...env, ...extra };
}

export interface Proc {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Spawns a command, collects its output and resolves once `ready` matches it. */
export function spawnReady(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  opts: { stdin?: string; timeoutMs?: number } = {},
): Promise<Proc & { match: RegExpMatchArray }> {
  return new Promise((resolveReady, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
    let out = '';
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${cmd} ${args.join(' ')} did not get ready in time:\n${out}`)), opts.timeoutMs ?? 60_000);
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    const onData = (buf: Buffer) => {
      out += buf.toString('utf8');
      const m = ready.exec(out);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        resolveReady({ child, match: m, output: () => out, stop: () => stopChild(child) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (e) => fail(e));
    child.on('exit', (code, signal) => fail(new Error(`${cmd} ${args.join(' ')} exited (${code ?? signal}):\n${out}`)));
  });
}

/** SIGTERM, then SIGKILL after 10 s; resolves when the process is gone. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(t);
      done();
    });
    child.kill('SIGTERM');
  });
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `sellerdesk-e2e-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

// ---- the OS keychain of one device ----

export interface Keyring {
  /** DBUS_SESSION_BUS_ADDRESS of this device's session bus */
  busAddress: string;
  stop(): Promise<void>;
}

function secretServiceOwned(busAddress: string): boolean {
  const r = spawnSync(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
    { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: busAddress }, encoding: 'utf8', timeout: 5000 },
  );
  return r.status === 0 && /boolean true/.test(r.stdout);
}

/**
 * A private session bus and an unlocked gnome-keyring on it. The keyring
 * file lives under `home`, so a restarted keyring (same home) remembers.
 */
export async function startKeyring(home: string): Promise<Keyring> {
  const run = join(home, 'run');
  const data = join(home, 'data');
  mkdirSync(run, { recursive: true, mode: 0o700 });
  mkdirSync(data, { recursive: true, mode: 0o700 });
  rmSync(join(run, 'bus'), { force: true });
  const bus = await spawnReady('dbus-daemon', ['--session', '--nofork', '--print-address=1', `--address=unix:path=${join(run, 'bus')}`], process.env, /^(unix:\S+)\n/m, {
    timeoutMs: 10_000,
  });
  const busAddress = bus.match[1]!;
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: busAddress, XDG_DATA_HOME: data, XDG_RUNTIME_DIR: run };
  const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
  keyring.stdin!.end('pw');
  const deadline = Date.now() + 10_000;
  while (!secretServiceOwned(busAddress)) {
    if (Date.now() > deadline || keyring.exitCode !== null) {
      keyring.kill('SIGKILL');
      await bus.stop();
      throw new Error('gnome-keyring-daemon did not come up on the private bus');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    busAddress,
    async stop() {
      await stopChild(keyring);
      await bus.stop();
    },
  };
}

// ---- browser host ----

export interface HostOptions {
  smtpUrl?: string;
  limits?: Record<string, unknown>;
  /** override the keychain's bus (e.g. a dead address: no keychain) */
  busAddress?: string;
}

export interface Host extends Proc {
  /** http://127.0.0.1:<port>/#token=<token> */
  url: string;
  origin: string;
}

export async function startHost(dataDir: string, busAddress: string, opts: HostOptions = {}): Promise<Host> {
  const env = baseEnv({
    SELLERDESK_USER_DATA: dataDir,
    SELLERDESK_BROWSER_PORT: '0',
    DBUS_SESSION_BUS_ADDRESS: opts.busAddress ?? busAddress,
    ...(opts.smtpUrl ? { SMTP_URL: opts.smtpUrl } : {}),
    ...(opts.limits ? { SELLERDESK_LIMITS: JSON.stringify(opts.limits) } : {}),
  });
  const p = await spawnReady(TSX, [join(ROOT, 'src/main/browser-host/cli.ts')], env, /^Sellerdesk is running at (http:\/\/127\.0\.0\.1:\d+)\/#token=\S+$/m);
  const url = p.match[0].replace(/^Sellerdesk is running at /, '');
  return { ...p, url, origin: p.match[1]! };
}

/** The embedded workspace database of a data dir (see src/main/core/paths.ts). */
export function embeddedDb(dataDir: string): string {
  return join(dataDir, 'workspace', 'sellerdesk.db');
}

// ---- team server ----

export interface TeamServer extends Proc {
  url: string;
  dbPath: string;
}

export interface TeamServerOptions {
  smtpUrl?: string;
  limits?: Record<string, unknown>;
  /** a fixed port (restarting a server where clients expect it); default random */
  port?: number;
  /** more server variables (OZON_SELLER_URL, KEY_VAULT, SELLERDESK_MASTER_KEY …) */
  env?: Record<string, string>;
}

export async function startTeamServer(dbPath: string, opts: TeamServerOptions = {}): Promise<TeamServer> {
  const env = baseEnv({
    HOST: '127.0.0.1',
    PORT: String(opts.port ?? 0),
    SELLERDESK_DB: dbPath,
    SETUP_OPEN: '1',
    ...(opts.smtpUrl ? { SMTP_URL: opts.smtpUrl } : {}),
    ...(opts.limits ? { SELLERDESK_LIMITS: JSON.stringify(opts.limits) } : {}),
    ...(opts.env ?? {}),
  });
  const p = await spawnReady(TSX, [join(ROOT, 'src/server/cli.ts')], env, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
  return { ...p, url: p.match[1]!, dbPath };
}

/** Reads a team server's database (SQLite in WAL: a reader beside the running server is safe). */
export function onServer<T>(server: { dbPath: string }, read: (db: Database.Database) => T): T {
  const db = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Whether the server finished its first import of `entity` ('stocks', 'products', …) for every linked store. */
export function importFinished(server: { dbPath: string }, entity: string): boolean {
  return onServer(server, (db) => {
    const r = db.prepare('select count(*) as n, count(last_success_at) as ok from import_checkpoints where entity = ?').get(entity) as { n: number; ok: number };
    return r.n > 0 && r.ok === r.n;
  });
}

/** The server's live stock row of a (product, warehouse) pair, or null when it holds none. */
export function serverStock(server: { dbPath: string }, productId: string, warehouseId: string): { present: number; offerId: string } | null {
  const r = onServer(server, (db) => db.prepare('select data from stocks where product_id = ? and warehouse_id = ? and deleted = 0').get(productId, warehouseId)) as { data: string } | undefined;
  return r ? (JSON.parse(r.data) as { present: number; offerId: string }) : null;
}

// ---- Ozon sandbox ----

export interface OzonSandboxProc extends Proc {
  url: string;
  stores: Array<{ name: string; clientId: string; apiKey: string }>;
}

/** The Ozon sandbox CLI (src/sandbox/cli.ts) on a random loopback port; reads the URL and store keys it prints. */
export async function startOzonSandbox(opts: { seed?: number; products?: number; stores?: number } = {}): Promise<OzonSandboxProc> {
  const stores = opts.stores ?? 1;
  const args = ['--seed', String(opts.seed ?? 7), '--products', String(opts.products ?? 40), '--stores', String(stores), '--port', '0', '--host', '127.0.0.1', '--time-scale', '0', '--history-days', '1'];
  // ready once the last store's key is printed
  const p = await spawnReady(TSX, [join(ROOT, 'src/sandbox/cli.ts'), ...args], baseEnv({}), new RegExp(`Store ${stores}: [^\\n]*\\n\\s*Client-Id:\\s*\\S+\\n\\s*Api-Key:\\s*\\S+\\n`), { timeoutMs: 120_000 });
  const out = p.output();
  const url = /Ozon sandbox is running at (http:\/\/\S+)/.exec(out)?.[1];
  if (!url) throw new Error(`no sandbox URL in:\n${out}`);
  const found = [...out.matchAll(/Store \d+: ([^\n]*)\n\s*Client-Id:\s*(\S+)\n\s*Api-Key:\s*(\S+)/g)].map((m) => ({ name: m[1]!.trim(), clientId: m[2]!, apiKey: m[3]! }));
  return { ...p, url: url.replace(/\/+$/, ''), stores: found };
}

// ---- admin CLI ----

/** Runs the admin CLI against a SQLite file and returns its stdout. */
export function admin(dbPath: string, args: string[]): Promise<string> {
  return new Promise((done, reject) => {
    const child = spawn(TSX, [join(ROOT, 'src/server/admin/cli.ts'), ...args], {
      cwd: ROOT,
      env: baseEnv({ SELLERDESK_DB: dbPath }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('exit', (code) => (code === 0 ? done(out) : reject(new Error(`admin ${args.join(' ')} exited ${code}: ${err}${out}`))));
  });
}

/** The newest 6-digit code in the dev outbox for a phone (E.164), or null. */
export async function latestSmsCode(dbPath: string, phone: string): Promise<{ code: string; raw: string } | null> {
  const out = await admin(dbPath, ['outbox', '--to', phone, '--limit', '1']);
  if (!/\bSMS\b/.test(out)) return null;
  const code = /\b(\d{6})\b/.exec(out.split('\n').slice(1).join('\n'))?.[1];
  return code ? { code, raw: out } : null;
}

/** Every file under a directory whose bytes (read as latin1) match `pattern` (for "no token on disk"). */
export function filesContaining(dir: string, pattern: RegExp): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        const bytes = readFileSync(p).toString('latin1');
        if (pattern.test(bytes)) hits.push(p);
      }
    }
  };
  walk(dir);
  return hits;
}
