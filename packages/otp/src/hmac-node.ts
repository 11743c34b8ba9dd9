import { createHmac } from 'node:crypto';
export const hmac = (a: string, key: Uint8Array, msg: Uint8Array): Uint8Array => new Uint8Array(createHmac(a, key).update(msg).digest());
