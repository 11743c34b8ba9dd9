import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from '../src/index.ts';

describe('constantTimeEqual', () => {
  it('tells equal from different strings', () => {
    expect(constantTimeEqual('123456', '123456')).toBe(true);
    expect(constantTimeEqual('123456', '123457')).toBe(false);
    expect(constantTimeEqual('023456', '123456')).toBe(false);
    expect(constantTimeEqual('12345', '123456')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('tells equal from different byte arrays', () => {
    expect(constantTimeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBe(true);
    expect(constantTimeEqual(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
  });

  it('compares a string with bytes as UTF-8', () => {
    expect(constantTimeEqual('確認', new TextEncoder().encode('確認'))).toBe(true);
    expect(constantTimeEqual(new TextEncoder().encode('確認'), '確証')).toBe(false);
  });
});
