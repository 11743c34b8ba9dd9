import { type Account, createAccount } from '@kakunin/otp';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPlainVault, createVault, openVault, readPlainVault, type Vault } from '../src/index.js';
import { rememberingScrypt } from './helpers.js';

const scrypt = rememberingScrypt();
const text = fc.string({ unit: 'grapheme', maxLength: 24 });
const optionalText = fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }), {
  nil: undefined,
});

/**
 * Any account the vault accepts, in the form it stores: every type and algorithm, edge digits,
 * periods and counters (Aegis keeps a counter only for hotp and a period only for the others).
 */
const account: fc.Arbitrary<Account> = fc
  .record({
    type: fc.constantFrom('totp', 'hotp', 'steam'),
    secret: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    issuer: text,
    name: text,
    algorithm: fc.constantFrom('SHA1', 'SHA256', 'SHA512', 'MD5'),
    digits: fc.integer({ min: 1, max: 10 }),
    period: fc.integer({ min: 1, max: 86_400 }),
    counter: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
    note: optionalText,
    group: fc.option(fc.constantFrom('Work', 'Private', 'ゲーム'), { nil: undefined }),
    icon: fc.option(
      fc.base64String({ maxLength: 40 }).map((data) => `data:image/png;base64,${data}`),
      { nil: undefined },
    ),
  })
  .map((fields) => {
    const { note, group, icon, ...rest } = fields;
    const digits = fields.type === 'steam' ? 5 : fields.digits;
    const algorithm = fields.type === 'steam' ? 'SHA1' : fields.algorithm;
    const period = fields.type === 'hotp' ? 30 : fields.period;
    const counter = fields.type === 'hotp' ? fields.counter : 0n;
    const optional = { ...(note && { note }), ...(group && { group }), ...(icon && { icon }) };
    return createAccount({ ...rest, algorithm, digits, period, counter, ...optional });
  });

/** What the vault should hold after a list of operations, applied to a plain array. */
type Operation =
  | { op: 'add'; account: Account; favorite: boolean }
  | { op: 'update'; at: number; changes: Partial<Account> & { favorite?: boolean } }
  | { op: 'remove'; at: number }
  | { op: 'move'; at: number; to: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), account, favorite: fc.boolean() }),
  fc.record({
    op: fc.constant('update' as const),
    at: fc.nat(),
    changes: fc.record({ issuer: text, note: optionalText, favorite: fc.boolean() }, { requiredKeys: [] }),
  }),
  fc.record({ op: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('move' as const), at: fc.nat(), to: fc.nat() }),
);

type Model = { account: Account; favorite: boolean }[];

function apply(vault: Vault, model: Model, o: Operation): void {
  const ids = vault.entries().map((e) => e.id);
  if (o.op === 'add') {
    vault.add(o.account, { favorite: o.favorite });
    model.push({ account: o.account, favorite: o.favorite });
    return;
  }
  if (ids.length === 0) return;
  const at = o.at % ids.length;
  const current = model[at]!;
  if (o.op === 'update') {
    const { favorite, ...changes } = o.changes;
    vault.update(ids[at]!, o.changes);
    model[at] = {
      account: createAccount({ ...current.account, ...changes }),
      favorite: favorite ?? current.favorite,
    };
  } else if (o.op === 'remove') {
    vault.remove(ids[at]!);
    model.splice(at, 1);
  } else {
    const to = o.to % ids.length;
    vault.move(ids[at]!, to);
    model.splice(at, 1);
    model.splice(to, 0, current);
  }
}

const shown = (vault: Vault): Model =>
  vault.entries().map(({ account, favorite }) => ({ account, favorite }));

describe('write ∘ read', () => {
  let empty: string;
  beforeAll(async () => {
    empty = await (await createVault('round trip', { scrypt })).serialize();
  });

  it('any sequence of edits reads back exactly from the encrypted file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 12 }), async (operations) => {
        const vault = await openVault(empty, 'round trip', { scrypt });
        const model: Model = [];
        for (const o of operations) apply(vault, model, o);
        expect(shown(vault)).toEqual(model);
        const reopened = await openVault(await vault.serialize(), 'round trip', { scrypt });
        expect(reopened.entries()).toEqual(vault.entries());
      }),
      { numRuns: 60 },
    );
    // Every run reused the one derived key: the remembered scrypt ran once for this file.
    expect(scrypt.calls).toBeLessThanOrEqual(2);
  });

  it('any list of accounts reads back exactly from the plain export, and writes the same text again', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(account, fc.boolean()), { maxLength: 8 }), (items) => {
        const vault = createPlainVault();
        expect(vault.encrypted).toBe(false);
        for (const [a, favorite] of items) vault.add(a, { favorite });
        const text = vault.exportPlain();
        const again = readPlainVault(text);
        expect(again.entries()).toEqual(vault.entries());
        expect(again.exportPlain()).toBe(text);
      }),
      { numRuns: 150 },
    );
  });
});
