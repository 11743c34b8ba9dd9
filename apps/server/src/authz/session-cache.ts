import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import type { ServiceContext } from '../services/context.js';
import { localSessionChanges } from './session-changes.js';

/**
 * How often an instance reads the database's epoch counter (raised by triggers whenever a full
 * session ends or changes, or a user changes). A check is answered from memory only if the counter
 * was read less than this long ago and has not moved since the session was read, so a sign-out, a
 * disabled user or a changed role on another instance is seen within this time (plus one read).
 */
export const EPOCH_POLL_MS = 250;
/** A remembered session is read again after this long, whatever the counter says. */
export const CACHE_MAX_AGE_MS = 60_000;
/** At most this many sessions are remembered; the oldest are dropped first. */
export const CACHE_MAX_ENTRIES = 100_000;

interface Entry<T> {
  value: T;
  /** The session's own expiry (service clock). */
  expiresAt: number;
  /** When it was read (monotonic ms). */
  readAt: number;
}

interface Cache<T> {
  entries: Map<string, Entry<T>>;
  /** Raised each time the entries are dropped: a read begun before must not be remembered. */
  generation: number;
  epoch: number | undefined;
  epochReadAt: number;
  epochReading: Promise<void> | undefined;
  localChanges: number;
}

const caches = new WeakMap<ServiceContext, Cache<unknown>>();
const epochQueries = new WeakMap<Kysely<DB>, CompiledQuery<{ value: number | string }>>();

/**
 * `read(token)` remembered per process for forward-auth checks, as long as the database's epoch
 * counter stays put (read at most EPOCH_POLL_MS ago) and this process made no change to sessions or
 * users itself. Only answers with an expiry are remembered.
 */
export async function cachedSession<T>(
  ctx: ServiceContext,
  token: string,
  read: () => Promise<{ value: T | undefined; expiresAt?: number }>,
): Promise<T | undefined> {
  const cache = await freshCache<T>(ctx);
  const entry = cache.entries.get(token);
  const now = performance.now();
  if (entry && entry.expiresAt > ctx.now() && now - entry.readAt < CACHE_MAX_AGE_MS) return entry.value;
  if (entry) cache.entries.delete(token);
  const generation = cache.generation;
  const result = await read();
  if (result.expiresAt === undefined) return result.value;
  if (cache.generation === generation && localSessionChanges(ctx.db) === cache.localChanges) {
    if (cache.entries.size >= CACHE_MAX_ENTRIES) {
      const oldest = cache.entries.keys().next().value;
      if (oldest !== undefined) cache.entries.delete(oldest);
    }
    cache.entries.set(token, { value: result.value as T, expiresAt: result.expiresAt, readAt: now });
  }
  return result.value;
}

/**
 * What `cachedSession` would answer from memory right now, without waiting for anything: the
 * remembered value when the epoch counter was read less than EPOCH_POLL_MS ago and this process has
 * changed nothing since; undefined when only `cachedSession` can tell.
 */
export function rememberedSession<T>(ctx: ServiceContext, token: string): T | undefined {
  const cache = caches.get(ctx) as Cache<T> | undefined;
  if (!cache || localSessionChanges(ctx.db) !== cache.localChanges) return undefined;
  const now = performance.now();
  if (now - cache.epochReadAt >= EPOCH_POLL_MS) return undefined;
  const entry = cache.entries.get(token);
  if (!entry || entry.expiresAt <= ctx.now() || now - entry.readAt >= CACHE_MAX_AGE_MS) return undefined;
  return entry.value;
}

/** Forgets this process's remembered sessions (tests; a change the database cannot see). */
export function forgetSessions(ctx: ServiceContext): void {
  const cache = caches.get(ctx);
  if (cache) drop(cache);
}

async function freshCache<T>(ctx: ServiceContext): Promise<Cache<T>> {
  let cache = caches.get(ctx) as Cache<T> | undefined;
  if (!cache) {
    cache = {
      entries: new Map(),
      generation: 0,
      epoch: undefined,
      epochReadAt: Number.NEGATIVE_INFINITY,
      epochReading: undefined,
      localChanges: localSessionChanges(ctx.db),
    };
    caches.set(ctx, cache as Cache<unknown>);
  }
  const changes = localSessionChanges(ctx.db);
  if (changes !== cache.localChanges) {
    cache.localChanges = changes;
    drop(cache);
  }
  if (performance.now() - cache.epochReadAt >= EPOCH_POLL_MS) {
    cache.epochReading ??= readEpoch(ctx, cache);
    await cache.epochReading;
  }
  return cache;
}

async function readEpoch(ctx: ServiceContext, cache: Cache<unknown>): Promise<void> {
  // The time the read starts: whatever the answer says held at least from then on.
  const started = performance.now();
  try {
    const result = await ctx.db.executeQuery(epochQuery(ctx.db));
    const epoch = Number(result.rows[0]?.value ?? Number.NaN);
    if (epoch !== cache.epoch) {
      cache.epoch = epoch;
      drop(cache);
    }
    cache.epochReadAt = started;
  } finally {
    cache.epochReading = undefined;
  }
}

function drop(cache: Cache<unknown>): void {
  cache.entries.clear();
  cache.generation++;
}

function epochQuery(db: Kysely<DB>): CompiledQuery<{ value: number | string }> {
  let query = epochQueries.get(db);
  if (!query) {
    query = sql<{ value: number | string }>`select value from authz_epoch where id = 1`.compile(db);
    epochQueries.set(db, query);
  }
  return query;
}
