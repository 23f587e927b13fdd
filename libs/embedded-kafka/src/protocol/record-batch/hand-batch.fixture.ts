import { crc32c } from './crc32c';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/**
 * A RecordBatch v2 with one record (key "k", value "v", offset delta 0), written out by hand from
 * the format in the Kafka protocol guide; its CRC-32C was computed independently.
 */
export function handBatch(): Buffer {
  const record = hex(
    `
    10            # length 8 (zigzag varint)
    00            # attributes
    00            # timestamp delta 0
    00            # offset delta 0
    02 6b         # key length 1, "k"
    02 76         # value length 1, "v"
    00            # no headers
  `.replace(/#.*$/gm, ''),
  );
  const body = Buffer.concat([
    hex('0000'), // attributes
    hex('00000000'), // last offset delta
    hex('0000017a8e5c1a00'), // base timestamp
    hex('0000017a8e5c1a00'), // max timestamp
    hex('ffffffffffffffff'), // producer id -1
    hex('ffff'), // producer epoch
    hex('ffffffff'), // base sequence
    hex('00000001'), // record count
    record,
  ]);
  const head = Buffer.alloc(21);
  head.writeBigInt64BE(0n, 0);
  head.writeInt32BE(4 + 1 + 4 + body.length, 8); // leader epoch + magic + crc + rest
  head.writeInt32BE(0, 12);
  head.writeInt8(2, 16);
  head.writeUInt32BE(crc32c(body), 17);
  return Buffer.concat([head, body]);
}
