/**
 * Assembles the Fastify app: database (migrated), messaging, limits, error
 * handling, docs and routes. Used by startWorkspaceServer and by tests
 * (fastify.inject) — both get the same app.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { resolveConfig, type ServerOptions } from './config';
import type { AppContext } from './context';
import { openDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';
import type { DB } from './db/schema';
import { commonPasswords, dummyHash } from './auth/passwords';
import { MemoryRateLimiter, type RateLimiter } from './auth/rate-limit';
import { purgeExpiredTokens } from './auth/sessions';
import { registerDocs } from './http/docs';
import { registerBodyParsing, registerErrorHandling } from './http/errors';
import { registerRequestDecoding, REQUEST_CODINGS } from './http/encoding';
import { loggerOptions } from './http/logging';
import { OutboxMailer, SmtpMailer } from './messaging/mailer';
import { Notifier } from './messaging/notifier';
import { OutboxSmsProvider, WebhookSmsProvider } from './messaging/sms';
import { BackgroundTasks } from './tasks';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { meRoutes } from './routes/me';
import { staffRoutes } from './routes/staff';
import { supportRoutes } from './routes/support';
import { twoFactorRoutes } from './routes/two-factor';
import { verifyDeviceRoutes } from './routes/verify-device';
import { workspaceRoutes } from './routes/workspace';
import { OzonLimiter } from './ozon/limits';
import { ImportManager } from './store-data/manager';
import { storeRoutes } from './stores/routes';
import { StoreService } from './stores/service';
import { createVault } from './stores/vault';
import { ExportManager, type ExportRunnerOptions } from './jobs/runner';
import { jobRoutes } from './jobs/routes';
import { syncRoutes, type SyncRoutesOptions } from './sync/routes';

export const BODY_LIMIT = 64 * 1024;

export interface BuiltApp {
  app: FastifyInstance;
  db: Kysely<DB>;
  ctx: AppContext;
  stores: StoreService;
  imports: ImportManager;
  /** Ozon export lanes (src/server/jobs) */
  exports: ExportManager;
  /** closes fastify (which waits for background tasks) and the database */
  close(): Promise<void>;
  /** set once the listen address is known; links in emails use it unless publicUrl was configured */
  setListenUrl(url: string): void;
}

export async function buildApp(opts: ServerOptions = {}, deps: { rateLimiter?: RateLimiter; exports?: ExportRunnerOptions; sync?: SyncRoutesOptions } = {}): Promise<BuiltApp> {
  const config = resolveConfig(opts);
  // fail fast on a missing resource before touching the database
  commonPasswords();
  const database = await openDatabase(config.db);
  try {
    await migrateToLatest(database.db);
  } catch (err) {
    await database.close();
    throw err;
  }
  await dummyHash();

  const logger = loggerOptions(config.logLevel);
  const app = Fastify({
    logger: config.logStream && logger && typeof logger === 'object' ? { ...logger, stream: config.logStream } : logger,
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  let listenUrl = `http://${config.host}:${config.port}`;
  const tasks = new BackgroundTasks(app.log);
  const mailer = config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : new OutboxMailer(database.db);
  const sms = config.smsWebhookUrl ? new WebhookSmsProvider(config.smsWebhookUrl) : new OutboxSmsProvider(database.db);
  const ctx: AppContext = {
    db: database.db,
    dbKind: database.kind,
    config,
    limits: config.limits,
    log: app.log,
    rateLimiter: deps.rateLimiter ?? new MemoryRateLimiter(),
    notifier: new Notifier(mailer, sms, app.log),
    tasks,
    publicUrl: () => config.publicUrl ?? listenUrl,
  };
  if (!config.smtpUrl) app.log.warn('SMTP not configured: emails go to the dev outbox (npm run admin -- outbox)');
  if (!config.smsWebhookUrl) app.log.warn('SMS webhook not configured: SMS go to the dev outbox');

  app.decorateRequest('auth', null);
  registerBodyParsing(app);
  registerRequestDecoding(app);
  registerErrorHandling(app);
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    if (req.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store').header('Accept-Encoding', REQUEST_CODINGS);
    return payload;
  });
  // Ozon stores: one limiter per process (budgets are per Client-Id), one import worker per store
  const vault = await createVault(config.keyVault, { db: database.db, masterKey: config.masterKey });
  if (config.keyVault === 'encrypted' && !config.masterKey) app.log.warn('SELLERDESK_MASTER_KEY not set: linking Ozon stores is refused');
  const stores = new StoreService(database.db, vault, new OzonLimiter(), config, app.log);
  const imports = new ImportManager(database.db, stores, config.ozon, app.log);
  const exports = new ExportManager({ db: database.db, log: app.log, clientFor: (s) => stores.clientFor(s) }, deps.exports);
  stores.events = {
    linked: (row) => {
      if (config.ozon.autoImport) imports.start(row);
      exports.start(row);
    },
    unlinking: async (storeId) => {
      await exports.stop(storeId);
      await imports.stop(storeId);
    },
  };
  await registerDocs(app);
  for (const routes of [healthRoutes, workspaceRoutes, authRoutes, verifyDeviceRoutes, meRoutes, twoFactorRoutes, staffRoutes, supportRoutes]) {
    await app.register(routes(ctx));
  }
  await app.register(storeRoutes(ctx, stores, imports));
  await app.register(jobRoutes(ctx));
  await app.register(syncRoutes(ctx, deps.sync));

  const purge = setInterval(() => void purgeExpiredTokens(database.db).catch((err) => app.log.warn({ err }, 'token purge failed')), 3_600_000);
  purge.unref();

  app.addHook('onClose', async () => {
    await exports.stopAll();
    await imports.stopAll();
    clearInterval(purge);
    await tasks.drain();
    ctx.rateLimiter.close();
    await mailer.close();
    await database.close();
  });

  await app.ready();
  if (config.ozon.autoImport) await imports.startAll();
  await exports.startAll();
  let closed: Promise<void> | null = null;
  return {
    app,
    db: database.db,
    ctx,
    stores,
    imports,
    exports,
    close: () => (closed ??= app.close()),
    setListenUrl: (url) => {
      listenUrl = url;
    },
  };
}
