/**
 * A border crossing outside Afghanistan, as an operator places file would add it (the world
 * gazetteer holds capitals, not crossings), for unit tests of crossing phrasing. Test-only.
 */
import type { PlaceEntry } from '../types';

export const RAFAH_CROSSING: PlaceEntry[] = [
  {
    id: 'ps-rafah',
    name: 'Rafah crossing',
    kind: 'border_crossing',
    province: 'Rafah',
    country: 'Palestine',
    neighbor: 'Egypt',
    aliases: ['Rafah'],
  },
];
