/** scrypt cost parameters (RFC 7914 §2) and the derived key length. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  dkLen: number;
}

/** Derives a key from password bytes with scrypt; Node and browsers each get their own implementation. */
export type ScryptFunction = (
  password: Uint8Array,
  salt: Uint8Array,
  params: ScryptParams,
) => Promise<Uint8Array>;

/** Memory scrypt needs for these parameters (128·N·r for V plus 256·r·p for the blocks), in bytes. */
export const scryptMemory = (params: ScryptParams): number =>
  128 * params.N * params.r + 256 * params.r * params.p;
