import { formatKeyURI } from '@kakunin/otp';
import { describe, expect, it } from 'vitest';
import { importFile } from '../src/index.ts';
import { bytesOf, SAMPLE } from './support/accounts.ts';

// Proton Authenticator export, version 1.
const entry = (uri: string, name: string, note: string | null): object => ({
  id: crypto.randomUUID(),
  content: { uri, entry_type: 'Totp', name },
  note,
});

describe('Proton Authenticator exports', () => {
  it('reads entries: the URI gives the parameters, content.name the account name, note kept', async () => {
    const [a, b] = [SAMPLE[0]!, SAMPLE[1]!];
    const file = {
      version: 1,
      entries: [entry(formatKeyURI(a), a.name, null), entry(formatKeyURI(b), 'renamed', 'n')],
    };
    const result = await importFile(bytesOf(JSON.stringify(file)));
    expect(result.format).toBe('proton');
    expect(result.accounts).toEqual([a, { ...b, name: 'renamed', note: 'n' }]);
  });

  it('reports an unknown export version', async () => {
    const file = { version: 2, entries: [entry(formatKeyURI(SAMPLE[0]!), 'x', null)] };
    await expect(importFile(bytesOf(JSON.stringify(file)))).rejects.toMatchObject({
      code: 'UNSUPPORTED_VERSION',
    });
  });
});
