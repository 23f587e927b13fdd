import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@watchfire/common';
import { ExtractionService, placesFromEnv } from './extraction.service';

describe('PLACES_FILE: operator places for the rules service', () => {
  const config = parseConfig({ OPERATOR_TOKEN: 'places-test-operator-token-0123' });
  const dir = mkdtempSync(path.join(tmpdir(), 'watchfire-places-'));
  const file = (name: string, content: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, content);
    return f;
  };

  it('adds the places to the gazetteer the service extracts with', () => {
    const places = placesFromEnv({
      PLACES_FILE: file(
        'ok.json',
        JSON.stringify({
          places: [
            {
              id: 'xx-lopetubad',
              name: 'Lopetubad',
              kind: 'provincial_capital',
              province: 'Tuperistan',
              country: 'Benchland',
            },
          ],
        }),
      ),
    });
    expect(places).toHaveLength(1);
    const text =
      'Fighters captured Lopetubad, the capital of Tuperistan province, on Sunday, officials said.';
    const withPlaces = new ExtractionService(config, places).eventsOf({ id: 'r1', body: text, source: 't' });
    expect(withPlaces.map((e) => [e.type, e.location.id])).toEqual([
      ['provincial_capital_captured', 'xx-lopetubad'],
    ]);
    // without the file, the place is not a known provincial capital
    const without = new ExtractionService(config).eventsOf({ id: 'r1', body: text, source: 't' });
    expect(without.some((e) => e.location.id === 'xx-lopetubad')).toBe(false);
    expect(placesFromEnv({})).toEqual([]);
  });

  it.each([
    ['missing.json', null, /PLACES_FILE=.*missing\.json: ENOENT/],
    ['bad.json', '{"places": [', /PLACES_FILE=.*bad\.json: .*JSON/],
    ['wrong.json', '[{"id": "x", "name": "X", "kind": "castle"}]', /PLACES_FILE=.*wrong\.json: places\[0\]/],
  ])('stops with one line naming PLACES_FILE: %s', (name, content, re) => {
    const f = content === null ? path.join(dir, name) : file(name, content);
    expect(() => placesFromEnv({ PLACES_FILE: f })).toThrow(ConfigError);
    expect(() => placesFromEnv({ PLACES_FILE: f })).toThrow(re);
  });
});
