import type { Account, MigrationBatch } from '@kakunin/otp';
import type { Vault, VaultEntry } from '@kakunin/vault';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ReceiptCheck } from './lib/receipt.js';

export type { VaultEntry };

/** Every screen of the app; the App component renders the one in its state. */
export type Screen =
  | { name: 'loading' }
  | { name: 'unavailable' }
  | { name: 'first-run' }
  | { name: 'restore' }
  | { name: 'unlock' }
  | { name: 'list' }
  | { name: 'scan'; purpose: 'add' | 'receipt' }
  | { name: 'image' }
  | { name: 'manual' }
  | { name: 'confirm'; accounts: Account[]; batch?: MigrationBatch | undefined }
  | { name: 'settings' }
  | { name: 'services' }
  | { name: 'service'; id: string; from?: 'list' }
  | { name: 'export-one'; id: string }
  | { name: 'move'; side?: 'old' | 'new' }
  | { name: 'move-export' }
  | { name: 'receipt-show' }
  | { name: 'receipt-result'; check: ReceiptCheck<VaultEntry> }
  | { name: 'backup' }
  | { name: 'change-password' }
  | { name: 'passkey' };

export interface Notice {
  text: string;
  kind: 'info' | 'error';
}

/** What screens can do: navigate, tell the person something, and change the unlocked vault. */
export interface AppAPI {
  screen: Screen;
  go(screen: Screen): void;
  notify(text: string, kind?: Notice['kind']): void;
  /** The unlocked vault; screens behind the lock are only rendered while it is set. */
  vault: Vault | null;
  /** Opened (or created/restored) vault: keep it and show the codes. */
  unlocked(vault: Vault): void;
  lock(): void;
  /** Saves the vault after a change; false (with a message shown) when storage refused it. */
  commit(): Promise<boolean>;
  /** Re-renders after a language switch or a vault change. */
  refresh(): void;
}

export const AppContext = createContext<AppAPI | null>(null);

/** The app API from inside any screen. */
export function useApp(): AppAPI {
  const api = useContext(AppContext);
  if (!api) throw new Error('useApp outside AppContext');
  return api;
}

/** The unlocked vault from inside a screen behind the lock. */
export function useVault(): Vault {
  const { vault } = useApp();
  if (!vault) throw new Error('vault is locked');
  return vault;
}
