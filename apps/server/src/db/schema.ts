import type { Generated } from 'kysely';

/** The database as Kysely sees it; the same tables on SQLite and PostgreSQL. Times are epoch ms. */
export interface DB {
  users: UsersTable;
  totp_credentials: TOTPCredentialsTable;
  recovery_codes: RecoveryCodesTable;
  sessions: SessionsTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  form_submissions: FormSubmissionsTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebAuthnChallengesTable;
  protected_hosts: ProtectedHostsTable;
  oidc_payloads: OIDCPayloadsTable;
  oidc_subjects: OIDCSubjectsTable;
  oidc_apps: OIDCAppsTable;
  oidc_signing_keys: OIDCSigningKeysTable;
  attempt_counters: AttemptCountersTable;
  api_tokens: APITokensTable;
  password_resets: PasswordResetsTable;
  authz_epoch: AuthzEpochTable;
}

export type Role = 'admin' | 'user';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  role: Role;
  created_at: number;
  display_name: string | null;
  /** Lower case, unique when set. */
  email: string | null;
  /** Set while the account is disabled: no sign-in of any kind, no session. */
  disabled_at: number | null;
  /** 1 when the password is a one-time password the person must replace at the next sign-in. */
  must_change_password: Generated<Flag>;
  /** The language of their mail ('en', 'ja'); null: the service's default. */
  locale: Generated<string | null>;
}

export type CredentialState = 'active' | 'pending';

export interface TOTPCredentialsTable {
  id: Generated<number>;
  user_id: number;
  state: CredentialState;
  /** AES-256-GCM box of the key, associated data bound to the user row. */
  secret_box: Uint8Array;
  /** The last accepted time step; a code for this step or an earlier one is refused. */
  last_step: number;
  created_at: number;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 of the normalised code, hex. */
  code_hash: string;
  used_at: number | null;
}

/**
 * How a person proved who they are, as RFC 8176 `amr` values: `pwd` password, `otp` a code from the
 * registered authenticator, `rec` a single-use recovery code (not in the RFC registry: recorded
 * apart so that a relying party can tell it from `otp`), and for later factors `hwk`, `pop`, `user`.
 * @see RFC 8176 §2
 */
export type AuthMethod = 'pwd' | 'otp' | 'rec' | 'hwk' | 'pop' | 'user';

/** `password_change`: signed in with a one-time password that must be replaced before anything else. */
export type SessionStage = 'second_factor' | 'enrollment' | 'full' | 'password_change';

export interface SessionsTable {
  /** SHA-256 of the cookie token, hex: a copy of the table does not let anyone sign in. */
  id: string;
  user_id: number;
  stage: SessionStage;
  /** Wrong codes tried on this pending sign-in. */
  code_attempts: Generated<number>;
  created_at: number;
  expires_at: number;
  ip: string | null;
  /** The last time the person proved all their factors in this session (OIDC `auth_time`); null before. */
  auth_time: number | null;
  /** JSON array of the RFC 8176 methods used for the sign-in (`["pwd","otp"]`); see AuthMethod. */
  amr: Generated<string>;
  /** The last time a current factor was proven again for a sensitive change (see services/reauth.ts). */
  reauth_at: number | null;
  /** The browser's User-Agent header when the session was opened (at most 512 characters). */
  user_agent: string | null;
  /** The last request seen with this session, to the minute; null before the first. */
  last_seen_at: number | null;
  /**
   * Random, what the pages' form tokens are bound to: new at each sign-in step, kept when
   * re-authentication renews the token. Null for sessions opened before it existed (bound to `id`).
   */
  csrf_key: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  event: string;
  actor: string | null;
  target: string | null;
  ip: string | null;
  details: string | null;
}

/** One failure counter (ADR 0009): a reservation adds one before the check, a success releases it. */
export interface AttemptCountersTable {
  /** What it protects: `address:<ip>`, `password:<username>`, `device:<username>:<id>`, `totp:<user id>`… */
  key: string;
  /** Reserved attempts in the current window (since the last lock ended or the window began). */
  failures: number;
  window_start: number;
  /** Refused while now < locked_until; LOCKED_FOREVER means until an administrator unlocks. */
  locked_until: number | null;
  /** Locks since the last success: each lasts longer than the one before. */
  locks: number;
  /** Reserved attempts since the last success, across windows (NIST's 100 consecutive failures). */
  consecutive: number;
}

/** A host behind a reverse proxy that asks Kakunin (forward-auth) who may enter. */
export interface ProtectedHostsTable {
  id: Generated<number>;
  /** Lower-case host name, `*.example.com` for every subdomain; no port. */
  host: string;
  /** JSON array of usernames; with allowed_roles empty too, any signed-in user may enter. */
  allowed_users: string;
  /** JSON array of roles. */
  allowed_roles: string;
  /** 1 when only a session signed in with a second factor may enter. */
  two_factor: number;
  created_at: number;
  updated_at: number;
}

/**
 * One row (id 1) whose value the database raises whenever a full session ends or changes, or a user's
 * name, role, address or disabled state changes (triggers): instances compare it to know whether what
 * they remember of sessions for forward-auth still holds.
 */
export interface AuthzEpochTable {
  id: number;
  value: number;
}

/** `locked_until` value meaning "until an administrator unlocks" (the largest valid Date). */
export const LOCKED_FOREVER = 8_640_000_000_000_000;

/** oidc-provider's stored models (codes, tokens, grants, sessions, interactions) as JSON. */
export interface OIDCPayloadsTable {
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  /** The `sub` the payload belongs to, so that ending a person's sessions revokes their tokens. */
  account_id: string | null;
  client_id: string | null;
  expires_at: number | null;
  consumed_at: number | null;
}

export interface OIDCSubjectsTable {
  user_id: number;
  subject: string;
}

/** 0 or 1 on both dialects. */
export type Flag = number;

export interface OIDCAppsTable {
  client_id: string;
  name: string;
  redirect_uris: string;
  post_logout_redirect_uris: string;
  public: Flag;
  token_endpoint_auth_method: string;
  secret_box: Uint8Array | null;
  requires_two_factor: Flag;
  /** Only a phishing-resistant sign-in (passkey or security key) lets a person in. */
  requires_passkey: Flag;
  ask_consent: Flag;
  created_at: number;
  updated_at: number;
}

export interface OIDCSigningKeysTable {
  kid: string;
  alg: string;
  private_box: Uint8Array;
  created_at: number;
  retired_at: number | null;
}

/** A submitted page form (see web/submission.ts). */
export interface FormSubmissionsTable {
  /** SHA-256 of the form's submission token, the browser it was sent from and the address it went to. */
  id: string;
  expires_at: number;
  /** The first submit's answer, sealed with a key only that browser's second submit can derive; null while it runs. */
  answer: Uint8Array | null;
}

/** A passkey or security key (WebAuthn credential) registered as a second factor. */
export interface PasskeysTable {
  id: Generated<number>;
  user_id: number;
  /** base64url credential id. */
  credential_id: string;
  /** COSE public key. */
  public_key: Uint8Array;
  /** Signature counter last seen; 0 for authenticators that keep none. */
  counter: number;
  /** JSON array of transports the browser reported (`internal`, `usb`, `hybrid`…). */
  transports: string;
  name: string;
  /** 1 when the authenticator verified the person at registration. */
  user_verified: number;
  /** 1 when the credential is synced (backed up) by its provider. */
  backed_up: number;
  created_at: number;
  last_used_at: number | null;
}

export type ChallengePurpose = 'register' | 'second_factor' | 'passwordless' | 'reauthenticate';

/** A WebAuthn challenge handed out and not yet used (single use, short-lived). */
export interface WebAuthnChallengesTable {
  challenge: string;
  purpose: ChallengePurpose;
  /** SHA-256 of the token (session or pre-sign-in cookie) that asked for it. */
  binding: string;
  user_id: number | null;
  expires_at: number;
}

/** 'admin': what the administrator's API allows; 'read': only reading it. */
export type APITokenScope = 'admin' | 'read';

/** A token for automation (`Authorization: Bearer`), acting as the administrator who created it. */
export interface APITokensTable {
  id: Generated<number>;
  /** SHA-256 of the token, hex. */
  token_hash: string;
  name: string;
  scope: APITokenScope;
  user_id: number;
  created_at: number;
  last_used_at: number | null;
  last_used_ip: string | null;
  revoked_at: number | null;
}

/** A password-reset link sent by mail: single use, short-lived, one per account. */
export interface PasswordResetsTable {
  user_id: number;
  /** SHA-256 of the link's token, hex. */
  token_hash: string;
  created_at: number;
  expires_at: number;
}
