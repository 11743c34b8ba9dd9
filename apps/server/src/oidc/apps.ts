import { randomBytes } from 'node:crypto';
import { randomToken } from '../crypto/tokens.js';
import type { OIDCAppsTable } from '../db/schema.js';
import { AppError } from '../errors.js';
import { recordAudit } from '../services/audit.js';
import type { Actor, ServiceContext } from '../services/context.js';

/** An app that signs people in through Kakunin (an OpenID Connect client), as the console shows it. */
export interface OIDCApp {
  clientId: string;
  name: string;
  redirectURIs: string[];
  postLogoutRedirectURIs: string[];
  /** A public app (single-page, mobile) has no secret and must use PKCE. */
  public: boolean;
  tokenEndpointAuthMethod: TokenAuthMethod;
  requiresTwoFactor: boolean;
  /** Only a sign-in with a passkey or security key (acr phr) lets a person in. */
  requiresPasskey: boolean;
  askConsent: boolean;
  createdAt: number;
  updatedAt: number;
}

export type TokenAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';
const CONFIDENTIAL_METHODS: readonly TokenAuthMethod[] = ['client_secret_basic', 'client_secret_post'];

/** What an administrator sends to register or edit an app (unchecked). */
export interface AppInput {
  clientId?: unknown;
  name?: unknown;
  redirectURIs?: unknown;
  postLogoutRedirectURIs?: unknown;
  public?: unknown;
  tokenEndpointAuthMethod?: unknown;
  requiresTwoFactor?: unknown;
  requiresPasskey?: unknown;
  askConsent?: unknown;
}

/** Associated data of an app's sealed secret: a box copied to another app's row does not open. */
export function clientSecretContext(clientId: string): string {
  return `kakunin/oidc-client-secret/v1/${clientId}`;
}

/** Registers an app; the secret (confidential apps) is returned here once and stored sealed. */
export async function createApp(
  ctx: ServiceContext,
  input: AppInput,
  actor: Actor,
): Promise<{ app: OIDCApp; clientSecret: string | undefined }> {
  const clientId =
    input.clientId === undefined
      ? `app-${randomBytes(9).toString('base64url')}`
      : checkClientId(input.clientId);
  const fields = checkFields(input, undefined);
  const clientSecret = fields.public ? undefined : randomToken(32);
  const now = ctx.now();
  const exists = await ctx.db
    .selectFrom('oidc_apps')
    .select('client_id')
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (exists) throw new AppError('BAD_REQUEST', undefined, 'An app with this client id already exists.');
  await ctx.db
    .insertInto('oidc_apps')
    .values({
      client_id: clientId,
      ...toRow(fields),
      secret_box: clientSecret ? sealSecret(ctx, clientId, clientSecret) : null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await recordAudit(ctx, { event: 'app.created', actor, target: clientId, details: { name: fields.name } });
  return { app: { clientId, ...fields, createdAt: now, updatedAt: now }, clientSecret };
}

/** Changes an app's settings; fields left out keep their value. */
export async function updateApp(
  ctx: ServiceContext,
  clientId: string,
  input: AppInput,
  actor: Actor,
): Promise<OIDCApp> {
  const current = await getApp(ctx, clientId);
  const fields = checkFields(input, current);
  if (fields.public !== current.public) {
    throw new AppError('BAD_REQUEST', undefined, 'An app cannot change between public and confidential.');
  }
  const now = ctx.now();
  await ctx.db
    .updateTable('oidc_apps')
    .set({ ...toRow(fields), updated_at: now })
    .where('client_id', '=', clientId)
    .execute();
  await recordAudit(ctx, { event: 'app.updated', actor, target: clientId, details: { name: fields.name } });
  return { ...current, ...fields, updatedAt: now };
}

/** Replaces a confidential app's secret; the old one stops working at once. */
export async function rotateAppSecret(ctx: ServiceContext, clientId: string, actor: Actor): Promise<string> {
  const app = await getApp(ctx, clientId);
  if (app.public) throw new AppError('BAD_REQUEST', undefined, 'A public app has no secret.');
  const clientSecret = randomToken(32);
  await ctx.db
    .updateTable('oidc_apps')
    .set({ secret_box: sealSecret(ctx, clientId, clientSecret), updated_at: ctx.now() })
    .where('client_id', '=', clientId)
    .execute();
  await recordAudit(ctx, { event: 'app.secret_rotated', actor, target: clientId });
  return clientSecret;
}

/** Deletes an app and everything issued to it (codes, tokens, grants). */
export async function deleteApp(ctx: ServiceContext, clientId: string, actor: Actor): Promise<void> {
  const app = await getApp(ctx, clientId);
  await ctx.db.deleteFrom('oidc_apps').where('client_id', '=', clientId).execute();
  await ctx.db.deleteFrom('oidc_payloads').where('client_id', '=', clientId).execute();
  await recordAudit(ctx, { event: 'app.deleted', actor, target: clientId, details: { name: app.name } });
}

/** Every registered app, by name. */
export async function listApps(ctx: ServiceContext): Promise<OIDCApp[]> {
  const rows = await ctx.db.selectFrom('oidc_apps').selectAll().orderBy('name').execute();
  return rows.map(fromRow);
}

/** One app; NOT_FOUND when there is none with this client id. */
export async function getApp(ctx: ServiceContext, clientId: string): Promise<OIDCApp> {
  const app = await findApp(ctx, clientId);
  if (!app) throw new AppError('NOT_FOUND', undefined, 'There is no app with this client id.');
  return app;
}

/** One app, or undefined. */
export async function findApp(ctx: ServiceContext, clientId: string): Promise<OIDCApp | undefined> {
  const row = await appRow(ctx, clientId);
  return row && fromRow(row);
}

/** The app with its secret unsealed, for the provider's client lookup. */
export async function findAppWithSecret(
  ctx: ServiceContext,
  clientId: string,
): Promise<{ app: OIDCApp; clientSecret: string | undefined } | undefined> {
  const row = await appRow(ctx, clientId);
  if (!row) return undefined;
  const clientSecret = row.secret_box
    ? new TextDecoder().decode(ctx.box.open(row.secret_box, clientSecretContext(clientId)))
    : undefined;
  return { app: fromRow(row), clientSecret };
}

async function appRow(ctx: ServiceContext, clientId: string): Promise<OIDCAppsTable | undefined> {
  // No app has an id of another shape; one with a NUL byte would not even reach PostgreSQL's text.
  if (!CLIENT_ID.test(clientId)) return undefined;
  return ctx.db.selectFrom('oidc_apps').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

type AppFields = Omit<OIDCApp, 'clientId' | 'createdAt' | 'updatedAt'>;

function sealSecret(ctx: ServiceContext, clientId: string, secret: string): Uint8Array {
  return ctx.box.seal(new TextEncoder().encode(secret), clientSecretContext(clientId));
}

function toRow(fields: AppFields) {
  return {
    name: fields.name,
    redirect_uris: JSON.stringify(fields.redirectURIs),
    post_logout_redirect_uris: JSON.stringify(fields.postLogoutRedirectURIs),
    public: fields.public ? 1 : 0,
    token_endpoint_auth_method: fields.tokenEndpointAuthMethod,
    requires_two_factor: fields.requiresTwoFactor ? 1 : 0,
    requires_passkey: fields.requiresPasskey ? 1 : 0,
    ask_consent: fields.askConsent ? 1 : 0,
  };
}

function fromRow(row: OIDCAppsTable): OIDCApp {
  return {
    clientId: row.client_id,
    name: row.name,
    redirectURIs: JSON.parse(row.redirect_uris) as string[],
    postLogoutRedirectURIs: JSON.parse(row.post_logout_redirect_uris) as string[],
    public: Boolean(row.public),
    tokenEndpointAuthMethod: row.token_endpoint_auth_method as TokenAuthMethod,
    requiresTwoFactor: Boolean(row.requires_two_factor),
    requiresPasskey: Boolean(row.requires_passkey),
    askConsent: Boolean(row.ask_consent),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function bad(message: string): AppError {
  return new AppError('BAD_REQUEST', undefined, message);
}

/** What a client id looks like: the ones made here (`app-` and 12 base64url characters) and chosen ones. */
const CLIENT_ID = /^[A-Za-z0-9._-]{3,64}$/;

function checkClientId(value: unknown): string {
  if (typeof value !== 'string' || !CLIENT_ID.test(value)) {
    throw bad('A client id is 3 to 64 letters, digits or the characters . _ -');
  }
  return value;
}

function checkFields(input: AppInput, current: OIDCApp | undefined): AppFields {
  const name = input.name === undefined && current ? current.name : input.name;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100) {
    throw bad('Give the app a name of 1 to 100 characters.');
  }
  const isPublic = flag(input.public, current?.public ?? false, 'public');
  const method =
    input.tokenEndpointAuthMethod === undefined
      ? (current?.tokenEndpointAuthMethod ?? (isPublic ? 'none' : 'client_secret_basic'))
      : input.tokenEndpointAuthMethod;
  if (isPublic ? method !== 'none' : !CONFIDENTIAL_METHODS.includes(method as TokenAuthMethod)) {
    throw bad(
      isPublic
        ? 'A public app has no secret: its token endpoint authentication is "none".'
        : 'A confidential app authenticates with client_secret_basic or client_secret_post.',
    );
  }
  return {
    name: name.trim(),
    redirectURIs: uris(input.redirectURIs, current?.redirectURIs, 'redirect', 1),
    postLogoutRedirectURIs: uris(
      input.postLogoutRedirectURIs,
      current?.postLogoutRedirectURIs ?? [],
      'post-logout',
      0,
    ),
    public: isPublic,
    tokenEndpointAuthMethod: method as TokenAuthMethod,
    requiresTwoFactor: flag(
      input.requiresTwoFactor,
      current?.requiresTwoFactor ?? false,
      'requiresTwoFactor',
    ),
    requiresPasskey: flag(input.requiresPasskey, current?.requiresPasskey ?? false, 'requiresPasskey'),
    askConsent: flag(input.askConsent, current?.askConsent ?? false, 'askConsent'),
  };
}

function flag(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw bad(`${name} must be true or false.`);
  return value;
}

/** Exact URIs (no patterns, no fragments): the provider compares them character for character. */
function uris(value: unknown, fallback: string[] | undefined, kind: string, min: number): string[] {
  const list = value === undefined ? fallback : value;
  if (!Array.isArray(list) || list.length < min || list.length > 20) {
    throw bad(`Give ${min === 0 ? 'up to 20' : 'from 1 to 20'} ${kind} URIs.`);
  }
  return list.map((item) => {
    let url: URL | undefined;
    try {
      url = typeof item === 'string' && item.length <= 2000 ? new URL(item) : undefined;
    } catch {
      url = undefined;
    }
    if (
      !url ||
      (url.protocol !== 'https:' && url.protocol !== 'http:') ||
      url.hash !== '' ||
      item.includes('#')
    ) {
      throw bad(
        `"${String(item).slice(0, 100)}" is not a ${kind} URI: give a full http(s) address without #.`,
      );
    }
    return item as string;
  });
}
