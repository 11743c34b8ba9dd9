/**
 * What the production build loads before the first code and on a file's first import, read from Vite's
 * manifest: the other language's messages, the readers of formats found by their shape, the migration
 * codec (protobuf) and the QR encoder stay out until they are needed.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

type Manifest = Record<string, { file: string; isEntry?: boolean; imports?: string[] }>;

const dist = inject('appDist');
const manifest = JSON.parse(await readFile(join(dist, '.vite', 'manifest.json'), 'utf8')) as Manifest;

/** The manifest keys `keys` load statically, themselves included. */
function staticClosure(...keys: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of manifest[key]?.imports ?? []) visit(i);
  };
  for (const key of keys) visit(key);
  return seen;
}

const ENTRY = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
const MIGRATION = '../../packages/otp/src/migration.ts';
const QR_ENCODER = '../../packages/qr/src/index.ts';
const READERS = [
  'authy',
  'battle-net',
  'bitwarden-encrypted',
  'cxf',
  'duo',
  'freeotp',
  'steam',
  'totp-authenticator',
];

describe('what loads when', () => {
  it('loads neither catalogue, the import helpers, the migration codec nor the QR encoder with the entry', () => {
    const first = staticClosure(ENTRY);
    for (const lazy of [
      'src/i18n/en.ts',
      'src/i18n/ja.ts',
      'src/lib/interop-parts.ts',
      MIGRATION,
      QR_ENCODER,
    ]) {
      expect(manifest[lazy], lazy).toBeDefined();
      expect(first.has(lazy), lazy).toBe(false);
    }
  });

  it('keeps the migration codec and the eight readers out of a file’s first import', () => {
    const firstImport = staticClosure('src/lib/interop-parts.ts');
    expect(firstImport.has(MIGRATION)).toBe(false);
    for (const name of READERS) {
      const key = `../../packages/interop/src/formats/${name}.ts`;
      expect(manifest[key], name).toBeDefined();
      expect(firstImport.has(key), name).toBe(false);
    }
  });

  it('puts each reader’s code in its own chunk (not an empty stub beside detection)', async () => {
    for (const name of READERS) {
      const { size } = await stat(
        join(dist, manifest[`../../packages/interop/src/formats/${name}.ts`]!.file),
      );
      expect(size, name).toBeGreaterThan(300);
    }
  });
});
