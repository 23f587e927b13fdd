import { describe, expect, it } from 'vitest';
import { B, BatchError, splitBatches } from './batch';
import { crc32c } from './crc32c';
import { handBatch } from './hand-batch.fixture';

describe('CRC-32C', () => {
  it('matches the standard check value', () => {
    expect(crc32c(Buffer.from('123456789')).toString(16)).toBe('e3069283');
    expect(crc32c(Buffer.alloc(32)).toString(16)).toBe('8a9136aa'); // RFC 3720 B.4: 32 bytes of zeros
  });
});

describe('record batches', () => {
  it('accepts a well-formed v2 batch and reads its header', () => {
    const [b] = splitBatches(handBatch());
    expect(b).toMatchObject({ recordCount: 1, lastOffsetDelta: 0, producerId: -1n, baseSequence: -1 });
  });
  it('answers CORRUPT_MESSAGE for a flipped byte, a wrong magic or a torn batch', () => {
    const flipped = handBatch();
    flipped[flipped.length - 2] ^= 0xff;
    const magic = handBatch();
    magic[B.magic] = 1;
    for (const bad of [flipped, magic, handBatch().subarray(0, 40)]) {
      expect(() => splitBatches(bad)).toThrow(BatchError);
      try {
        splitBatches(bad);
      } catch (e) {
        expect((e as BatchError).code).toBe(2);
      }
    }
  });
});
