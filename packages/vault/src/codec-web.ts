import { base64, hex } from '@scure/base';

/** Base64 and hexadecimal in JavaScript (@scure/base) for browsers; both decoders throw on bad input. */
export const decodeBase64Strict = (text: string): Uint8Array => base64.decode(text);
export const encodeBase64Padded = (bytes: Uint8Array): string => base64.encode(bytes);
export const decodeHexStrict = (text: string): Uint8Array => hex.decode(text);
export const encodeHexLower = (bytes: Uint8Array): string => hex.encode(bytes);
