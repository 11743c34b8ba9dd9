import { hash, verify } from '@node-rs/argon2';

/** argon2id (Algorithm.Argon2id = 2, a const enum) with the OWASP minimum: 19 MiB, 2 passes, 1 lane. */
const PARAMS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id (PHC string). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

/** Checks a password against a PHC hash; a malformed hash counts as a mismatch. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spends the time of one verification, so an unknown username answers as slowly as a known one. */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummy ??= hashPassword('kakunin-dummy-password-for-timing');
  await verifyPassword(await dummy, password);
  return false;
}
