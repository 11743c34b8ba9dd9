import { type Account, constantTimeEqual } from '@kakunin/otp';

/** Whether two accounts are the same registration: same type, secret, issuer and name. */
export function sameAccount(a: Account, b: Account): boolean {
  return (
    a.type === b.type && a.issuer === b.issuer && a.name === b.name && constantTimeEqual(a.secret, b.secret)
  );
}

const labelKey = (a: Account): string => `${a.type}\u0000${a.issuer}\u0000${a.name}`;

/**
 * Split imported accounts into those to add and duplicates of accounts already present (or repeated
 * within the import itself), which are reported and skipped.
 */
export function mergeAccounts(
  existing: readonly Account[],
  incoming: readonly Account[],
): { added: Account[]; duplicates: Account[] } {
  // Index by the public fields so secrets are compared (in constant time) only with likely twins.
  const known = new Map<string, Account[]>();
  const remember = (a: Account): void => {
    const list = known.get(labelKey(a));
    if (list) list.push(a);
    else known.set(labelKey(a), [a]);
  };
  existing.forEach(remember);
  const added: Account[] = [];
  const duplicates: Account[] = [];
  for (const account of incoming) {
    if (known.get(labelKey(account))?.some((other) => sameAccount(account, other))) duplicates.push(account);
    else {
      added.push(account);
      remember(account);
    }
  }
  return { added, duplicates };
}
