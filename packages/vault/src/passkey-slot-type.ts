import type { JSONObject } from './json-text.js';

/**
 * Slot type of a passkey slot. Aegis knows 0–2 and refuses a whole vault holding any other type, so
 * this slot stays in the app's own stored vault and never in a file written for people to keep.
 */
export const PASSKEY_SLOT_TYPE = 0x4b50; // "KP": Kakunin passkey

/** True for a header slot of the passkey type. */
export const isPasskeySlot = (slot: JSONObject): boolean => slot.type === PASSKEY_SLOT_TYPE;
