/**
 * Playwright fixtures: `world` owns every process, browser context and temp
 * dir a test starts and tears them all down afterwards, whatever happened.
 *
 *   const smtp = world.smtp;                       // real SMTP on loopback
 *   const server = await world.teamServer();        // stand-alone server, SETUP_OPEN=1
 *   const a = await world.device('a');             // data dir + keychain + browser host
 *   const app = await a.open();                    // page objects around one browser tab
 */
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { RunningSandbox, SandboxOptions } from '../../../src/sandbox/index';
import { sandbox } from '../../helpers/ozon-sandbox';
import { startSmtp, type CapturedMail, type SmtpCapture } from '../../helpers/smtp';
import { AcceptInvitationPage, ChallengePage, FirstRunPage, ForgotPage, OwnerPage, SignInPage, SupportModal, type OwnerInput } from './pages/auth';
import { editable, tid } from './pages/app';
import { SecurityLogPage, SecurityPage, SessionsPage, ShellPage } from './pages/shell';
import {
  admin,
  embeddedDb,
  latestSmsCode,
  startHost,
  startKeyring,
  startOzonSandbox,
  startTeamServer,
  tempDir,
  type Host,
  type HostOptions,
  type Keyring,
  type OzonSandboxProc,
  type TeamServer,
} from './processes';

/** One browser tab on one device's host, with the page objects. */
export class App {
  readonly firstRun: FirstRunPage;
  readonly owner: OwnerPage;
  readonly signIn: SignInPage;
  readonly challenge: ChallengePage;
  readonly forgot: ForgotPage;
  readonly invitation: AcceptInvitationPage;
  readonly support: SupportModal;
  readonly shell: ShellPage;
  readonly security: SecurityPage;
  readonly sessions: SessionsPage;
  readonly log: SecurityLogPage;
  constructor(readonly page: Page) {
    this.firstRun = new FirstRunPage(page);
    this.owner = new OwnerPage(page);
    this.signIn = new SignInPage(page);
    this.challenge = new ChallengePage(page);
    this.forgot = new ForgotPage(page);
    this.invitation = new AcceptInvitationPage(page);
    this.support = new SupportModal(page);
    this.shell = new ShellPage(page);
    this.security = new SecurityPage(page);
    this.sessions = new SessionsPage(page);
    this.log = new SecurityLogPage(page);
  }
  id(testId: string) {
    return tid(this.page, testId);
  }
}

/** A computer: data dir + its own keychain; runs a browser host and opens tabs on it. */
export class Device {
  host: Host | null = null;
  private contexts: BrowserContext[] = [];
  constructor(
    readonly name: string,
    readonly dataDir: string,
    readonly keyring: Keyring,
    private readonly browser: Browser,
    private hostOptions: HostOptions,
  ) {}

  /** the embedded workspace's SQLite (for the admin CLI) */
  get db(): string {
    return embeddedDb(this.dataDir);
  }

  async start(opts?: HostOptions): Promise<Host> {
    if (opts) this.hostOptions = opts;
    if (this.host) throw new Error(`device ${this.name} already runs a host`);
    this.host = await startHost(this.dataDir, this.keyring.busAddress, this.hostOptions);
    return this.host;
  }

  async stopHost(): Promise<void> {
    const h = this.host;
    this.host = null;
    if (h) await h.stop();
  }

  /** Stop the host and start it again on the same data dir and keychain (the app restarts). */
  async restart(): Promise<Host> {
    await this.stopHost();
    return this.start();
  }

  /** A new browser window (own context) on this device's host; `locale`: the browser's language (default en-US). */
  async open(opts: { locale?: string } = {}): Promise<App> {
    if (!this.host) throw new Error(`device ${this.name} has no host running`);
    // reduced motion (the app honours the OS setting): a dialog is where it will stay when a click is aimed at it, never
    // half way through its opening zoom (a click aimed at a button 6 px high landed on the mask and closed the dialog)
    const context = await this.browser.newContext({ locale: opts.locale ?? 'en-US', viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    this.contexts.push(context);
    const page = await context.newPage();
    await page.goto(this.host.url);
    await expect(tid(page, 'app-loading')).toBeHidden({ timeout: 30_000 });
    return new App(page);
  }

  /** Point an open tab at the (restarted) host. */
  async reopen(app: App): Promise<void> {
    if (!this.host) throw new Error(`device ${this.name} has no host running`);
    await app.page.goto(this.host.url);
    await expect(tid(app.page, 'app-loading')).toBeHidden({ timeout: 30_000 });
  }

  async close(): Promise<void> {
    for (const c of this.contexts.splice(0)) await c.close().catch(() => undefined);
    await this.stopHost().catch(() => undefined);
  }
}

export interface World {
  smtp: SmtpCapture;
  /** A new device with a running host (env: SMTP to `smtp`, plus `limits`). */
  device(name: string, opts?: HostOptions & { start?: boolean }): Promise<Device>;
  /**
   * A stand-alone team server (SETUP_OPEN=1, SMTP to `smtp`). With `owner`, the
   * operator creates the workspace first (`admin create-workspace`): no device
   * is trusted yet, so every device meets the new-device challenge.
   */
  teamServer(opts?: {
    limits?: Record<string, unknown>;
    owner?: OwnerInput;
    /** restart on an existing database (with `port`: where the clients expect it) */
    dbPath?: string;
    port?: number;
    /** more server variables (OZON_SELLER_URL, KEY_VAULT, SELLERDESK_MASTER_KEY …) */
    env?: Record<string, string>;
  }): Promise<TeamServer>;
  /** the Ozon sandbox as its own process (stopped with the world) */
  ozonSandbox(opts?: { seed?: number; products?: number; stores?: number }): Promise<OzonSandboxProc>;
  /** the newest email to `to` with a subject containing `subject`, received after `since` */
  mail(to: string, subject: string | RegExp, since?: number): Promise<CapturedMail>;
  /** poll the dev outbox of a SQLite file until a new SMS code arrives (different from `previous`) */
  smsCode(db: string, phone: string, previous?: string | null): Promise<string>;
}

export const test = base.extend<{ world: World }>({
  world: async ({ browser }, use, testInfo) => {
    // every test here starts processes and drives several sign-ins: give a busy 2-core machine room
    testInfo.setTimeout(Math.max(testInfo.timeout, 180_000));
    const smtp = await startSmtp();
    const dirs: Array<{ remove: () => void }> = [];
    const devices: Device[] = [];
    const keyrings: Keyring[] = [];
    const servers: TeamServer[] = [];
    const sandboxes: OzonSandboxProc[] = [];
    const world: World = {
      smtp,
      async device(name, opts = {}) {
        const dir = tempDir(`device-${name}`);
        dirs.push(dir);
        const keyring = await startKeyring(`${dir.path}/home`);
        keyrings.push(keyring);
        const { start = true, ...hostOpts } = opts;
        const device = new Device(name, `${dir.path}/userdata`, keyring, browser, { smtpUrl: smtp.url, ...hostOpts });
        devices.push(device);
        if (start) await device.start();
        return device;
      },
      async teamServer(opts = {}) {
        let db = opts.dbPath;
        if (!db) {
          const dir = tempDir('team');
          dirs.push(dir);
          db = `${dir.path}/team.db`;
        }
        if (opts.owner) {
          const o = opts.owner;
          await admin(db, [
            'create-workspace',
            '--name', o.workspace,
            '--owner-name', o.name,
            ...(o.email ? ['--owner-email', o.email] : []),
            ...(o.phone ? ['--owner-phone', o.phone] : []),
            '--password', o.password,
          ]);
        }
        const server = await startTeamServer(db, { smtpUrl: smtp.url, limits: opts.limits, port: opts.port, env: opts.env });
        servers.push(server);
        return server;
      },
      async ozonSandbox(opts = {}) {
        const sb = await startOzonSandbox(opts);
        sandboxes.push(sb);
        return sb;
      },
      async mail(to, subject, since = 0) {
        const match = (s: string) => (typeof subject === 'string' ? s.includes(subject) : subject.test(s));
        return smtp.waitFor(to, (m) => m.receivedAt >= since && match(m.subject), 15_000);
      },
      async smsCode(db, phone, previous = null) {
        let code: string | null = null;
        await expect
          .poll(
            async () => {
              code = (await latestSmsCode(db, phone))?.code ?? null;
              return code !== null && code !== previous;
            },
            { message: `a new SMS code for ${phone} in the dev outbox`, timeout: 30_000 },
          )
          .toBe(true);
        return code!;
      },
    };
    const t0 = Date.now();
    try {
      await use(world);
    } finally {
      if (process.env.E2E_TIMING) console.log(`[world] test body ${Date.now() - t0} ms`);
      const t1 = Date.now();
      for (const d of devices) await d.close();
      for (const s of servers) await s.stop().catch(() => undefined);
      for (const s of sandboxes) await s.stop().catch(() => undefined);
      for (const k of keyrings) await k.stop().catch(() => undefined);
      await smtp.close().catch(() => undefined);
      for (const d of dirs) d.remove();
      if (process.env.E2E_TIMING) console.log(`[world] teardown ${Date.now() - t1} ms`);
    }
  },
});

export { editable, expect };

// ---- flows used by several paths ----

export const PASSWORD = 'Kq7-meadow-Lantern';

/** A team server fed by an Ozon sandbox at `url`: store keys encrypted at rest with a fixed test master key. */
export function sandboxServerEnv(url: string): Record<string, string> {
  return { OZON_SELLER_URL: url, OZON_PERFORMANCE_URL: url, KEY_VAULT: 'encrypted', SELLERDESK_MASTER_KEY: '6f'.repeat(32) };
}

/**
 * An Ozon sandbox in this process, a team server fed by it, and device `a`,
 * started side by side, for `run`. The sandbox is stopped when `run` ends,
 * however it ends (the world stops the server and the device).
 */
export async function withSandboxStore<T>(
  world: World,
  opts: SandboxOptions,
  run: (s: { sb: RunningSandbox; server: TeamServer; device: Device }) => Promise<T>,
): Promise<T> {
  let sb: RunningSandbox | null = null;
  try {
    const [started, device] = await Promise.all([
      (async () => {
        const s = await sandbox(opts);
        sb = s;
        return { sb: s, server: await world.teamServer({ env: sandboxServerEnv(s.url) }) };
      })(),
      world.device('a'),
    ]);
    return await run({ ...started, device });
  } finally {
    if (sb) await (sb as RunningSandbox).close();
  }
}

export function owner(over: Partial<OwnerInput> = {}): OwnerInput {
  return {
    workspace: 'Tea House',
    name: 'Anna Owner',
    email: 'anna@teahouse.test',
    phone: '+7 912 345-67-89',
    password: PASSWORD,
    ...over,
  };
}

/** Fresh device → local workspace → owner → app shell. */
export async function createLocalOwner(app: App, o: OwnerInput = owner()): Promise<void> {
  await app.firstRun.useEmbedded();
  await app.owner.fill(o);
  await app.owner.submit();
  await app.shell.expectSignedIn(o.name);
}

/** Fresh device → team server → (owner | sign in screen). */
export async function connectTeamServer(app: App, url: string): Promise<void> {
  await app.firstRun.connect(url);
  await expect(app.page.locator('[data-testid="screen-create-owner"], [data-testid="screen-signin"]')).toBeVisible();
}

/** Fresh device → team server → owner → app shell; the owner it created. */
export async function createTeamOwner(app: App, url: string, o: OwnerInput = owner()): Promise<OwnerInput> {
  await connectTeamServer(app, url);
  await app.owner.fill(o);
  await app.owner.submit();
  await app.shell.expectSignedIn(o.name);
  return o;
}

/**
 * Password sign-in on a device the account does not know yet: the code
 * arrives by email (sent automatically), the device is remembered.
 */
export async function signInNewDevice(world: World, app: App, email: string, password: string): Promise<void> {
  const since = Date.now();
  await app.signIn.submit(email, password);
  await expect(app.challenge.newDevice).toBeVisible();
  const mail = await world.mail(email, 'Confirm sign-in from a new device', since);
  expect(mail.code).toMatch(/^\d{6}$/);
  await app.challenge.enterCode(mail.code!);
  await app.shell.expectSignedIn();
}
