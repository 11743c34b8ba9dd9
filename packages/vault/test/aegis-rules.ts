import { createDecipheriv, scryptSync } from 'node:crypto';
import { expect } from 'vitest';

/**
 * What Aegis checks when it reads a vault, restated from its sources (VaultFile.fromJson, Slot.fromJson,
 * Vault.fromJson, VaultGroup.fromJson, VaultEntry.fromJson, VaultEntryIcon.fromJson, OtpInfo.fromJson):
 * any failure there makes Aegis refuse the whole file, so every file we write must pass all of them.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^(?:[0-9a-f]{2})*$/;
const BASE32 = /^[A-Z2-7]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const JAVA_INT = 2 ** 31 - 1;
const isInt = (v: unknown, min: number, max: number): boolean =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

function checkSlot(slot: Record<string, unknown>): void {
  expect(slot.uuid).toMatch(UUID);
  expect(slot.key).toMatch(HEX);
  const params = slot.key_params as Record<string, unknown>;
  expect(params.nonce).toMatch(HEX);
  expect(params.tag).toMatch(HEX);
  expect([0, 1, 2]).toContain(slot.type);
  if (slot.type === 1) {
    for (const k of ['n', 'r', 'p']) expect(isInt(slot[k], 1, JAVA_INT)).toBe(true);
    expect(slot.salt).toMatch(HEX);
  }
}

function checkEntry(entry: Record<string, unknown>, groupIds: Set<string>): void {
  expect(entry.uuid).toMatch(UUID);
  expect(typeof entry.name).toBe('string');
  expect(typeof entry.issuer).toBe('string');
  expect(typeof entry.note).toBe('string');
  expect(typeof entry.favorite).toBe('boolean');
  // VaultEntryIcon.fromJson calls obj.get("icon"): the key must exist, null or Base64.
  expect('icon' in entry).toBe(true);
  if (entry.icon !== null) {
    expect(entry.icon).toMatch(BASE64);
    expect(['image/png', 'image/jpeg', 'image/svg+xml']).toContain(entry.icon_mime);
  }
  for (const g of entry.groups as unknown[]) expect(groupIds.has(g as string)).toBe(true);
  const info = entry.info as Record<string, unknown>;
  expect(info.secret).toMatch(BASE32);
  expect(['SHA1', 'SHA256', 'SHA512', 'MD5']).toContain(info.algo);
  expect(isInt(info.digits, 1, 10)).toBe(true);
  if (entry.type === 'hotp') expect(isInt(info.counter, 0, Number.MAX_SAFE_INTEGER)).toBe(true);
  else {
    expect(['totp', 'steam']).toContain(entry.type);
    expect(isInt(info.period, 1, JAVA_INT)).toBe(true);
  }
}

const derivedKeys = new Map<string, Buffer>();

/** Decrypts with node:crypto, as Aegis would with its password slot, and checks every rule. */
export function checkAegisFile(text: string, password: string): void {
  const file = JSON.parse(text);
  expect(file.version).toBe(1);
  const slots = file.header.slots as Record<string, unknown>[];
  slots.forEach(checkSlot);
  const slot = slots.find((s) => s.type === 1)!;
  const hex = (s: unknown): Buffer => Buffer.from(s as string, 'hex');
  const open = (key: Buffer, data: Buffer, params: { nonce: string; tag: string }): Buffer => {
    const d = createDecipheriv('aes-256-gcm', key, hex(params.nonce));
    d.setAuthTag(hex(params.tag));
    return Buffer.concat([d.update(data), d.final()]);
  };
  const options = { N: slot.n as number, r: slot.r as number, p: slot.p as number, maxmem: 2 ** 26 };
  const cacheKey = `${password}/${slot.salt}`;
  const derived =
    derivedKeys.get(cacheKey) ?? scryptSync(Buffer.from(password, 'utf8'), hex(slot.salt), 32, options);
  derivedKeys.set(cacheKey, derived);
  const master = open(derived, hex(slot.key), slot.key_params as { nonce: string; tag: string });
  expect(file.db).toMatch(BASE64);
  const db = JSON.parse(open(master, Buffer.from(file.db, 'base64'), file.header.params).toString('utf8'));
  expect(isInt(db.version, 1, 3)).toBe(true);
  const groupIds = new Set<string>();
  for (const group of db.groups) {
    expect(group.uuid).toMatch(UUID);
    expect(typeof group.name).toBe('string');
    groupIds.add(group.uuid);
  }
  for (const entry of db.entries) checkEntry(entry, groupIds);
}
