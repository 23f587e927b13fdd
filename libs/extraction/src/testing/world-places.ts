/**
 * A few places outside Afghanistan, as an operator places file would add them, for unit tests of
 * wire-copy phrasing until the world gazetteer is loaded by default. Test-only; not exported.
 */
import type { PlaceEntry } from '../types';

export const WORLD_TEST_PLACES: PlaceEntry[] = [
  {
    id: 'sd-el-fasher',
    name: 'El Fasher',
    kind: 'provincial_capital',
    province: 'North Darfur',
    country: 'Sudan',
    aliases: ['Al Fashir', 'El-Fasher'],
  },
  {
    id: 'sd-el-geneina',
    name: 'El Geneina',
    kind: 'provincial_capital',
    province: 'West Darfur',
    country: 'Sudan',
    aliases: ['Geneina'],
  },
  {
    id: 'sd-wad-madani',
    name: 'Wad Madani',
    kind: 'provincial_capital',
    province: 'Gezira',
    country: 'Sudan',
    aliases: ['Wad Medani'],
    provinceAliases: ['Al Jazirah'],
  },
  { id: 'et-mekelle', name: 'Mekelle', kind: 'provincial_capital', province: 'Tigray', country: 'Ethiopia' },
  {
    id: 'ua-chernihiv',
    name: 'Chernihiv',
    kind: 'provincial_capital',
    province: 'Chernihiv Oblast',
    country: 'Ukraine',
    provinceAliases: ['Chernihiv region'],
  },
  {
    id: 'ua-kherson',
    name: 'Kherson',
    kind: 'provincial_capital',
    province: 'Kherson Oblast',
    country: 'Ukraine',
    provinceAliases: ['Kherson region'],
  },
  { id: 'cd-goma', name: 'Goma', kind: 'provincial_capital', province: 'North Kivu', country: 'DR Congo' },
  { id: 'mm-sittwe', name: 'Sittwe', kind: 'provincial_capital', province: 'Rakhine', country: 'Myanmar' },
  { id: 'sy-aleppo', name: 'Aleppo', kind: 'provincial_capital', province: 'Aleppo', country: 'Syria' },
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
