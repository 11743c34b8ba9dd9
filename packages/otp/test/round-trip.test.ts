import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMigrationURI, encodeMigrationURIs, formatKeyURI, parseKeyURI } from '../src/index.ts';
import { anyAccount, migratableAccount } from './arbitraries.ts';

describe('round trips', { timeout: 30_000 }, () => {
  it('parseKeyURI(formatKeyURI(account)) gives the account back, Unicode labels included', () => {
    fc.assert(
      fc.property(anyAccount, (account) => {
        expect(parseKeyURI(formatKeyURI(account))).toEqual(account);
      }),
      { numRuns: 2_000 },
    );
  });

  it('decodeMigrationURI over encodeMigrationURIs gives the accounts back in order, in complete batches', () => {
    fc.assert(
      fc.property(
        fc.array(migratableAccount, { maxLength: 25 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 0x7fff_ffff }),
        (accounts, perQR, batchId) => {
          const { uris, skipped } = encodeMigrationURIs(accounts, { perQR, batchId });
          expect(skipped).toEqual([]);
          const pages = uris.map(decodeMigrationURI);
          expect(pages.map((page) => page.batch)).toEqual(
            uris.map((_, index) => ({ index, size: uris.length, id: batchId })),
          );
          expect(pages.flatMap((page) => page.accounts)).toEqual(accounts);
        },
      ),
      { numRuns: 500 },
    );
  });
});
