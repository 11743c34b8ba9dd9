import { damaged } from './entry.js';

/**
 * A `java.util.HashMap<String, String>` written with Java object serialization, the form of FreeOTP 2's
 * backup (`externalBackup.xml`, despite its name). Only that shape is read: one HashMap object whose class
 * has primitive fields (loadFactor, threshold), then its capacity and size in block data, then
 * size × (key, value) strings. Anything else is DAMAGED.
 * @see Java Object Serialization Specification §6.4 (grammar) — docs.oracle.com/javase/8/docs/platform/serialization/spec/protocol.html
 */

export const JAVA_MAGIC: readonly number[] = [0xac, 0xed, 0x00, 0x05];

const TC = {
  NULL: 0x70,
  REFERENCE: 0x71,
  CLASSDESC: 0x72,
  OBJECT: 0x73,
  STRING: 0x74,
  BLOCKDATA: 0x77,
  ENDBLOCKDATA: 0x78,
  LONGSTRING: 0x7c,
};
const BASE_HANDLE = 0x7e0000;
const FIELD_SIZES: Record<string, number> = { B: 1, Z: 1, C: 2, S: 2, I: 4, F: 4, J: 8, D: 8 };
const utf8 = new TextDecoder();

class Reader {
  at = 0;
  readonly handles: unknown[] = [];
  constructor(readonly bytes: Uint8Array) {}
  private need(n: number): void {
    if (this.at + n > this.bytes.length) throw damaged('the serialized map is cut off');
  }
  u8(): number {
    this.need(1);
    return this.bytes[this.at++]!;
  }
  u16(): number {
    return (this.u8() << 8) | this.u8();
  }
  u32(): number {
    return ((this.u16() << 16) | this.u16()) >>> 0;
  }
  skip(n: number): void {
    this.need(n);
    this.at += n;
  }
  utf(length: number): string {
    this.need(length);
    const text = utf8.decode(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return text;
  }
  expect(tag: number, what: string): void {
    if (this.u8() !== tag) throw damaged(`the serialized map has no ${what} where expected`);
  }
}

function classDesc(r: Reader): number[] {
  r.expect(TC.CLASSDESC, 'class description');
  const name = r.utf(r.u16());
  if (name !== 'java.util.HashMap') throw damaged(`the serialized object is a ${name}, not a HashMap`);
  r.skip(8); // serialVersionUID
  r.handles.push(name);
  r.u8(); // flags
  const sizes: number[] = [];
  for (let i = r.u16(); i > 0; i--) {
    const size = FIELD_SIZES[String.fromCharCode(r.u8())];
    if (size === undefined) throw damaged('the serialized HashMap has an object field');
    r.utf(r.u16());
    sizes.push(size);
  }
  r.expect(TC.ENDBLOCKDATA, 'end of class annotations');
  r.expect(TC.NULL, 'superclass end');
  return sizes;
}

function string(r: Reader): string {
  const tag = r.u8();
  if (tag === TC.REFERENCE) {
    const value = r.handles[r.u32() - BASE_HANDLE];
    if (typeof value !== 'string') throw damaged('the serialized map refers to a missing string');
    return value;
  }
  let length: number;
  if (tag === TC.STRING) length = r.u16();
  else if (tag === TC.LONGSTRING) {
    if (r.u32() !== 0) throw damaged('a serialized string is too long');
    length = r.u32();
  } else throw damaged('the serialized map holds something other than strings');
  const text = r.utf(length);
  r.handles.push(text);
  return text;
}

/** The entries of a serialized HashMap of strings, in file order. */
export function readJavaStringMap(bytes: Uint8Array): Map<string, string> {
  const r = new Reader(bytes);
  for (const b of JAVA_MAGIC) if (r.u8() !== b) throw damaged('not Java serialized data');
  r.expect(TC.OBJECT, 'object');
  const fields = classDesc(r);
  r.handles.push('map');
  for (const size of fields) r.skip(size);
  r.expect(TC.BLOCKDATA, 'block data');
  const blockLength = r.u8();
  if (blockLength < 8) throw damaged('the serialized map has no size');
  r.skip(4); // capacity
  const size = r.u32();
  r.skip(blockLength - 8);
  const map = new Map<string, string>();
  for (let i = 0; i < size; i++) map.set(string(r), string(r));
  return map;
}
