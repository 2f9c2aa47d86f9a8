/**
 * Linking, checking and unlinking Ozon stores. The key is checked with
 * /v1/roles (which also gives its expiry) and /v1/seller/info (best effort:
 * the cabinet name) BEFORE anything is stored; secrets go to the vault, the
 * stores row keeps only the Client-Id and where the secrets are.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { LinkStoreRequest, Store } from '../../shared/http/stores';
import type { ServerConfig } from '../config';
import type { DB, StoresTable } from '../db/schema';
import { newId, nowIso } from '../db/ids';
import { AppError } from '../http/problem';
import { OzonClient } from '../ozon/client';
import type { OzonLimiter } from '../ozon/limits';
import { getRoles, getSellerInfo } from '../ozon/endpoints/seller';
import { recordChange } from '../store-data/feed';
import { STORE_DATA_TABLES } from '../store-data/tables';
import { purgeStoreRows, recordStoreRowDeletes } from '../store-data/upsert';
import { toStoreDto } from './dto';
import { checkSandboxUrl, endpointOf, endpointUrls, limiterKey, resolveLinkEndpoint, type ResolvedEndpoint } from './endpoint';
import { classifyKeyFailure, keyFailureError } from './key-errors';
import type { StoreKeyVault, StoreSecrets } from './vault';
import { SandboxVault } from './vault-sandbox';

export interface StoreEvents {
  /** start the store's workers (after a link, or a repoint) */
  linked(store: StoresTable): void;
  /** stop the store's workers (before an unlink, or a repoint) */
  unlinking(storeId: string): Promise<void>;
}

export class StoreService {
  events: StoreEvents | null = null;
  /** sandbox stores' keys (never Ozon's): linking a demo store needs no keychain or master key */
  private readonly sandboxVault: SandboxVault;

  constructor(
    private readonly db: Kysely<DB>,
    readonly vault: StoreKeyVault,
    readonly limiter: OzonLimiter,
    private readonly config: ServerConfig,
    private readonly log: FastifyBaseLogger,
  ) {
    this.sandboxVault = new SandboxVault(db);
  }

  /** The vault a store's keys are in, by its key_ref (fixed at link time: a store never changes endpoint kind). */
  private vaultOf(store: Pick<StoresTable, 'key_ref'>): StoreKeyVault {
    return store.key_ref === this.sandboxVault.kind ? this.sandboxVault : this.vault;
  }

  /** A store's secrets (null when none are stored); throws VaultUnavailableError when its vault cannot be read. */
  secretsFor(store: Pick<StoresTable, 'id' | 'key_ref'>): Promise<StoreSecrets | null> {
    return this.vaultOf(store).get(store.id);
  }

  /** The one place an OzonClient is built: its URL comes from the store's endpoint, never from a request. */
  makeClient(clientId: string, apiKey: string, endpoint: ResolvedEndpoint): OzonClient {
    const observe = this.config.ozon.onExchange;
    return new OzonClient({
      baseUrl: endpointUrls(endpoint, this.config.ozon).sellerUrl,
      clientId,
      apiKey,
      limiter: this.limiter,
      limiterKey: limiterKey(endpoint, clientId),
      log: this.log,
      timeoutMs: this.config.ozon.timeoutMs,
      retry: this.config.ozon.retry,
      onExchange: observe ? (e) => observe({ ...e, clientId }) : undefined,
    });
  }

  async clientFor(store: Pick<StoresTable, 'id' | 'client_id' | 'key_ref' | 'endpoint_kind' | 'endpoint_url'>): Promise<OzonClient> {
    const secrets = await this.secretsFor(store);
    if (!secrets) throw new AppError('KEY_VAULT_UNAVAILABLE', { detail: 'no key stored for this store' }, 503);
    return this.makeClient(store.client_id, secrets.apiKey, endpointOf(store));
  }

  /** The Performance API base URL of a store (its sandbox, or the configured Ozon one). */
  performanceUrlFor(store: Pick<StoresTable, 'endpoint_kind' | 'endpoint_url'>): string {
    return endpointUrls(endpointOf(store), this.config.ozon).performanceUrl;
  }

  private dto(row: StoresTable): Store {
    return toStoreDto(row, this.config.ozon.keyWarningDays);
  }

  private async verify(client: OzonClient): Promise<{ expiresAt: string | null; sellerName: string | null }> {
    const roles = await getRoles(client);
    let sellerName: string | null = null;
    try {
      const info = await getSellerInfo(client);
      sellerName = info.company?.name || info.company?.legal_name || null;
    } catch (e) {
      this.log.info({ clientId: client.clientId, err: (e as Error).message }, 'seller info unavailable');
    }
    const expiresAt = roles.expires_at && !Number.isNaN(Date.parse(roles.expires_at)) ? new Date(roles.expires_at).toISOString() : null;
    return { expiresAt, sellerName };
  }

  async link(workspaceId: string, accountId: string, req: LinkStoreRequest): Promise<Store> {
    const existing = await this.db.selectFrom('stores').select('id').where('workspace_id', '=', workspaceId).where('client_id', '=', req.clientId).executeTakeFirst();
    if (existing) throw new AppError('STORE_ALREADY_LINKED', {}, 409);
    const endpoint = resolveLinkEndpoint(req.endpoint, this.config.ozon.sandboxUrls);
    const client = this.makeClient(req.clientId, req.apiKey, endpoint);
    let checked: { expiresAt: string | null; sellerName: string | null };
    try {
      checked = await this.verify(client);
    } catch (e) {
      const f = classifyKeyFailure(e, null);
      this.log.info({ clientId: req.clientId, problem: f.code }, 'store link refused');
      throw keyFailureError(f, e);
    }
    const id = newId();
    const at = nowIso();
    const vault = endpoint.kind === 'sandbox' ? this.sandboxVault : this.vault;
    const row: StoresTable = {
      id,
      workspace_id: workspaceId,
      name: req.name,
      client_id: req.clientId,
      key_ref: vault.kind,
      has_performance: req.performance ? 1 : 0,
      status: 'active',
      seller_name: checked.sellerName,
      key_expires_at: checked.expiresAt,
      last_checked_at: at,
      last_check_error: null,
      created_by: accountId,
      created_at: at,
      updated_at: at,
      endpoint_kind: endpoint.kind,
      endpoint_url: endpoint.url,
    };
    // vault first: a store row without retrievable keys would be a broken link
    try {
      await vault.put(id, { apiKey: req.apiKey, ...(req.performance ? { performance: req.performance } : {}) });
    } catch (e) {
      throw keyFailureError(classifyKeyFailure(e, null), e);
    }
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('stores').values(row).execute();
        await recordChange(trx, workspaceId, { storeId: id, entity: 'store', rowKey: id, op: 'upsert' });
      });
    } catch (e) {
      await vault.delete(id).catch(() => undefined);
      const again = await this.db.selectFrom('stores').select('id').where('workspace_id', '=', workspaceId).where('client_id', '=', req.clientId).executeTakeFirst();
      if (again) throw new AppError('STORE_ALREADY_LINKED', {}, 409);
      throw e;
    }
    this.log.info({ storeId: id, clientId: req.clientId, endpoint: endpoint.kind }, 'store linked');
    this.events?.linked(row);
    return this.dto(row);
  }

  private async row(workspaceId: string, id: string): Promise<StoresTable> {
    const row = await this.db.selectFrom('stores').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  async list(workspaceId: string): Promise<Store[]> {
    const rows = await this.db.selectFrom('stores').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').execute();
    return rows.map((r) => this.dto(r));
  }

  async get(workspaceId: string, id: string): Promise<Store> {
    return this.dto(await this.row(workspaceId, id));
  }

  /** Re-checks the key; the new status is saved either way, a failure is also thrown as its code. */
  async check(workspaceId: string, id: string): Promise<Store> {
    const row = await this.row(workspaceId, id);
    const at = nowIso();
    try {
      const client = await this.clientFor(row);
      const checked = await this.verify(client);
      const patch = { status: 'active', key_expires_at: checked.expiresAt, seller_name: checked.sellerName ?? row.seller_name, last_checked_at: at, last_check_error: null, updated_at: at };
      await this.saveStore(row, patch);
      return this.dto({ ...row, ...patch });
    } catch (e) {
      if (e instanceof AppError) throw e;
      const f = classifyKeyFailure(e, row.key_expires_at);
      await this.saveStore(row, { status: f.status ?? row.status, last_checked_at: at, last_check_error: f.code, updated_at: at });
      throw keyFailureError(f, e);
    }
  }

  /**
   * Moves a sandbox store to another sandbox URL (a local sandbox restarted on
   * another port). Real stores are refused: their keys only ever go to Ozon.
   * The new URL is checked like a link's and the key is verified there first.
   */
  async repoint(workspaceId: string, id: string, rawUrl: string): Promise<Store> {
    const row = await this.row(workspaceId, id);
    if (row.endpoint_kind !== 'sandbox') throw new AppError('FORBIDDEN', { detail: 'only sandbox stores can be repointed' }, 403);
    const url = checkSandboxUrl(rawUrl, this.config.ozon.sandboxUrls);
    if (url === row.endpoint_url) return this.dto(row);
    const secrets = await this.secretsFor(row).catch((e: unknown) => {
      throw keyFailureError(classifyKeyFailure(e, row.key_expires_at), e);
    });
    if (!secrets) throw new AppError('KEY_VAULT_UNAVAILABLE', { detail: 'no key stored for this store' }, 503);
    const at = nowIso();
    let checked: { expiresAt: string | null; sellerName: string | null };
    try {
      checked = await this.verify(this.makeClient(row.client_id, secrets.apiKey, { kind: 'sandbox', url }));
    } catch (e) {
      throw keyFailureError(classifyKeyFailure(e, row.key_expires_at), e);
    }
    const patch = { endpoint_url: url, status: 'active', key_expires_at: checked.expiresAt, seller_name: checked.sellerName ?? row.seller_name, last_checked_at: at, last_check_error: null, updated_at: at };
    // workers hold the row and their client: stop them, save, start them on the new URL
    await this.events?.unlinking(row.id);
    await this.saveStore(row, patch);
    this.log.info({ storeId: row.id }, 'sandbox store repointed');
    const next = { ...row, ...patch };
    this.events?.linked(next);
    return this.dto(next);
  }

  /** Records a key failure seen by a worker (import/export) on the store row. */
  async markKeyFailure(storeId: string, e: unknown): Promise<string> {
    const row = await this.db.selectFrom('stores').selectAll().where('id', '=', storeId).executeTakeFirst();
    const f = classifyKeyFailure(e, row?.key_expires_at ?? null);
    if (row && f.status && f.status !== row.status) {
      const at = nowIso();
      await this.saveStore(row, { status: f.status, last_check_error: f.code, last_checked_at: at, updated_at: at });
    }
    return f.code;
  }

  private async saveStore(row: StoresTable, patch: Partial<StoresTable>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('stores').set(patch).where('id', '=', row.id).execute();
      await recordChange(trx, row.workspace_id, { storeId: row.id, entity: 'store', rowKey: row.id, op: 'upsert' });
    });
  }

  /**
   * Stops the store's workers, deletes its keys from the vault, its data, its
   * queued export jobs and items (accepted edits on their way to Ozon are in
   * job_items since the one export queue) and the row; the feed gets a delete
   * per live row and one 'store' delete, so clients drop everything of it.
   */
  async unlink(workspaceId: string, id: string): Promise<void> {
    const row = await this.row(workspaceId, id);
    await this.events?.unlinking(id);
    await this.vaultOf(row).delete(id);
    await this.db.transaction().execute(async (trx) => {
      await recordStoreRowDeletes(trx, STORE_DATA_TABLES, workspaceId, id);
      await purgeStoreRows(trx, STORE_DATA_TABLES, id);
      await trx.deleteFrom('import_checkpoints').where('store_id', '=', id).execute();
      const jobIds = (await trx.selectFrom('jobs').select('id').where('store_id', '=', id).execute()).map((j) => j.id);
      if (jobIds.length) await trx.deleteFrom('job_items').where('job_id', 'in', jobIds).execute();
      await trx.deleteFrom('jobs').where('store_id', '=', id).execute();
      await trx.deleteFrom('stores').where('id', '=', id).execute();
      await recordChange(trx, workspaceId, { storeId: id, entity: 'store', rowKey: id, op: 'delete' });
    });
    this.log.info({ storeId: id, clientId: row.client_id }, 'store unlinked');
  }
}
