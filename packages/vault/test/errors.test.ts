import { isLocalizedError } from '@kakunin/otp/core';
import { describe, expect, it } from 'vitest';
import { VAULT_ERROR_MESSAGES, VaultError, type VaultErrorCode } from '../src/index.ts';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('vault error messages', () => {
  it.each(Object.keys(VAULT_ERROR_MESSAGES) as VaultErrorCode[])(
    '%s has English and Japanese words, which the error gives in either language',
    (code) => {
      const { en, ja } = VAULT_ERROR_MESSAGES[code];
      expect(en.length).toBeGreaterThan(20);
      expect(ja).toMatch(JAPANESE);
      const error = new VaultError(code, 'slot 2');
      expect(isLocalizedError(error)).toBe(true);
      expect(error.localizedMessage('en')).toBe(en);
      expect(error.localizedMessage('ja')).toBe(ja);
      expect(error.message).toBe(`${en} (slot 2)`);
    },
  );

  it('keeps its name, code and cause', () => {
    const cause = new SyntaxError('bad JSON');
    const error = new VaultError('DAMAGED', undefined, { cause });
    expect(error).toMatchObject({ name: 'VaultError', code: 'DAMAGED', cause });
    expect(error.message).toBe(VAULT_ERROR_MESSAGES.DAMAGED.en);
  });
});
