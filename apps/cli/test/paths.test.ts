import { describe, expect, it } from 'vitest';
import { resolveVaultPath } from '../src/paths.js';

const linux = { platform: 'linux' as const, homedir: '/home/a' };

describe('resolveVaultPath', () => {
  it('prefers --vault, then KAKUNIN_VAULT', () => {
    const env = { KAKUNIN_VAULT: '/env/v.json', XDG_DATA_HOME: '/xdg' };
    expect(resolveVaultPath('/opt/v.json', { ...linux, env })).toBe('/opt/v.json');
    expect(resolveVaultPath(undefined, { ...linux, env })).toBe('/env/v.json');
  });

  it('uses $XDG_DATA_HOME/kakunin/vault.json, else ~/.local/share', () => {
    expect(resolveVaultPath(undefined, { ...linux, env: { XDG_DATA_HOME: '/xdg' } })).toBe(
      '/xdg/kakunin/vault.json',
    );
    expect(resolveVaultPath(undefined, { ...linux, env: {} })).toBe(
      '/home/a/.local/share/kakunin/vault.json',
    );
  });

  it('ignores an empty or relative XDG_DATA_HOME, as the XDG spec requires', () => {
    for (const XDG_DATA_HOME of ['', 'relative/dir']) {
      expect(resolveVaultPath(undefined, { ...linux, env: { XDG_DATA_HOME } })).toBe(
        '/home/a/.local/share/kakunin/vault.json',
      );
    }
  });

  it('uses the macOS data directory unless XDG_DATA_HOME is set', () => {
    const mac = { platform: 'darwin' as const, homedir: '/Users/a' };
    expect(resolveVaultPath(undefined, { ...mac, env: {} })).toBe(
      '/Users/a/Library/Application Support/kakunin/vault.json',
    );
    expect(resolveVaultPath(undefined, { ...mac, env: { XDG_DATA_HOME: '/x' } })).toBe(
      '/x/kakunin/vault.json',
    );
  });
});
