import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomToken } from '../crypto/tokens.js';
import type { Device } from '../services/attempts/guard.js';
import { cookieSecure } from './session-cookie.js';

export const DEVICE_COOKIE = 'kakunin_device';

/** A browser keeps its device cookie for a year after each password step it passes. */
const DEVICE_COOKIE_DAYS = 365;

/**
 * The browser's device cookie (OWASP "device cookies"), when its signature holds: the user it passed
 * the password step for, and a random id whose failures are counted apart from everyone else's.
 */
export function readDevice(request: FastifyRequest): Device | undefined {
  const raw = request.cookies[DEVICE_COOKIE];
  if (!raw || raw.length > 512) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return undefined;
  const [username, id, extra] = unsigned.value.split('|');
  if (!username || !id || extra !== undefined) return undefined;
  return { username, id };
}

/** After a right password: gives the browser a device cookie for this user unless it has one. */
export function rememberDevice(reply: FastifyReply, username: string, current: Device | undefined): void {
  if (current?.username === username) return;
  reply.setCookie(DEVICE_COOKIE, `${username}|${randomToken(16)}`, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieSecure(reply.request),
    signed: true,
    maxAge: DEVICE_COOKIE_DAYS * 86_400,
  });
}
