import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as core from '../src/core.ts';
import * as entry from '../src/index.ts';

const MIGRATION_EXPORTS = [
  'decodeMigrationURI',
  'encodeMigrationURIs',
  'MigrationError',
  'MIGRATION_ERROR_MESSAGES',
];

/** Every module specifier `file` reaches through static imports and re-exports (ADR 0008). */
function reachable(file: URL, seen = new Set<string>()): Set<string> {
  if (seen.has(file.href)) return seen;
  seen.add(file.href);
  const source = readFileSync(file, 'utf8');
  for (const [, kind, specifier] of source.matchAll(
    /^(import|export)(?! type)[^;]*?from ['"]([^'"]+)['"]/gms,
  )) {
    if (kind === undefined || specifier === undefined) continue;
    if (specifier.startsWith('.')) reachable(new URL(specifier.replace(/\.js$/, '.ts'), file), seen);
    else seen.add(specifier);
  }
  return seen;
}

describe('@kakunin/otp/core', () => {
  it('exports the same functions and classes as the main entry, minus the migration codec', () => {
    expect(Object.keys(core).sort()).toEqual(
      Object.keys(entry)
        .filter((name) => !MIGRATION_EXPORTS.includes(name))
        .sort(),
    );
    expect(core.KeyURIError).toBe(entry.KeyURIError);
    expect(core.code).toBe(entry.code);
  });

  it('never reaches @bufbuild/protobuf, which the main entry does', () => {
    const fromCore = [...reachable(new URL('../src/core.ts', import.meta.url))];
    expect(fromCore.some((s) => s.includes('@bufbuild'))).toBe(false);
    const fromEntry = [...reachable(new URL('../src/index.ts', import.meta.url))];
    expect(fromEntry.some((s) => s.startsWith('@bufbuild/protobuf'))).toBe(true);
  });
});
