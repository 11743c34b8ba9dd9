import type { Session } from '../services/sessions.js';

/** Authentication context class references (`acr`), weakest first. */
export const ACR = {
  oneFactor: 'urn:kakunin:acr:1fa',
  twoFactor: 'urn:kakunin:acr:2fa',
  phishingResistant: 'urn:kakunin:acr:phr',
} as const;
export type ACRValue = (typeof ACR)[keyof typeof ACR];

const RANK: Record<ACRValue, number> = { [ACR.oneFactor]: 1, [ACR.twoFactor]: 2, [ACR.phishingResistant]: 3 };

/** How a Kakunin session was authenticated, as relying parties see it. */
export interface Authentication {
  /** Authentication methods, RFC 8176. */
  amr: string[];
  acr: ACRValue;
  /** Epoch ms of the sign-in. */
  authTime: number;
}

/** The acr a set of methods reaches. @see RFC 8176 §2 for the method names */
export function acrFor(amr: readonly string[]): ACRValue {
  if ((amr.includes('pop') || amr.includes('hwk')) && amr.includes('mfa')) return ACR.phishingResistant;
  if (amr.includes('mfa')) return ACR.twoFactor;
  return ACR.oneFactor;
}

/** True when `have` is at least `need`. */
export function meets(have: ACRValue, need: ACRValue): boolean {
  return RANK[have] >= RANK[need];
}

/**
 * The level a request demands: the app's own setting, raised by `acr_values` when the app asks for
 * more. `acr_values` lists acceptable levels, so the weakest one listed that we know is what it needs.
 * @see OpenID Connect Core 1.0 §3.1.2.1 (acr_values)
 */
export function requiredACR(
  app: { requiresTwoFactor: boolean; requiresPasskey: boolean } | undefined,
  acrValues: unknown,
): ACRValue {
  let need: ACRValue = app?.requiresPasskey
    ? ACR.phishingResistant
    : app?.requiresTwoFactor
      ? ACR.twoFactor
      : ACR.oneFactor;
  if (typeof acrValues === 'string') {
    const known = acrValues
      .split(' ')
      .filter((value): value is ACRValue => value in RANK)
      .sort((a, b) => RANK[a] - RANK[b]);
    const weakest = known[0];
    if (weakest && !meets(need, weakest)) need = weakest;
  }
  return need;
}

/**
 * How a full session was authenticated, from what the sign-in recorded on it; undefined for a session
 * that recorded nothing (made before sessions kept it), which must sign in again for an app.
 * A recovery code is reported as `otp` (RFC 8176 has no value for it; the audit log tells them apart),
 * and `mfa` is added when a possession factor joined the password or the person's presence.
 */
export function sessionAuthentication(session: Session): Authentication | undefined {
  if (session.authTime === null || session.amr.length === 0) return undefined;
  const methods = [...new Set(session.amr.map((method) => (method === 'rec' ? 'otp' : method)))];
  const possession = methods.some((method) => method === 'otp' || method === 'hwk' || method === 'pop');
  const other = methods.some((method) => method === 'pwd' || method === 'user');
  const amr = possession && other ? [...methods, 'mfa'] : methods;
  return { amr, acr: acrFor(amr), authTime: session.authTime };
}
