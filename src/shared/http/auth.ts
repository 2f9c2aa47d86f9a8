import { z } from 'zod';
import { ROLES, INVITABLE_ROLES } from '../roles';
import { Id, IsoTime, Locale, Password, text } from './common';

/**
 * The workspace server's HTTP contract for accounts, sign-in and staff.
 * Requests are strict objects: unknown fields are a VALIDATION_FAILED, never ignored.
 * All paths are under /api/v1 unless noted.
 */

export const Identifier = text(254).min(3);

/** What a client says about itself on every sign-in step. */
export const DeviceInfo = z.strictObject({
  /** random per-install id the client generated once */
  id: Id,
  /** secret the server issued when this device was verified; proves "remembered" */
  token: text(200).optional(),
  name: text(100).min(1),
  platform: z.enum(['windows', 'macos', 'linux', 'browser']),
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

export const TWO_FACTOR_METHODS = ['totp', 'sms', 'email'] as const;
export const TwoFactorMethod = z.enum(TWO_FACTOR_METHODS);
export type TwoFactorMethod = z.infer<typeof TwoFactorMethod>;

/** Ways to answer a challenge. `recovery` only for two_factor. */
export const ChallengeMethod = z.enum(['totp', 'sms', 'email', 'recovery']);
export type ChallengeMethod = z.infer<typeof ChallengeMethod>;
export const SendableMethod = z.enum(['sms', 'email']);
export type SendableMethod = z.infer<typeof SendableMethod>;

export const Challenge = z.object({
  id: Id,
  /** new_device: prove the contact before a session exists; two_factor: the second factor */
  kind: z.enum(['new_device', 'two_factor']),
  methods: z.array(ChallengeMethod),
  /** masked destinations, e.g. "s***r@mail.ru", "+7 *** ***-**-89" */
  destinations: z.object({ email: z.string().optional(), phone: z.string().optional() }),
  /** which method the server already sent a code through, if any */
  sentVia: SendableMethod.optional(),
  /** when the next resend is allowed; absent when no code was sent */
  resendAvailableAt: IsoTime.optional(),
  sendsRemaining: z.number().int().nonnegative(),
  expiresAt: IsoTime,
});
export type Challenge = z.infer<typeof Challenge>;

export const Tokens = z.object({
  accessToken: z.string(),
  /** at most 15 minutes after issue */
  accessExpiresAt: IsoTime,
  refreshToken: z.string(),
});
export type Tokens = z.infer<typeof Tokens>;

export const Account = z.object({
  id: Id,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.enum(ROLES),
  locale: Locale,
  workspace: z.object({ id: Id, name: z.string() }),
  twoFactor: z.object({ enabled: z.boolean(), method: TwoFactorMethod.nullable() }),
  recoveryCodesRemaining: z.number().int().nonnegative(),
  createdAt: IsoTime,
});
export type Account = z.infer<typeof Account>;

export const AuthResult = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('authenticated'),
    tokens: Tokens,
    sessionId: Id,
    /** issued when this sign-in verified a new device; the client keeps it in the keychain */
    deviceToken: z.string().optional(),
    account: Account,
  }),
  z.object({ status: z.literal('challenge'), challenge: Challenge }),
]);
export type AuthResult = z.infer<typeof AuthResult>;

// ---- public endpoints ----

/** GET /api/v1/workspace/info */
export const WorkspaceInfo = z.object({
  initialized: z.boolean(),
  name: z.string().nullable(),
  /** true when this server lets the first visitor create the owner (embedded servers) */
  setupOpen: z.boolean(),
  serverVersion: z.string(),
  apiVersion: z.literal(1),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

/** POST /api/v1/workspace/setup → AuthResult (authenticated; the creating device is trusted) */
export const SetupRequest = z.strictObject({
  workspaceName: text(100).min(1),
  name: text(100).min(1),
  email: text(254).optional(),
  phone: text(32).optional(),
  password: Password,
  locale: Locale,
  device: DeviceInfo,
});

/** POST /api/v1/auth/login → AuthResult | 401 INVALID_CREDENTIALS | 423 ACCOUNT_LOCKED */
export const LoginRequest = z.strictObject({
  identifier: Identifier,
  password: Password,
  device: DeviceInfo,
  locale: Locale.optional(),
});

/** POST /api/v1/auth/challenge/send → Challenge (updated cooldown) */
export const ChallengeSendRequest = z.strictObject({ challengeId: Id, method: SendableMethod });

/** POST /api/v1/auth/challenge/verify → AuthResult (a new_device step may be followed by a two_factor one) */
export const ChallengeVerifyRequest = z.strictObject({
  challengeId: Id,
  method: ChallengeMethod,
  code: text(64).min(4),
  device: DeviceInfo,
});

/** POST /api/v1/auth/challenge/poll → AuthResult; approves a new_device challenge once its email link was opened */
export const ChallengePollRequest = z.strictObject({ challengeId: Id, device: DeviceInfo });

/** GET /verify-device?token=… (no /api prefix): the link in the email; answers a small localized HTML page */

/** POST /api/v1/auth/refresh → Tokens | 401 REFRESH_TOKEN_INVALID / REFRESH_TOKEN_REUSED */
export const RefreshRequest = z.strictObject({ refreshToken: text(200).min(10) });

/** POST /api/v1/auth/logout (bearer) → Ok; revokes the current session */

/** POST /api/v1/auth/password/forgot → Ok always (no account enumeration) */
export const ForgotPasswordRequest = z.strictObject({ identifier: Identifier, locale: Locale.optional() });

/** POST /api/v1/auth/password/reset → Ok; revokes every session, unlocks the account, sends a notice */
export const ResetPasswordRequest = z.strictObject({
  identifier: Identifier,
  code: text(16).min(4),
  newPassword: Password,
});

/** POST /api/v1/support/tickets (no auth) → { ticketId } */
export const SupportTicketRequest = z.strictObject({
  contact: text(254).min(3),
  identifier: text(254).optional(),
  message: text(4000).min(1),
  locale: Locale.optional(),
});
export const SupportTicketCreated = z.object({ ticketId: Id });

/** POST /api/v1/invitations/accept → AuthResult (authenticated; the email code proves the contact and the device) */
export const AcceptInvitationRequest = z.strictObject({
  email: text(254),
  code: text(16).min(4),
  name: text(100).min(1),
  password: Password,
  device: DeviceInfo,
});

// ---- authenticated endpoints (Authorization: Bearer <accessToken>) ----

/** GET /api/v1/me → Account; PATCH /api/v1/me → Account */
export const UpdateMeRequest = z.strictObject({ name: text(100).min(1).optional(), locale: Locale.optional() });

/** POST /api/v1/me/password → Ok; revokes every other session, sends a notice */
export const ChangePasswordRequest = z.strictObject({ currentPassword: Password, newPassword: Password });

/** POST /api/v1/me/2fa/totp/start → TotpEnrollment */
export const TotpEnrollment = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() });
/** POST /api/v1/me/2fa/totp/confirm → RecoveryCodes */
export const TotpConfirmRequest = z.strictObject({ code: text(12).min(6) });
/** POST /api/v1/me/2fa/otp/start → { sentTo, resendAvailableAt } ; sends a code to the account's email/phone */
export const OtpStartRequest = z.strictObject({ method: SendableMethod });
export const OtpStarted = z.object({ sentTo: z.string(), resendAvailableAt: IsoTime });
/** POST /api/v1/me/2fa/otp/confirm → RecoveryCodes */
export const OtpConfirmRequest = z.strictObject({ method: SendableMethod, code: text(12).min(4) });
/** POST /api/v1/me/2fa/disable → Ok */
export const DisableTwoFactorRequest = z.strictObject({ password: Password });
/** POST /api/v1/me/2fa/recovery-codes → RecoveryCodes (the old ones stop working) */
export const RegenerateRecoveryRequest = z.strictObject({ password: Password });
export const RecoveryCodes = z.object({ codes: z.array(z.string()).length(10) });

/** GET /api/v1/me/sessions → SessionList ; DELETE /api/v1/me/sessions/:id → Ok */
export const SessionInfo = z.object({
  id: Id,
  deviceName: z.string(),
  platform: z.string(),
  ip: z.string().nullable(),
  createdAt: IsoTime,
  lastSeenAt: IsoTime,
  current: z.boolean(),
});
export const SessionList = z.object({ sessions: z.array(SessionInfo) });
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SECURITY_EVENT_TYPES = [
  'sign_in',
  'sign_in_failed',
  'locked',
  'unlocked',
  'password_changed',
  'password_reset',
  'two_factor_enabled',
  'two_factor_disabled',
  'recovery_codes_regenerated',
  'recovery_code_used',
  'new_device',
  'session_revoked',
  'refresh_reuse_detected',
  'signed_out',
] as const;
export const SecurityEventType = z.enum(SECURITY_EVENT_TYPES);
/** GET /api/v1/me/security-events?before=<id>&limit=50 → SecurityEventPage (newest first) */
export const SecurityEvent = z.object({
  id: Id,
  type: SecurityEventType,
  at: IsoTime,
  ip: z.string().nullable(),
  deviceName: z.string().nullable(),
});
export const SecurityEventPage = z.object({ events: z.array(SecurityEvent), nextBefore: Id.nullable() });
export type SecurityEvent = z.infer<typeof SecurityEvent>;

// ---- staff (permissions staff.view / staff.manage) ----

export const Member = z.object({
  id: Id,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.enum(ROLES),
  status: z.enum(['active', 'disabled']),
  createdAt: IsoTime,
});
export type Member = z.infer<typeof Member>;
/** GET /api/v1/workspace/members */
export const MemberList = z.object({ members: z.array(Member) });
/** PATCH /api/v1/workspace/members/:id → Member ; DELETE /api/v1/workspace/members/:id → Ok (disables, revokes sessions) */
export const UpdateMemberRequest = z.strictObject({ role: z.enum(INVITABLE_ROLES) });

export const Invitation = z.object({
  id: Id,
  email: z.string(),
  role: z.enum(INVITABLE_ROLES),
  invitedBy: z.string(),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  status: z.enum(['pending', 'accepted', 'expired', 'revoked']),
});
export type Invitation = z.infer<typeof Invitation>;
/** POST /api/v1/workspace/invitations → Invitation (emails a code) ; GET → InvitationList ; DELETE /:id → Ok */
export const InviteRequest = z.strictObject({ email: text(254), role: z.enum(INVITABLE_ROLES), locale: Locale.optional() });
export const InvitationList = z.object({ invitations: z.array(Invitation) });
