import { z } from 'zod';
import { ERROR_CODES } from '../errors';
import { Locale, Password, text } from '../http/common';
import {
  Account,
  Challenge,
  ChallengeMethod,
  Identifier,
  Invitation,
  InviteRequest,
  Member,
  OtpStarted,
  SecurityEvent,
  SendableMethod,
  SessionInfo,
  UpdateMemberRequest,
} from '../http/auth';
import { workstationIpc } from './workstation';
import { returnsIpc } from './returns';
import { serviceIpc } from './service';
import { marketingIpc } from './marketing';
import { analyticsIpc } from './analytics';
import { actionsIpc } from './actions';
import { dashboardIpc } from './dashboard';

/**
 * The renderer ⇄ main contract. One map per domain, merged into `ipcContract`.
 * The main process parses every input and every output against it; the
 * preload exposes exactly these channel names and nothing else.
 * Tokens, API keys and device secrets never appear in any output here.
 */

const none = z.strictObject({});
const ok = z.object({ ok: z.literal(true) });

export const ServerMode = z.enum(['embedded', 'remote']);

export const AppState = z.object({
  locale: Locale,
  /** null until the person chose: local workspace or team server */
  serverMode: ServerMode.nullable(),
  serverUrl: z.string().nullable(),
  /** reachability of the configured server */
  serverStatus: z.enum(['unconfigured', 'starting', 'online', 'unreachable']),
  workspace: z.object({ initialized: z.boolean(), name: z.string().nullable(), setupOpen: z.boolean() }).nullable(),
  keychainAvailable: z.boolean(),
  account: Account.nullable(),
  /**
   * 'offline': `account` is the remembered profile of a stored session the
   * server has not confirmed yet (it was unreachable); the workstation works
   * from the cache and the session is refreshed in the background.
   * Absent means 'online' with an account, 'none' without.
   */
  session: z.enum(['online', 'offline', 'none']).optional(),
});
export type AppState = z.infer<typeof AppState>;

/** What the renderer learns from a sign-in step. */
export const SignInResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed_in'), account: Account }),
  z.object({ status: z.literal('challenge'), challenge: Challenge }),
]);
export type SignInResult = z.infer<typeof SignInResult>;

const appIpc = {
  'app:getState': { input: none, output: AppState },
  /** the person's choice: kept from then on */
  'app:setLocale': { input: z.strictObject({ locale: Locale }), output: AppState },
  /**
   * The window's preferred languages (navigator.languages), sent once as it
   * opens: until the person picks a language, the first one Sellerdesk speaks
   * becomes the UI language (a browser's, rather than the machine's that runs
   * the browser host). Unknown languages are ignored.
   */
  'app:suggestLocale': { input: z.strictObject({ languages: z.array(text(64)).max(32) }), output: AppState },
  /** https only, opened in the OS browser */
  'app:openExternal': { input: z.strictObject({ url: text(2048) }), output: ok },
};

const setupIpc = {
  /** start (or reuse) the workspace server embedded on this machine */
  'setup:useEmbedded': { input: none, output: AppState },
  'setup:connectRemote': { input: z.strictObject({ url: text(2048).min(1) }), output: AppState },
  /** forget the server choice (only when signed out) */
  'setup:reset': { input: none, output: AppState },
  'setup:createOwner': {
    input: z.strictObject({
      workspaceName: text(100).min(1),
      name: text(100).min(1),
      email: text(254).optional(),
      phone: text(32).optional(),
      password: Password,
    }),
    output: SignInResult,
  },
};

const authIpc = {
  'auth:signIn': { input: z.strictObject({ identifier: Identifier, password: Password }), output: SignInResult },
  'auth:sendCode': { input: z.strictObject({ challengeId: text(64), method: SendableMethod }), output: Challenge },
  'auth:verify': {
    input: z.strictObject({ challengeId: text(64), method: ChallengeMethod, code: text(64).min(4) }),
    output: SignInResult,
  },
  /** new-device email link: the renderer polls until the link was opened */
  'auth:poll': { input: z.strictObject({ challengeId: text(64) }), output: SignInResult },
  'auth:forgotPassword': { input: z.strictObject({ identifier: Identifier }), output: ok },
  'auth:resetPassword': {
    input: z.strictObject({ identifier: Identifier, code: text(16).min(4), newPassword: Password }),
    output: ok,
  },
  'auth:acceptInvitation': {
    input: z.strictObject({ email: text(254), code: text(16).min(4), name: text(100).min(1), password: Password }),
    output: SignInResult,
  },
  'auth:signOut': { input: none, output: ok },
};

const supportIpc = {
  'support:contact': {
    input: z.strictObject({ contact: text(254).min(3), identifier: text(254).optional(), message: text(4000).min(1) }),
    output: z.object({ ticketId: z.string() }),
  },
};

const accountIpc = {
  'account:get': { input: none, output: Account },
  'account:update': { input: z.strictObject({ name: text(100).min(1).optional(), locale: Locale.optional() }), output: Account },
  'account:changePassword': { input: z.strictObject({ currentPassword: Password, newPassword: Password }), output: ok },
};

const recoveryCodes = z.object({ codes: z.array(z.string()).length(10) });

const securityIpc = {
  'security:totpStart': { input: none, output: z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() }) },
  'security:totpConfirm': { input: z.strictObject({ code: text(12).min(6) }), output: recoveryCodes },
  'security:otpStart': { input: z.strictObject({ method: SendableMethod }), output: OtpStarted },
  'security:otpConfirm': { input: z.strictObject({ method: SendableMethod, code: text(12).min(4) }), output: recoveryCodes },
  'security:disableTwoFactor': { input: z.strictObject({ password: Password }), output: ok },
  'security:regenerateRecoveryCodes': { input: z.strictObject({ password: Password }), output: recoveryCodes },
  'security:events': {
    input: z.strictObject({ before: text(64).optional() }),
    output: z.object({ events: z.array(SecurityEvent), nextBefore: z.string().nullable() }),
  },
};

const sessionsIpc = {
  'sessions:list': { input: none, output: z.object({ sessions: z.array(SessionInfo) }) },
  'sessions:revoke': { input: z.strictObject({ id: text(64) }), output: ok },
};

const staffIpc = {
  'staff:members': { input: none, output: z.object({ members: z.array(Member) }) },
  'staff:invitations': { input: none, output: z.object({ invitations: z.array(Invitation) }) },
  'staff:invite': { input: InviteRequest.omit({ locale: true }), output: Invitation },
  'staff:revokeInvitation': { input: z.strictObject({ id: text(64) }), output: ok },
  'staff:setRole': { input: z.strictObject({ id: text(64), role: UpdateMemberRequest.shape.role }), output: Member },
  'staff:remove': { input: z.strictObject({ id: text(64) }), output: ok },
};

export const ipcContract = {
  ...appIpc,
  ...setupIpc,
  ...authIpc,
  ...supportIpc,
  ...accountIpc,
  ...securityIpc,
  ...sessionsIpc,
  ...staffIpc,
  ...workstationIpc,
  ...returnsIpc,
  ...serviceIpc,
  ...marketingIpc,
  ...analyticsIpc,
  ...actionsIpc,
  ...dashboardIpc,
} as const;

export type IpcContract = typeof ipcContract;
export type IpcChannel = keyof IpcContract;
export type IpcInput<C extends IpcChannel> = z.input<IpcContract[C]['input']>;
export type IpcOutput<C extends IpcChannel> = z.output<IpcContract[C]['output']>;

export const IPC_CHANNELS = Object.keys(ipcContract) as IpcChannel[];

export function isIpcChannel(v: unknown): v is IpcChannel {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(ipcContract, v);
}

/** Errors cross the bridge as data, never as thrown Error objects (which lose fields). */
export const IpcError = z.object({
  code: z.enum(ERROR_CODES),
  retryAfter: z.number().optional(),
  lockedUntil: z.string().optional(),
  permanent: z.boolean().optional(),
  fields: z.array(z.object({ path: z.string(), code: z.string() })).optional(),
});
export type IpcError = z.infer<typeof IpcError>;

export type IpcResponse<C extends IpcChannel> = { ok: true; data: IpcOutput<C> } | { ok: false; error: IpcError };

/** Events main → renderer. */
export const IPC_EVENTS = [
  'session:expired',
  'state:changed',
  /** SyncStatus changed (online, pending, conflicts, progress) */
  'sync:status',
  /** cached store data changed (a pull applied, a local edit, a store switch): lists re-query */
  'data:changed',
] as const;
export type IpcEvent = (typeof IPC_EVENTS)[number];

/** The one Electron channel name the preload uses for invoke. */
export const IPC_INVOKE = 'sellerdesk:invoke';
export const IPC_EVENT = 'sellerdesk:event';

/** The typed API surface the preload (or browser-host bridge) provides to the renderer. */
export interface SellerdeskBridge {
  invoke<C extends IpcChannel>(channel: C, input: IpcInput<C>): Promise<IpcResponse<C>>;
  on(event: IpcEvent, listener: () => void): () => void;
}
