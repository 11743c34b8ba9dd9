import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

/** Service configuration, read from the environment once at start-up. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL connection string; SQLite in `dataDir` when absent. */
  databaseURL: string | undefined;
  redisURL: string | undefined;
  /** 32-byte key for TOTP keys at rest; a 0600 key file in `dataDir` is used when absent. */
  secretKey: Uint8Array | undefined;
  adminPassword: string | undefined;
  publicURL: URL;
  /** The issuer authenticators show for this service: `KAKUNIN_ISSUER`, else the public host name. */
  issuer: string;
  /** Cookies get `Secure` unless the service is plain http on a loopback host. */
  secureCookies: boolean;
  logLevel: LogLevel;
  /**
   * `Domain` of the session cookie (KAKUNIN_COOKIE_DOMAIN), so that forward-auth sees the sign-in on
   * the protected apps' hosts too; undefined = the sign-in host only.
   */
  cookieDomain: string | undefined;
  /** Which proxies to believe about the client address (X-Forwarded-For); false = none. */
  trustProxy: boolean | number | string[];
  /** Time zone of the times on pages for browsers that have not told theirs: `KAKUNIN_TIME_ZONE`, UTC. */
  timeZone: string;
  /** Password verifications (argon2) running at once. */
  hashConcurrency: number;
  /** Password verifications waiting for a place before the answer is 503. */
  hashQueue: number;
  /** Sign-in attempts allowed per client address and window. */
  addressLimit: { maxFailures: number; windowSeconds: number };
  /** How long start-up waits for a database that is not reachable yet. */
  databaseWaitSeconds: number;
  /** Run migrations at start (false: `kakunin-server migrate` does, with a role allowed to). */
  migrateOnStart: boolean;
  /** Audit entries older than this many days are deleted. */
  auditRetentionDays: number;
  /** The mail server (`SMTP_URL`, smtp:// or smtps://); no mail at all when absent. */
  smtpURL: string | undefined;
  /** The sender of the service's mail (`MAIL_FROM`); `Kakunin <no-reply@PUBLIC_URL's host>` by default. */
  mailFrom: string;
  /** Bearer token that opens `GET /metrics` (`KAKUNIN_METRICS_TOKEN`); no metrics endpoint without it. */
  metricsToken: string | undefined;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A configuration value that cannot be used; the message names the variable and what to do. */
export class ConfigError extends Error {
  readonly code = 'BAD_CONFIG';
  readonly variable: string;

  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and checks the configuration; throws ConfigError naming the bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const port = parsePort(env.PORT);
  const host = nonEmpty(env.HOST) ?? '0.0.0.0';
  const publicURL = parsePublicURL(env.PUBLIC_URL, port);
  const secureCookies = !(publicURL.protocol === 'http:' && isLoopback(publicURL.hostname));
  if (publicURL.protocol === 'http:' && secureCookies) {
    throw new ConfigError(
      'PUBLIC_URL',
      `plain http is only allowed on localhost; use an https:// address (got ${publicURL.origin}).`,
    );
  }
  return {
    port,
    host,
    dataDir: resolve(nonEmpty(env.KAKUNIN_DATA_DIR) ?? './data'),
    databaseURL: parseURL('DATABASE_URL', env.DATABASE_URL, ['postgres:', 'postgresql:']),
    redisURL: parseURL('REDIS_URL', env.REDIS_URL, ['redis:', 'rediss:']),
    secretKey: parseSecretKey(env.KAKUNIN_SECRET_KEY),
    adminPassword: parseAdminPassword(env.KAKUNIN_ADMIN_PASSWORD),
    publicURL,
    issuer: parseIssuer(env.KAKUNIN_ISSUER, publicURL),
    secureCookies,
    logLevel: parseLogLevel(env.LOG_LEVEL),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    timeZone: parseTimeZone(env.KAKUNIN_TIME_ZONE),
    cookieDomain: parseCookieDomain(env.KAKUNIN_COOKIE_DOMAIN, publicURL),
    hashConcurrency: parseCount(
      'KAKUNIN_HASH_CONCURRENCY',
      env.KAKUNIN_HASH_CONCURRENCY,
      Math.max(2, availableParallelism()),
      1,
    ),
    hashQueue: parseCount('KAKUNIN_HASH_QUEUE', env.KAKUNIN_HASH_QUEUE, 32, 0),
    addressLimit: {
      maxFailures: parseCount('KAKUNIN_ADDRESS_MAX_FAILURES', env.KAKUNIN_ADDRESS_MAX_FAILURES, 100, 1),
      windowSeconds: parseCount('KAKUNIN_ADDRESS_WINDOW_SECONDS', env.KAKUNIN_ADDRESS_WINDOW_SECONDS, 900, 1),
    },
    databaseWaitSeconds: parseCount(
      'KAKUNIN_DATABASE_WAIT_SECONDS',
      env.KAKUNIN_DATABASE_WAIT_SECONDS,
      30,
      0,
    ),
    migrateOnStart: parseSwitch('KAKUNIN_MIGRATE_ON_START', env.KAKUNIN_MIGRATE_ON_START, true),
    auditRetentionDays: parseCount('KAKUNIN_AUDIT_RETENTION_DAYS', env.KAKUNIN_AUDIT_RETENTION_DAYS, 400, 1),
    smtpURL: parseURL('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:']),
    mailFrom: parseMailFrom(env.MAIL_FROM, publicURL),
    metricsToken: parseMetricsToken(env.KAKUNIN_METRICS_TOKEN),
  };
}

// No per-address limit guards /metrics (a scraper polls it): the token itself must resist guessing.
function parseMetricsToken(value: string | undefined): string | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  if (!/^[\x21-\x7e]{16,256}$/.test(text))
    throw new ConfigError('KAKUNIN_METRICS_TOKEN', 'expected 16 to 256 printable characters without spaces.');
  return text;
}

function parseMailFrom(value: string | undefined, publicURL: URL): string {
  const text = nonEmpty(value);
  if (text === undefined) return `Kakunin <no-reply@${publicURL.hostname}>`;
  if (!/^[^\r\n]*@[^\r\n]+$/.test(text) || text.length > 256)
    throw new ConfigError('MAIL_FROM', `expected an address like "Kakunin <id@example.com>", got "${text}".`);
  return text;
}

function parseSwitch(name: string, value: string | undefined, fallback: boolean): boolean {
  const text = nonEmpty(value)?.toLowerCase();
  if (text === undefined) return fallback;
  if (['true', 'on', '1', 'yes'].includes(text)) return true;
  if (['false', 'off', '0', 'no'].includes(text)) return false;
  throw new ConfigError(name, `expected true or false, got "${text}".`);
}

function parseCount(name: string, value: string | undefined, fallback: number, min: number): number {
  const text = nonEmpty(value);
  if (text === undefined) return fallback;
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < min || count > 100_000) {
    throw new ConfigError(name, `expected a whole number from ${min} to 100000, got "${text}".`);
  }
  return count;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

// A colon would split the otpauth label (Issuer:Name) in the wrong place in some authenticators.
function parseIssuer(value: string | undefined, publicURL: URL): string {
  const text = nonEmpty(value);
  if (text === undefined) return isLoopback(publicURL.hostname) ? 'Kakunin' : publicURL.hostname;
  if (text.includes(':') || text.length > 100) {
    throw new ConfigError(
      'KAKUNIN_ISSUER',
      `expected a name of at most 100 characters without ":", got "${text}".`,
    );
  }
  return text;
}

function parseTimeZone(value: string | undefined): string {
  const text = nonEmpty(value);
  if (text === undefined) return 'UTC';
  const zone = validTimeZone(text);
  if (zone === undefined) {
    throw new ConfigError(
      'KAKUNIN_TIME_ZONE',
      `expected an IANA time zone like Asia/Tokyo or UTC, got "${text}".`,
    );
  }
  return zone;
}

/** The canonical name of an IANA time zone the runtime knows (`asia/tokyo` → `Asia/Tokyo`), else undefined. */
export function validTimeZone(text: string): string | undefined {
  if (text.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(text)) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function parsePort(value: string | undefined): number {
  const text = nonEmpty(value);
  if (text === undefined) return 3000;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', `expected a port number from 0 to 65535, got "${text}".`);
  }
  return port;
}

function parsePublicURL(value: string | undefined, port: number): URL {
  const text = nonEmpty(value) ?? `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(
      'PUBLIC_URL',
      `expected an address like https://sign-in.example.com, got "${text}".`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('PUBLIC_URL', `expected an http:// or https:// address, got "${text}".`);
  }
  return url;
}

function parseURL(name: string, value: string | undefined, protocols: readonly string[]): string | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  let protocol: string;
  try {
    protocol = new URL(text).protocol;
  } catch {
    throw new ConfigError(
      name,
      `expected an address like ${protocols[0]}//host:port/..., which this is not.`,
    );
  }
  if (!protocols.includes(protocol)) {
    throw new ConfigError(
      name,
      `expected an address starting with ${protocols.join(' or ')}//, got ${protocol}//.`,
    );
  }
  return text;
}

export function parseSecretKey(
  value: string | undefined,
  name = 'KAKUNIN_SECRET_KEY',
): Uint8Array | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  const bytes = /^[0-9a-fA-F]{64}$/.test(text)
    ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(text)
      ? Buffer.from(text, 'base64')
      : undefined;
  if (bytes?.length !== 32) {
    throw new ConfigError(
      name,
      'expected 32 random bytes as 64 hex digits or base64 (for example: openssl rand -hex 32).',
    );
  }
  return new Uint8Array(bytes);
}

function parseAdminPassword(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  // The floor of any policy; the policy in force (length, common passwords) is checked when `admin`
  // is created, with the settings of the database.
  if ([...value].length < 8 || value.length > 1024) {
    throw new ConfigError('KAKUNIN_ADMIN_PASSWORD', 'a password needs 8 to 1024 characters.');
  }
  return value;
}

function parseLogLevel(value: string | undefined): LogLevel {
  const text = nonEmpty(value)?.toLowerCase() ?? 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === text);
  if (level === undefined) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${text}".`);
  }
  return level;
}

function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  const text = nonEmpty(value);
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  const addresses = text.split(',').map((part) => part.trim());
  if (addresses.some((part) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(part))) {
    throw new ConfigError(
      'TRUST_PROXY',
      'expected true, a number of hops, or proxy addresses like 10.0.0.1,10.1.0.0/16.',
    );
  }
  return addresses;
}

// The browser drops a cookie whose Domain does not cover the host that set it: say so at start-up.
function parseCookieDomain(value: string | undefined, publicURL: URL): string | undefined {
  const text = nonEmpty(value)?.toLowerCase().replace(/^\./, '');
  if (text === undefined) return undefined;
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(text)) {
    throw new ConfigError(
      'KAKUNIN_COOKIE_DOMAIN',
      `expected a domain with at least one dot, like example.com, got "${text}".`,
    );
  }
  const host = publicURL.hostname.toLowerCase();
  if (host !== text && !host.endsWith(`.${text}`)) {
    throw new ConfigError(
      'KAKUNIN_COOKIE_DOMAIN',
      `must be the host of PUBLIC_URL (${host}) or a domain above it, got "${text}".`,
    );
  }
  return text;
}

/** True for localhost, 127.x.x.x and [::1] (the hosts where plain http stays on the machine). */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
