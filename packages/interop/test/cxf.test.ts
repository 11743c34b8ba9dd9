import { createAccount, decodeBase32 } from '@kakunin/otp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNEXPECTED } from '../src/import-file.ts';
import { exportCXF, ImportError, importFile } from '../src/index.ts';
import { anyAccount, bytesOf, SAMPLE } from './support/accounts.ts';

// The items of the standard's own example (CXF 1.0 Proposed Standard of 2025-08-14, Appendix A, as
// corrected by the errata of 2026-03-09), with long keys shortened: a login with a password and a TOTP,
// a passkey, a card, a Wi-Fi network and a note.
const STANDARD_EXAMPLE = {
  version: { major: 1, minor: 0 },
  exporterRpId: 'exporter.example.com',
  exporterDisplayName: 'Exporter app',
  timestamp: 1705228800,
  accounts: [
    {
      id: 'DZSXp7iBQY-Fg-OofakQtQ',
      username: 'jane_smith',
      email: 'jane.smith@example.com',
      fullName: 'Jane Smith',
      items: [
        {
          id: '9OF-QjVDQo2Wp2xWPw6ZhA',
          creationAt: 1705142400,
          modifiedAt: 1705228800,
          title: 'GitHub Login',
          subtitle: 'Work GitHub account',
          scope: { urls: ['https://github.com'], androidApps: [] },
          credentials: [
            {
              type: 'basic-auth',
              username: {
                id: '-eZX0Gw-TzOsBFwt67N7ZA',
                fieldType: 'string',
                value: 'johndoe',
                label: 'Username field',
              },
              password: {
                id: 'wgu3wTcXSYawrGMWMtaANg',
                fieldType: 'concealed-string',
                value: 'securepassword123',
              },
            },
            {
              type: 'totp',
              secret: 'JBSWY3DPEHPK3PXP',
              period: 30,
              digits: 6,
              issuer: 'GitHub',
              algorithm: 'sha256',
              username: 'jane.smith@example.com',
            },
          ],
          tags: ['development', 'git', 'work'],
        },
        {
          id: 'akKA3Y0jQRuK7sKplB0Y9w',
          title: 'WebAuthn.io',
          credentials: [
            {
              type: 'passkey',
              credentialId: 'Y3JlZGVudGlhbElkRXhhbXBsZQ',
              rpId: 'webauthn.io',
              username: 'johndoe',
              userDisplayName: 'John Doe',
              userHandle: 'cnEzaNHWcYK3coWZjvoaV1Hj9gnI12mKe2dL2HZVFlY',
              key: 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg',
            },
          ],
        },
        {
          id: 'iz0Q6JWoQ_CbDRboCPJ1Tg',
          title: 'Visa Credit Card',
          credentials: [
            { type: 'credit-card', number: { fieldType: 'concealed-string', value: '4111111111111111' } },
          ],
        },
        {
          id: '2cGy6PNOSQ2cW43NVxjGSg',
          title: 'Wifi',
          credentials: [{ type: 'wifi', ssid: { fieldType: 'string', value: 'Home_Network' } }],
        },
        {
          id: 's4TK1UNTRhG4j1DQawUz8g',
          title: 'Home alarm',
          credentials: [{ type: 'note', content: { fieldType: 'string', value: 'some instructions' } }],
        },
      ],
    },
  ],
};

const FIXED = { now: 1_705_228_800_000, random: (n: number) => new Uint8Array(n).fill(7) };

describe('FIDO Credential Exchange Format 1.0', () => {
  it('imports the TOTP of the standard’s example and says how many other credentials it skipped', async () => {
    const result = await importFile(bytesOf(JSON.stringify(STANDARD_EXAMPLE)), { filename: 'export.json' });
    expect(result.format).toBe('cxf');
    expect(result.accounts).toEqual([
      createAccount({
        secret: decodeBase32('JBSWY3DPEHPK3PXP'),
        issuer: 'GitHub',
        name: 'jane.smith@example.com',
        algorithm: 'SHA256',
        group: 'development',
      }),
    ]);
    expect(result.warnings).toEqual([
      '5 credential(s) of kinds an authenticator does not hold were skipped (basic-auth 1, passkey 1, credit-card 1, wifi 1, note 1).',
    ]);
  });

  it('ignores a TOTP credential whose algorithm the standard does not define, with a warning', async () => {
    const doc = structuredClone(STANDARD_EXAMPLE);
    (doc.accounts[0]!.items[0]!.credentials[1] as { algorithm: string }).algorithm = 'sha3-256';
    const result = await importFile(bytesOf(JSON.stringify(doc)));
    expect(result.accounts).toEqual([]);
    expect(result.warnings[0]).toContain('"sha3-256", which CXF does not define, was skipped');
  });

  it('refuses another major version by name', async () => {
    const doc = { ...STANDARD_EXAMPLE, version: { major: 2, minor: 0 } };
    const error = await importFile(bytesOf(JSON.stringify(doc)), { filename: 'x.json' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'UNSUPPORTED_VERSION', app: 'the Credential Exchange Format' });
  });

  it('writes a header, one item per account with a totp credential, and lists what CXF cannot hold', () => {
    const { text, skipped } = exportCXF(SAMPLE, FIXED);
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({
      version: { major: 1, minor: 0 },
      exporterDisplayName: 'Kakunin',
      timestamp: 1705228800,
    });
    expect(doc.accounts[0].items[0]).toEqual({
      id: 'BwcHBwcHBwcHBwcHBwcHBw',
      creationAt: 1705228800,
      modifiedAt: 1705228800,
      title: 'Example',
      credentials: [
        {
          type: 'totp',
          secret: 'JBSWY3DPEHPK3PXP',
          period: 30,
          digits: 6,
          username: 'alice@example.com',
          algorithm: 'sha1',
          issuer: 'Example',
        },
      ],
    });
    expect(skipped.map((s) => s.reason)).toEqual(['hotp', 'steam']);
  });

  it('round-trips every TOTP account it writes, notes and groups included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyAccount, { maxLength: 6 }), async (accounts) => {
        const { text, skipped } = exportCXF(accounts, FIXED);
        const kept = accounts.filter((a) => !skipped.some((s) => s.account === a));
        const result = await importFile(bytesOf(text));
        expect(result.accounts).toEqual(kept);
      }),
      { numRuns: 100 },
    );
    const noted = { ...SAMPLE[0]!, note: 'recovery codes in the safe', group: 'Work' };
    const unnamed = { ...SAMPLE[0]!, issuer: '' };
    const back = await importFile(bytesOf(exportCXF([noted, unnamed], FIXED).text));
    expect(back.accounts).toEqual([noted, unnamed]);
  });

  it('settles with typed errors on damaged documents', async () => {
    const text = JSON.stringify(STANDARD_EXAMPLE);
    const mutation = fc.record({
      at: fc.nat(),
      char: fc.constantFrom('"', '{', ']', ',', '0', 'x', '!', '-'),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ at, char }) => {
        const i = at % text.length;
        try {
          await importFile(bytesOf(text.slice(0, i) + char + text.slice(i + 1)), { filename: 'fuzz' });
        } catch (error) {
          if (!(error instanceof ImportError)) throw error;
          expect(error.detail, String(error.cause)).not.toBe(UNEXPECTED);
        }
      }),
      { numRuns: 300 },
    );
  });
});
