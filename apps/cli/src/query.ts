import type { VaultEntry } from '@kakunin/vault';
import { CliError } from './errors.js';
import { accountLabel } from './format.js';

/**
 * The entries a query selects: the entry whose id equals it, else every entry whose issuer or name
 * contains it, ignoring case. No query selects everything.
 */
export function matchEntries(entries: readonly VaultEntry[], query: string | undefined): VaultEntry[] {
  if (query === undefined || query === '') return [...entries];
  const byId = entries.filter((entry) => entry.id === query);
  if (byId.length > 0) return byId;
  const needle = query.toLocaleLowerCase();
  return entries.filter(
    ({ account }) =>
      account.issuer.toLocaleLowerCase().includes(needle) ||
      account.name.toLocaleLowerCase().includes(needle),
  );
}

/** The single entry a query selects; fails with the candidates when none or several match. */
export function matchOne(entries: readonly VaultEntry[], query: string): VaultEntry {
  const matches = matchEntries(entries, query);
  const [first] = matches;
  if (first === undefined) throw new CliError('error.noMatch', { query });
  if (matches.length > 1) {
    const labels = matches.map((entry) => accountLabel(entry.account)).join(', ');
    throw new CliError('error.ambiguous', { query, count: matches.length, labels });
  }
  return first;
}

/** Like {@link matchEntries}, but a query that matches nothing is an error. */
export function matchSome(entries: readonly VaultEntry[], query: string | undefined): VaultEntry[] {
  const matches = matchEntries(entries, query);
  if (matches.length === 0 && query) throw new CliError('error.noMatch', { query });
  return matches;
}
