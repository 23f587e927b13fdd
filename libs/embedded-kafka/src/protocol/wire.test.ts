import { describe, expect, it } from 'vitest';
import { Reader, Writer } from './wire';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const frameOf = (w: Writer) => Buffer.concat(w.frame());

describe('wire primitives', () => {
  it('encodes big-endian integers, strings, nullable strings, bytes and arrays byte for byte', () => {
    const w = new Writer()
      .int8(-1)
      .int16(0x0102)
      .int32(-2)
      .int64(0x0102030405060708n)
      .string('hi')
      .string(null)
      .bytes(Buffer.from([9]))
      .bytes(null)
      .array([1, 2], (w, v) => w.int16(v))
      .array(null, () => undefined);
    expect(frameOf(w).toString('hex')).toBe(
      '0000002a' +
        'ff' +
        '0102' +
        'fffffffe' +
        '0102030405060708' +
        '00026869' +
        'ffff' +
        '0000000109' +
        'ffffffff' +
        '0000000200010002' +
        'ffffffff',
    );
    const r = new Reader(frameOf(w).subarray(4));
    expect([
      r.int8(),
      r.int16(),
      r.int32(),
      r.int64(),
      r.string(),
      r.nullableString(),
      r.bytes(),
      r.bytes(),
      r.array((r) => r.int16()),
      r.nullableArray((r) => r.int16()),
    ]).toEqual([-1, 0x0102, -2, 0x0102030405060708n, 'hi', null, Buffer.from([9]), null, [1, 2], null]);
  });
  it('refuses lengths that run past the request', () => {
    expect(() => new Reader(hex('00050102')).string()).toThrow(RangeError);
    expect(() => new Reader(hex('7fffffff')).array((r) => r.int8())).toThrow(RangeError);
  });
});
