import type { Method } from 'axios';
import type { z } from 'zod';
import { Account, AuthResult, type DeviceInfo, Tokens } from '../../shared/http/auth';
import { Ok } from '../../shared/http/common';
import { parseIdentifier } from '../../shared/identity';
import type { SignInResult } from '../../shared/ipc/contract';
import type { ApiClient, ApiRequest } from './api-client';
import { AppError, hasCode, isAppError } from './errors';
import type { CoreEvents } from './events';
import { keychainAccounts, type Keychain } from './keychain';
import type { Logger } from './logger';
import type { ProfileStore } from './profile';

/** Identifiers are matched to device tokens in their normalised form. */
export function identifierKey(raw: string): string {
  const parsed = parseIdentifier(raw);
  return parsed ? parsed.value : raw.trim().toLowerCase();
}

interface Access {
  token: string;
  /** epoch ms */
  expiresAt: number;
  sessionId: string | null;
}

export interface SessionDeps {
  keychain: Keychain;
  /** offline start; without it a session exists only while the server answers */
  profiles?: ProfileStore;
  /** a refresh succeeded while signed in offline: the server is back */
  onReconnect?: () => void;
  events: CoreEvents;
  logger: Logger;
  /** device description without the token (added per identifier) */
  device(): Omit<DeviceInfo, 'token'>;
  now?: () => number;
}

/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 30_000;
const MAX_PENDING_CHALLENGES = 32;
/** Failures that say nothing about the session: the token is kept and tried again later. */
const TRANSIENT = ['SERVER_UNREACHABLE', 'RATE_LIMITED', 'INTERNAL'] as const;

/**
 * Holds the signed-in state for the current server: the access token in
 * memory only, the refresh token in the keychain. Authenticated calls refresh
 * once (single flight) on UNAUTHENTICATED and retry; a failed refresh ends
 * the session and emits `session:expired`.
 */
export class SessionManager {
  private api: ApiClient | null = null;
  private serverKey: string | null = null;
  private access: Access | null = null;
  private refreshFlight: Promise<void> | null = null;
  /** challenge id → normalised identifiers it was started for (to store the device token under) */
  private pending = new Map<string, string[]>();
  private _account: Account | null = null;
  /**
   * Signed in from the stored profile without the server's word: a refresh
   * token exists but was not exchanged yet. `_account` is the remembered
   * profile; no access token. Cleared by the first successful refresh + /me,
   * or by a refused refresh (which ends the session).
   */
  private _offline = false;
  /**
   * The server ended the session (refused refresh, 401 after a refresh): set
   * in the same tick the account is cleared, so whoever sees no account can
   * tell an expiry (keep the queue, paused) from a sign-out; cleared by the
   * next account (signedInAs).
   */
  private _expired = false;
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly deps: SessionDeps) {
    this.now = deps.now ?? Date.now;
  }

  get account(): Account | null {
    return this._account;
  }

  get signedIn(): boolean {
    return this._account !== null;
  }

  /** signed in from the remembered profile, not yet confirmed by the server */
  get offline(): boolean {
    return this._offline && this._account !== null;
  }

  /** no account because the server ended the session, and nobody signed in since */
  get expired(): boolean {
    return this._expired;
  }

  private signedInAs(account: Account, offline: boolean): void {
    this._account = account;
    this._offline = offline;
    this._expired = false;
  }

  get attachedKey(): string | null {
    return this.serverKey;
  }

  /** Point at a server. Forgets in-memory session state of the previous one. */
  attach(api: ApiClient, serverKey: string): void {
    if (this.serverKey !== serverKey) this.forgetMemory();
    this.api = api;
    this.serverKey = serverKey;
  }

  detach(): void {
    this.forgetMemory();
    this.api = null;
    this.serverKey = null;
  }

  private forgetMemory(): void {
    this.generation++;
    this.access = null;
    this._account = null;
    this._offline = false;
    this.pending.clear();
    this.refreshFlight = null;
  }

  private requireApi(): { api: ApiClient; key: string } {
    if (!this.api || !this.serverKey) throw new AppError('SERVER_UNREACHABLE');
    return { api: this.api, key: this.serverKey };
  }

  async deviceFor(identifiers: string[]): Promise<DeviceInfo> {
    const base = this.deps.device();
    const { key } = this.requireApi();
    for (const id of identifiers) {
      const token = await this.deps.keychain.get(keychainAccounts.device(key, id));
      if (token && token.length <= 200) return { ...base, token };
    }
    return { ...base };
  }

  /** Calls that need no session (sign-in steps, setup, forgot password, support). */
  async publicCall<T>(method: Method, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    const { api } = this.requireApi();
    return api.request({ method, path, schema, body });
  }

  /** Turns an AuthResult into what the renderer may see; keeps the secrets here. */
  async acceptAuthResult(result: AuthResult, identifiers: string[]): Promise<SignInResult> {
    const { key } = this.requireApi();
    const ids = [...new Set(identifiers.filter(Boolean))];
    if (result.status === 'challenge') {
      this.pending.set(result.challenge.id, ids);
      while (this.pending.size > MAX_PENDING_CHALLENGES) this.pending.delete(this.pending.keys().next().value!);
      return { status: 'challenge', challenge: result.challenge };
    }
    const gen = this.generation;
    await this.deps.keychain.set(keychainAccounts.refresh(key), result.tokens.refreshToken);
    if (result.deviceToken) {
      const all = new Set(ids);
      if (result.account.email) all.add(identifierKey(result.account.email));
      if (result.account.phone) all.add(identifierKey(result.account.phone));
      for (const id of all) await this.deps.keychain.set(keychainAccounts.device(key, id), result.deviceToken);
    }
    if (gen !== this.generation) throw new AppError('CONFLICT');
    this.access = { token: result.tokens.accessToken, expiresAt: parseExpiry(result.tokens.accessExpiresAt, this.now()), sessionId: result.sessionId };
    this.signedInAs(result.account, false);
    this.pending.clear();
    await this.remember(key, result.account);
    this.deps.events.emit('state:changed');
    return { status: 'signed_in', account: result.account };
  }

  identifiersForChallenge(challengeId: string): string[] {
    return this.pending.get(challengeId) ?? [];
  }

  /**
   * Remembered sign-in: a stored refresh token becomes a live session again.
   * When the server cannot answer, the remembered profile opens the
   * workstation offline (restoreOffline) and the token is kept for later.
   */
  async restore(): Promise<void> {
    const { key } = this.requireApi();
    const stored = await this.deps.keychain.get(keychainAccounts.refresh(key));
    if (!stored) return;
    try {
      await this.refresh();
      const account = await this.call('GET', '/api/v1/me', Account);
      this.signedInAs(account, false);
      await this.remember(key, account);
      this.deps.events.emit('state:changed');
    } catch (e) {
      // unreachable (or the server hiccuped): keep the token, work offline; anything else already cleared it
      if (hasCode(e, ...TRANSIENT)) await this.restoreOffline();
      else this.deps.logger.info('stored session could not be restored');
    }
  }

  /**
   * Offline start: with a stored refresh token and the remembered profile of
   * this server, the account is signed in offline. True when it is.
   */
  async restoreOffline(): Promise<boolean> {
    if (this._account) return true;
    const { key } = this.requireApi();
    const gen = this.generation;
    const profile = this.deps.profiles?.load(key) ?? null;
    if (!profile) return false;
    const stored = await this.deps.keychain.get(keychainAccounts.refresh(key));
    if (!stored || gen !== this.generation || this._account) return this._account !== null;
    this.signedInAs(profile, true);
    this.deps.logger.info('signed in offline from the remembered profile');
    this.deps.events.emit('state:changed');
    return true;
  }

  /**
   * Offline → online: refresh (rotating the stored token) and read /me.
   * 'signed_out' when the server refused the refresh (expire() already ran:
   * session:expired, the queue pauses); 'offline' when it still cannot answer.
   */
  async goOnline(): Promise<'online' | 'offline' | 'signed_out'> {
    if (!this._account) return 'signed_out';
    if (!this._offline) return 'online';
    const gen = this.generation;
    try {
      const account = await this.call('GET', '/api/v1/me', Account);
      if (gen !== this.generation || !this._account) return 'signed_out';
      this.signedInAs(account, false);
      if (this.serverKey) await this.remember(this.serverKey, account);
      this.deps.events.emit('state:changed');
      return 'online';
    } catch (e) {
      if (!this._account) return 'signed_out';
      if (!hasCode(e, ...TRANSIENT)) this.deps.logger.warn('reconnect: the account could not be read', { code: isAppError(e) ? e.ipc.code : 'unknown' });
      return 'offline';
    }
  }

  private async remember(key: string, account: Account): Promise<void> {
    try {
      await this.deps.profiles?.save(key, account);
    } catch (e) {
      this.deps.logger.warn('the account profile could not be remembered', { error: e instanceof Error ? e.message : String(e) });
    }
  }

  private async forgetProfile(): Promise<void> {
    try {
      await this.deps.profiles?.clear();
    } catch (e) {
      this.deps.logger.warn('the remembered profile could not be cleared', { error: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Single flight: concurrent callers share one refresh (refresh tokens rotate). */
  refresh(): Promise<void> {
    if (!this.refreshFlight) {
      const flight = this.doRefresh().finally(() => {
        if (this.refreshFlight === flight) this.refreshFlight = null;
      });
      this.refreshFlight = flight;
    }
    return this.refreshFlight;
  }

  private async doRefresh(): Promise<void> {
    const { api, key } = this.requireApi();
    const gen = this.generation;
    const account = keychainAccounts.refresh(key);
    const refreshToken = await this.deps.keychain.get(account);
    if (!refreshToken) {
      if (this._account || this.access) await this.expire();
      throw new AppError('NOT_SIGNED_IN');
    }
    let tokens: Tokens;
    try {
      tokens = await api.request({ method: 'POST', path: '/api/v1/auth/refresh', body: { refreshToken }, schema: Tokens });
    } catch (e) {
      if (hasCode(e, ...TRANSIENT)) throw e;
      // REFRESH_TOKEN_INVALID / REUSED / anything else: the session is over
      if (gen === this.generation) {
        await this.deps.keychain.delete(account);
        await this.expire();
      }
      throw new AppError('UNAUTHENTICATED');
    }
    if (gen !== this.generation) throw new AppError('CONFLICT');
    await this.deps.keychain.set(account, tokens.refreshToken);
    this.access = {
      token: tokens.accessToken,
      expiresAt: parseExpiry(tokens.accessExpiresAt, this.now()),
      sessionId: this.access?.sessionId ?? null,
    };
    // the server is back while signed in offline (e.g. the sync engine's call refreshed): tell the core
    if (this._offline && this._account) this.deps.onReconnect?.();
  }

  /**
   * The server ended the session. The remembered profile goes first; then the
   * account is cleared and session:expired goes out in the same tick, so no
   * one sees the account gone before the expiry is known (a cache reconcile in
   * between would close the queue instead of pausing it) or the profile still
   * there after it. A sign-in or sign-out meanwhile (another generation or
   * account) wins.
   */
  private async expire(): Promise<void> {
    const account = this._account;
    const had = account !== null || this.access !== null;
    const gen = this.generation;
    this.access = null;
    await this.forgetProfile();
    if (gen !== this.generation || this._account !== account) return;
    this._account = null;
    this._offline = false;
    if (!had) return;
    this._expired = true;
    this.deps.events.emit('session:expired');
    this.deps.events.emit('state:changed');
  }

  /** An authenticated call: bearer token, proactive refresh, one retry after a refresh on 401. */
  async call<T>(
    method: Method,
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
    query?: Record<string, string | undefined>,
    extra: Pick<ApiRequest<T>, 'onHeaders'> = {},
  ): Promise<T> {
    const { api } = this.requireApi();
    if (!this.access || this.access.expiresAt - REFRESH_MARGIN_MS <= this.now()) await this.refresh();
    const first = this.access;
    if (!first) throw new AppError('NOT_SIGNED_IN');
    try {
      return await api.request({ ...extra, method, path, schema, body, query, accessToken: first.token });
    } catch (e) {
      if (!hasCode(e, 'UNAUTHENTICATED')) throw e;
    }
    // another caller may have refreshed meanwhile
    if (this.access === first) await this.refresh();
    const second = this.access;
    if (!second) throw new AppError('NOT_SIGNED_IN');
    try {
      return await api.request({ ...extra, method, path, schema, body, query, accessToken: second.token });
    } catch (e) {
      if (hasCode(e, 'UNAUTHENTICATED')) {
        const { key } = this.requireApi();
        await this.deps.keychain.delete(keychainAccounts.refresh(key));
        await this.expire();
      }
      throw e;
    }
  }

  /** A current access token for calls the ApiClient cannot make (the sync event stream); refreshes when due. */
  async bearer(): Promise<string> {
    if (!this.access || this.access.expiresAt - REFRESH_MARGIN_MS <= this.now()) await this.refresh();
    if (!this.access) throw new AppError('NOT_SIGNED_IN');
    return this.access.token;
  }

  setAccount(account: Account): void {
    this._account = account;
    if (this.serverKey) void this.remember(this.serverKey, account);
    this.deps.events.emit('state:changed');
  }

  /** The session this client holds, when known (from the sign-in that created it). */
  get currentSessionId(): string | null {
    return this.access?.sessionId ?? null;
  }

  /** Revoke on the server (best effort), then forget locally. The device token stays: the device remains trusted. */
  async signOut(): Promise<void> {
    const { api, key } = this.requireApi();
    const access = this.access;
    if (access) {
      try {
        await api.request({ method: 'POST', path: '/api/v1/auth/logout', schema: Ok, accessToken: access.token });
      } catch (e) {
        if (hasCode(e, 'UNAUTHENTICATED')) {
          // access token expired: refresh once so the server session really ends
          try {
            await this.refresh();
            if (this.access) await api.request({ method: 'POST', path: '/api/v1/auth/logout', schema: Ok, accessToken: this.access.token });
          } catch {
            /* gone already */
          }
        } else this.deps.logger.warn('logout request failed; forgetting the session locally');
      }
    } else if (await this.deps.keychain.get(keychainAccounts.refresh(key))) {
      try {
        await this.refresh();
        if (this.access) await api.request({ method: 'POST', path: '/api/v1/auth/logout', schema: Ok, accessToken: this.access.token });
      } catch {
        /* nothing to revoke */
      }
    }
    await this.forgetLocal();
  }

  /** Forget the session on this machine without asking the server. */
  async forgetLocal(): Promise<void> {
    if (this.serverKey) await this.deps.keychain.delete(keychainAccounts.refresh(this.serverKey));
    const had = this._account !== null;
    this.generation++;
    this.access = null;
    this._account = null;
    this._offline = false;
    this.refreshFlight = null;
    await this.forgetProfile();
    if (had) this.deps.events.emit('state:changed');
  }
}

function parseExpiry(iso: string, now: number): number {
  const t = Date.parse(iso);
  // unparsable: assume the shortest allowed lifetime rather than forever
  return Number.isFinite(t) ? Math.min(t, now + 15 * 60_000) : now + 60_000;
}

