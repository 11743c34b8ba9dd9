import { readEntry, type VaultEntry, writeEntry } from './aegis-entry.js';
import { VaultError } from './errors.js';
import { isObject, type JSONObject } from './json-text.js';
import { type RandomBytes, randomUUID } from './random.js';

/** The database version this package writes; versions 1 and 2 are read and upgraded (Aegis Vault.java). */
export const DATABASE_VERSION = 3;

/** One entry as stored: the original JSON (written back with our changes) and, if we support it, the entry. */
export interface EntryRecord {
  raw: JSONObject;
  /** null for entries we keep but do not show (yandex, motp, unknown types, out-of-range fields). */
  entry: VaultEntry | null;
  /** Why `entry` is null. */
  reason?: string;
  /** Aegis group uuids the entry belongs to. */
  groups: string[];
}

/** A named group; entries refer to it by uuid. */
export interface Group {
  uuid: string;
  name: string;
  raw: JSONObject;
}

/** The decrypted content of a vault. */
export interface Database {
  records: EntryRecord[];
  groups: Group[];
  iconsOptimized: boolean;
  /** Database fields we do not know, written back untouched. */
  rest: JSONObject;
}

/** An empty database as Aegis creates it. */
export const emptyDatabase = (): Database => ({ records: [], groups: [], iconsOptimized: true, rest: {} });

/** The uuid of the group with this name, creating the group when there is none. */
export function groupId(db: Database, name: string, random: RandomBytes): string {
  const found = db.groups.find((g) => g.name === name);
  if (found) return found.uuid;
  const uuid = randomUUID(random);
  db.groups.push({ uuid, name, raw: { uuid, name } });
  return uuid;
}

/** The name of the first known group among these uuids (our accounts carry one group). */
export function groupName(db: Database, uuids: readonly string[]): string | undefined {
  for (const uuid of uuids) {
    const group = db.groups.find((g) => g.uuid === uuid);
    if (group) return group.name;
  }
  return undefined;
}

function readGroups(groups: unknown): Group[] {
  if (groups === undefined) return [];
  if (!Array.isArray(groups)) throw new VaultError('DAMAGED', 'groups');
  return groups.map((raw: unknown) => {
    if (!isObject(raw) || typeof raw.uuid !== 'string' || typeof raw.name !== 'string') {
      throw new VaultError('DAMAGED', 'group');
    }
    return { uuid: raw.uuid, name: raw.name, raw };
  });
}

/**
 * Reads the decrypted database object. Entries of versions 1–2 name their group in `group`; they are
 * moved to the uuid list version 3 uses, as Aegis does when it opens them.
 * @throws VaultError DAMAGED or UNSUPPORTED_VERSION
 */
export function readDatabase(json: unknown, random: RandomBytes): Database {
  if (!isObject(json)) throw new VaultError('DAMAGED', 'database');
  const { version, entries, groups, icons_optimized: iconsOptimized, ...rest } = json;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new VaultError('DAMAGED', 'database version');
  }
  if (version > DATABASE_VERSION) throw new VaultError('UNSUPPORTED_VERSION', `database version ${version}`);
  if (!Array.isArray(entries) || !entries.every(isObject)) throw new VaultError('DAMAGED', 'entries');
  const db: Database = {
    records: [],
    groups: readGroups(groups),
    iconsOptimized: iconsOptimized === true,
    rest,
  };
  const seen = new Set<string>();
  for (const raw of entries) {
    const uuids = Array.isArray(raw.groups)
      ? raw.groups.filter((g): g is string => typeof g === 'string')
      : typeof raw.group === 'string'
        ? [groupId(db, raw.group, random)]
        : [];
    const account = readEntry(raw, groupName(db, uuids));
    if (typeof account === 'string') {
      if (typeof raw.uuid === 'string') seen.add(raw.uuid);
      db.records.push({ raw, entry: null, reason: account, groups: uuids });
      continue;
    }
    // Aegis gives entries without a uuid a new one; we also do so for a repeated uuid, which Aegis refuses.
    const id = typeof raw.uuid === 'string' && !seen.has(raw.uuid) ? raw.uuid : randomUUID(random);
    seen.add(id);
    const entry = Object.freeze({ id, account: Object.freeze(account), favorite: raw.favorite === true });
    db.records.push({ raw, entry, groups: uuids });
  }
  return db;
}

/** Writes the database object as Aegis's Vault.toJson does (version 3), unknown fields kept. */
export function writeDatabase(db: Database): JSONObject {
  return {
    version: DATABASE_VERSION,
    entries: db.records.map((r) => (r.entry ? writeEntry(r.entry, r.groups, r.raw) : r.raw)),
    groups: db.groups.map((g) => ({ ...g.raw, uuid: g.uuid, name: g.name })),
    icons_optimized: db.iconsOptimized,
    ...db.rest,
  };
}
