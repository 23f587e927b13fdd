/**
 * The article this project was created from, read from ../shared/seeds beside the repository (it is
 * not ours to copy in), and what Watchfire must find in it. Shared by the unit test and the
 * end-to-end test; never exported from the library's index.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtractedEvent } from '../types';

export const SEED_PATH = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  '..',
  'shared',
  'seeds',
  '000_d289e376d579a78f.txt',
);

export function readSeed(): string {
  if (!existsSync(SEED_PATH))
    throw new Error(
      `the seed article is missing: put the shared/ directory beside the repository (${SEED_PATH})`,
    );
  return readFileSync(SEED_PATH, 'utf8');
}

/** The seed's events, one line each, sorted: "type|place|actor|status|date". */
export function seedSummary(
  events: Pick<ExtractedEvent, 'type' | 'location' | 'actor' | 'status' | 'eventDate'>[],
) {
  return events.map((e) => [e.type, e.location.name, e.actor, e.status, e.eventDate].join('|')).sort();
}

/**
 * Exactly these three, in seedSummary order. Qala-i-Naw may be reported or confirmed (its governor's
 * own words say the enemy entered the city); Sher Khan Bandar is dated within June 2021 ("last month").
 */
export const SEED_EXPECTED: RegExp[] = [
  /^border_crossing_control_change\|Islam Qala\|Taliban\|claimed\|2021-07-09$/,
  /^border_crossing_control_change\|Sher Khan Bandar\|Taliban\|reported\|2021-06-\d\d$/,
  /^provincial_capital_attack\|Qala-i-Naw\|Taliban\|(reported|confirmed)\|2021-07-07$/,
];
