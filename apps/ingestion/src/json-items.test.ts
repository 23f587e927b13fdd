import { describe, expect, it } from 'vitest';
import { prng } from '@watchfire/rules-engine/testing';
import { parseJsonArrayItems } from './json-items';

const parse = (s: string) => parseJsonArrayItems(Buffer.from(s));

describe('parseJsonArrayItems', () => {
  it('parses the items of an array body', () => {
    expect(parse(' [ {"a": "x,]}\\"[{"}, [1, [2]], "s\\\\", null, 3.5e2 ] \n')).toEqual([
      { a: 'x,]}"[{' },
      [1, [2]],
      's\\',
      null,
      350,
    ]);
    expect(parse('[{"body": "Kunduz — Imam Sahib ☃ 😀"}]')).toEqual([{ body: 'Kunduz — Imam Sahib ☃ 😀' }]);
    expect(parseJsonArrayItems(Buffer.from('\ufeff[1]'), 3)).toEqual([1]);
  });

  it('leaves everything that is not a plain, valid array to JSON.parse', () => {
    for (const s of [
      '{"a": 1}',
      '[]',
      '[1,]',
      '[,1]',
      '[1 2]',
      '[1] x',
      '[1',
      '["unterminated]',
      '[{"a": 1]',
      '[1}',
      '"[1]"',
      '',
      '[{"a":1}}]',
    ]) {
      expect(parse(s), s).toBeNull();
    }
  });

  it('agrees with JSON.parse on random arrays of tricky strings (seeded)', () => {
    const r = prng(7);
    const pieces = ['"', '\\', ',', '[', ']', '{', '}', ' ', 'a', 'é', '😀', '\n', ':'];
    const str = () =>
      Array.from({ length: Math.floor(r() * 8) }, () => pieces[Math.floor(r() * pieces.length)]).join('');
    const value = (d: number): unknown => {
      const x = r();
      if (x < 0.4 || d > 2) return str();
      if (x < 0.55) return Math.round(r() * 1e6) / 100;
      if (x < 0.75) return Array.from({ length: Math.floor(r() * 3) }, () => value(d + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(r() * 3) }, () => [str(), value(d + 1)]));
    };
    let fast = 0;
    for (let n = 0; n < 2_000; n++) {
      const arr = Array.from({ length: 1 + Math.floor(r() * 5) }, () => value(0));
      const text = JSON.stringify(arr, null, r() < 0.5 ? 1 : undefined);
      // sometimes break it: the result must then be null or what JSON.parse says
      const broken =
        r() < 0.3
          ? text.slice(0, Math.floor(r() * text.length)) + text.slice(Math.floor(r() * text.length))
          : text;
      const bytes = Buffer.from(broken); // (a cut through an emoji becomes U+FFFD here, as on the wire)
      const got = parseJsonArrayItems(bytes);
      let want: unknown;
      try {
        want = JSON.parse(bytes.toString('utf8'));
      } catch {
        want = undefined;
      }
      if (got !== null) {
        fast++;
        expect(got, broken).toEqual(want);
      } else if (broken === text) throw new Error(`a valid array fell back: ${text}`);
    }
    expect(fast).toBeGreaterThan(1_000);
  });
});
