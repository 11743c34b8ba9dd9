import { type Account, createAccount } from '@kakunin/otp/core';
import { importAESKey, KEY_BYTES, seal } from './aead.js';
import { type Database, type EntryRecord, groupId, writeDatabase } from './aegis-database.js';
import { checkAegisLimits, type VaultEntry } from './aegis-entry.js';
import { encodeBase64, encodeHex, encodeUTF8 } from './encoding.js';
import { type JSONObject, stringifyJSON } from './json-text.js';
import { isPasskeySlot } from './passkey-slot-type.js';
import { createPasswordSlot, SlotType, unwrapWithPassword } from './password-slot.js';
import { type RandomBytes, randomUUID } from './random.js';
import type { ScryptFunction } from './scrypt-params.js';
import { FILE_VERSION } from './vault-file.js';

/** An entry kept in the file but not shown: an Aegis type we do not produce codes for, or bad fields. */
export interface UnsupportedEntry {
  readonly id: string;
  readonly type: string;
  readonly issuer: string;
  readonly name: string;
  readonly reason: string;
}

/** What a vault needs besides its content: the master key and slots (null while unencrypted). */
export interface VaultState {
  db: Database;
  keys: { key: CryptoKey; slots: JSONObject[] } | null;
  /** Unknown top-level and header fields of the file, written back untouched. */
  rest: JSONObject;
  header: JSONObject;
  random: RandomBytes;
  scrypt: ScryptFunction;
}

/** Changes `update` accepts: any account field, and the favourite flag. */
export type EntryChanges = Partial<Account> & { favorite?: boolean };

const DEFAULT_PERIOD = 30;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Validates an account and normalises it to what reads back: Aegis stores a counter only for hotp and a
 * period only for the others, and an empty note or group means none.
 */
function normalise(fields: Account): Account {
  const { favorite: _ignored, ...plain } = fields as EntryChanges;
  // Our own copy of the secret: a caller that wipes its buffer must not wipe the vault's.
  const account = createAccount({ ...(plain as Account), secret: plain.secret?.slice() as Uint8Array });
  if (account.type === 'hotp') account.period = DEFAULT_PERIOD;
  else account.counter = 0n;
  if (account.note === '') delete account.note;
  if (account.group === '') delete account.group;
  return Object.freeze(account);
}

/**
 * An open vault: the list of entries in the user's order, edited in memory and written with
 * `serialize` (encrypted) or `exportPlain`. Create one with createVault, createPlainVault, openVault or readPlainVault.
 */
export class Vault {
  readonly #state: VaultState;
  #cache: readonly VaultEntry[] | null = null;

  /** Used by createVault, createPlainVault, openVault and readPlainVault; not meant to be called directly. */
  constructor(state: VaultState) {
    this.#state = state;
  }

  /** True when the vault has a password; a vault read from a plain export has none until one is set. */
  get encrypted(): boolean {
    return this.#state.keys !== null;
  }

  /** The entries we can produce codes for (totp, hotp, steam), in the user's order. */
  entries(): readonly VaultEntry[] {
    this.#cache ??= Object.freeze(this.#state.db.records.flatMap((r) => (r.entry ? [r.entry] : [])));
    return this.#cache;
  }

  /** The names of the vault's groups (Aegis's group list), in stored order; unused groups included. */
  groups(): readonly string[] {
    return this.#state.db.groups.map((g) => g.name);
  }

  /** Entries kept untouched in the file but not shown (e.g. Aegis's yandex and motp types). */
  unsupportedEntries(): readonly UnsupportedEntry[] {
    return this.#state.db.records.flatMap(({ raw, entry, reason }) =>
      entry
        ? []
        : [
            {
              id: text(raw.uuid),
              type: text(raw.type),
              issuer: text(raw.issuer),
              name: text(raw.name),
              reason: reason ?? '',
            },
          ],
    );
  }

  /** Adds an account at the end of the list. Throws RangeError/TypeError for invalid fields. */
  add(account: Account, options: { favorite?: boolean } = {}): VaultEntry {
    const next = normalise(account);
    checkAegisLimits(next, {});
    const { db, random } = this.#state;
    const entry = Object.freeze({
      id: randomUUID(random),
      account: next,
      favorite: options.favorite ?? false,
    });
    db.records.push({
      raw: {},
      entry,
      groups: next.group === undefined ? [] : [groupId(db, next.group, random)],
    });
    this.#cache = null;
    return entry;
  }

  /** Changes fields of one entry (a missing field keeps its value). Throws RangeError for an unknown id. */
  update(id: string, changes: EntryChanges): VaultEntry {
    const record = this.#find(id);
    const current = record.entry!;
    const next = normalise({ ...current.account, ...changes });
    checkAegisLimits(next, record.raw);
    if (next.group !== current.account.group) {
      const { db, random } = this.#state;
      record.groups = next.group === undefined ? [] : [groupId(db, next.group, random)];
    }
    record.entry = Object.freeze({ id, account: next, favorite: changes.favorite ?? current.favorite });
    this.#cache = null;
    return record.entry;
  }

  /** Deletes one entry. Throws RangeError for an unknown id. */
  remove(id: string): void {
    const { records } = this.#state.db;
    records.splice(records.indexOf(this.#find(id)), 1);
    this.#cache = null;
  }

  /** Moves one entry to position `toIndex` of `entries()`; unsupported entries keep their places. */
  move(id: string, toIndex: number): void {
    const { records } = this.#state.db;
    const record = this.#find(id);
    const shown = records.filter((r) => r.entry !== null && r !== record);
    if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex > shown.length) {
      throw new RangeError(`position must be an integer in 0–${shown.length}`);
    }
    const before = shown[toIndex];
    const last = shown[shown.length - 1];
    if (!last) return;
    records.splice(records.indexOf(record), 1);
    records.splice(before ? records.indexOf(before) : records.indexOf(last) + 1, 0, record);
    this.#cache = null;
  }

  /**
   * Replaces every slot with one password slot for `newPassword` under a new master key, so the old
   * password and any copied slot no longer open what is written next. Takes effect at the next save.
   */
  async changePassword(newPassword: string): Promise<void> {
    if (typeof newPassword !== 'string' || newPassword === '')
      throw new RangeError('password must not be empty');
    const { random, scrypt } = this.#state;
    const masterKey = random(KEY_BYTES);
    const slot = await createPasswordSlot(masterKey, newPassword, random, scrypt);
    const key = await importAESKey(masterKey);
    masterKey.fill(0);
    this.#state.keys = { key, slots: [slot] };
  }

  /** Copies of the header's key slots (what unlocks the vault); see password-slot.ts, passkey-slot.ts. */
  slots(): readonly JSONObject[] {
    return (this.#state.keys?.slots ?? []).map((slot) => ({ ...slot }));
  }

  /**
   * Adds a slot made from the master key, which the password unwraps: the password proves the person
   * may add a way in, and keeps working. Slots `replaces` selects are removed first.
   * @throws VaultError WRONG_PASSWORD
   */
  async addSlot(
    password: string,
    make: (masterKey: Uint8Array, random: RandomBytes) => Promise<JSONObject>,
    replaces: (slot: JSONObject) => boolean,
  ): Promise<void> {
    const keys = this.#requireKeys();
    const masterKey = await unwrapWithPassword(keys.slots, password, this.#state.scrypt);
    try {
      const slot = await make(masterKey, this.#state.random);
      keys.slots = [...keys.slots.filter((s) => !replaces(s)), slot];
    } finally {
      masterKey.fill(0);
    }
  }

  /** Removes the slots `drop` selects (never the last password slot). */
  removeSlots(drop: (slot: JSONObject) => boolean): void {
    const keys = this.#requireKeys();
    const kept = keys.slots.filter((s) => !drop(s));
    if (!kept.some((s) => s.type === SlotType.password)) throw new RangeError('the password slot must stay');
    keys.slots = kept;
  }

  /**
   * The encrypted vault file (Aegis format, version 1, database version 3) as JSON text. Passkey
   * slots are left out — Aegis refuses a vault with a slot type it does not know — unless
   * `localSlots` asks for them, which only the app's own stored copy does.
   */
  async serialize(options: { localSlots?: boolean } = {}): Promise<string> {
    const { db, header, rest, random } = this.#state;
    const keys = this.#requireKeys();
    const slots = options.localSlots ? keys.slots : keys.slots.filter((s) => !isPasskeySlot(s));
    const box = await seal(keys.key, encodeUTF8(stringifyJSON(writeDatabase(db))), random);
    const params = { nonce: encodeHex(box.nonce), tag: encodeHex(box.tag) };
    const file = {
      version: FILE_VERSION,
      header: { slots, params, ...header },
      db: encodeBase64(box.ciphertext),
    };
    return stringifyJSON({ ...file, ...rest }, 4);
  }

  /** The vault as an unencrypted Aegis export: every secret in the clear, so callers warn first. */
  exportPlain(): string {
    const { db, rest } = this.#state;
    const file = { version: FILE_VERSION, header: { slots: null, params: null }, db: writeDatabase(db) };
    return stringifyJSON({ ...file, ...rest }, 4);
  }

  #requireKeys(): { key: CryptoKey; slots: JSONObject[] } {
    const { keys } = this.#state;
    if (!keys)
      throw new TypeError('this vault has no password yet: call changePassword first, or exportPlain');
    return keys;
  }

  #find(id: string): EntryRecord {
    const record = this.#state.db.records.find((r) => r.entry?.id === id);
    if (!record) throw new RangeError(`no entry with id ${id}`);
    return record;
  }
}
