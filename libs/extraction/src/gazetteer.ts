/**
 * The gazetteer: default Afghanistan data, optionally the world's first-order capitals
 * (world-gazetteer.ts), plus operator-supplied places, compiled once into a token automaton.
 * Build it once and pass it to every extractEvents call.
 */
import afghanistan from '../gazetteer/afghanistan.json';
import countriesData from '../gazetteer/countries.json';
import { TokenAutomaton } from './automaton';
import { divisionVariants, foldName } from './fold';
import { nameKeys } from './text';
import type { EventLocation, PlaceEntry, PlaceKind } from './types';
import { loadWorldData, type CountryInfo, type WorldData, type WorldPlaceEntry } from './world-gazetteer';

export type { CountryInfo } from './world-gazetteer';

export interface GazPlace extends EventLocation {
  aliases: string[];
  /** Normalised province key (country-scoped), to find a province's capital. */
  provinceKey: string;
  /** Name shared with its province ("Kunduz", "Herat"): a bare mention may mean either. */
  sharesProvinceName: boolean;
  /** Index in the gazetteer: lower wins when two places share a spelling. */
  rank: number;
  /** Normalised keys of the name and every alias ("qala i naw"). */
  nameKeys: string[];
  /** ISO 3166-1 alpha-2, lower case, where known (world places). */
  countryCode?: string;
  /** World places only: the name is a common word or given name ("Victoria", "Gao") - accept with context. */
  ambiguous?: boolean;
  /** World places only: a city of this name exists in another country too ("Tripoli") - the country must fit. */
  multiCountry?: boolean;
  /** World places only: a national capital, whose name often stands for the government ("Moscow said"). */
  national?: boolean;
}

export interface GazProvince {
  key: string;
  name: string;
  country: string;
  capital?: GazPlace;
}

export type GazPayload =
  | { type: 'place'; place: GazPlace }
  | { type: 'province'; province: GazProvince }
  | { type: 'country'; country: CountryInfo; demonym: boolean };

export interface Gazetteer {
  places: GazPlace[];
  byId: Map<string, GazPlace>;
  provinces: Map<string, GazProvince>;
  countries: CountryInfo[];
  countryByName: Map<string, CountryInfo>;
  automaton: TokenAutomaton<GazPayload>;
  /** Border crossings by province key. */
  crossingsByProvince: Map<string, GazPlace[]>;
  /** Countries by demonym key ("syrian" -> Syria). */
  countryByDemonym: Map<string, CountryInfo>;
  /** Spellings (foldName keys) that are common words or given names: a match needs context. */
  ambiguousKeys: Set<string>;
  /** Whether the world's first-order capitals are loaded. */
  world: boolean;
}

export interface GazetteerOptions {
  /** The world's first-order capitals: loaded (true, the default), this pre-loaded data, or none (false: Afghanistan only). */
  world?: boolean | WorldData;
}

const ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;
const KINDS: PlaceKind[] = ['provincial_capital', 'border_crossing'];
const ALLOWED_KEYS = new Set([
  'id',
  'name',
  'kind',
  'province',
  'country',
  'neighbor',
  'lat',
  'lon',
  'aliases',
  'provinceAliases',
]);

export type PlaceValidation = { ok: true; places: PlaceEntry[] } | { ok: false; errors: string[] };

/**
 * Validates an operator place file (already parsed from JSON): an array of PlaceEntry, or an
 * object with a `places` array (the shape of gazetteer/afghanistan.json). Every problem is reported
 * with its path, e.g. `places[3].lat: must be a number between -90 and 90`.
 */
export function validatePlaceEntries(input: unknown): PlaceValidation {
  const errors: string[] = [];
  let list: unknown = input;
  if (
    list &&
    typeof list === 'object' &&
    !Array.isArray(list) &&
    'places' in (list as Record<string, unknown>)
  ) {
    list = (list as Record<string, unknown>).places;
  }
  if (!Array.isArray(list))
    return { ok: false, errors: ['expected an array of places (or an object with a "places" array)'] };
  const ids = new Set<string>();
  const places: PlaceEntry[] = [];
  list.forEach((raw, i) => {
    const at = `places[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push(`${at}: must be an object`);
      return;
    }
    const o = raw as Record<string, unknown>;
    const before = errors.length;
    for (const k of Object.keys(o))
      if (!ALLOWED_KEYS.has(k))
        errors.push(`${at}.${k}: unknown field (allowed: ${[...ALLOWED_KEYS].join(', ')})`);
    const str = (k: string, required: boolean, max = 200) => {
      const v = o[k];
      if (v === undefined) {
        if (required) errors.push(`${at}.${k}: required`);
        return;
      }
      if (typeof v !== 'string' || (required && !v.trim()) || v.length > max)
        errors.push(
          `${at}.${k}: must be a${required ? ' non-empty' : ''} string of at most ${max} characters`,
        );
    };
    str('id', true, 128);
    if (typeof o.id === 'string' && o.id && !ID_RE.test(o.id))
      errors.push(`${at}.id: letters, digits and . _ : - only`);
    if (typeof o.id === 'string') {
      if (ids.has(o.id)) errors.push(`${at}.id: duplicate id "${o.id}"`);
      ids.add(o.id);
    }
    str('name', true);
    if (typeof o.name === 'string' && o.name.trim() && nameKeys(o.name).length === 0)
      errors.push(`${at}.name: must contain letters or digits`);
    if (!KINDS.includes(o.kind as PlaceKind)) errors.push(`${at}.kind: must be one of ${KINDS.join(', ')}`);
    str('province', true);
    str('country', true);
    str('neighbor', false);
    if (o.kind === 'border_crossing' && (typeof o.neighbor !== 'string' || !o.neighbor.trim()))
      errors.push(`${at}.neighbor: required for a border_crossing (the country on the other side)`);
    const num = (k: string, lim: number) => {
      const v = o[k];
      if (v === undefined) return;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < -lim || v > lim)
        errors.push(`${at}.${k}: must be a number between -${lim} and ${lim}`);
    };
    num('lat', 90);
    num('lon', 180);
    if ((o.lat === undefined) !== (o.lon === undefined)) errors.push(`${at}: lat and lon go together`);
    for (const k of ['aliases', 'provinceAliases']) {
      const v = o[k];
      if (v === undefined) continue;
      if (!Array.isArray(v)) errors.push(`${at}.${k}: must be an array of strings`);
      else
        v.forEach((a, j) => {
          if (typeof a !== 'string' || !a.trim() || a.length > 200 || nameKeys(a).length === 0)
            errors.push(`${at}.${k}[${j}]: must be a non-empty name`);
        });
    }
    if (errors.length === before) {
      const p: PlaceEntry = {
        id: o.id as string,
        name: (o.name as string).trim(),
        kind: o.kind as PlaceKind,
        province: (o.province as string).trim(),
        country: (o.country as string).trim(),
      };
      if (typeof o.neighbor === 'string' && o.neighbor.trim()) p.neighbor = o.neighbor.trim();
      if (typeof o.lat === 'number' && typeof o.lon === 'number') {
        p.lat = o.lat;
        p.lon = o.lon;
      }
      if (Array.isArray(o.aliases)) p.aliases = (o.aliases as string[]).map((s) => s.trim());
      if (Array.isArray(o.provinceAliases))
        p.provinceAliases = (o.provinceAliases as string[]).map((s) => s.trim());
      places.push(p);
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, places };
}

export const DEFAULT_PLACES: PlaceEntry[] = (afghanistan as { places: PlaceEntry[] }).places;
export const COUNTRIES: CountryInfo[] = (countriesData as { countries: CountryInfo[] }).countries;

const provinceKeyOf = (country: string, province: string) =>
  `${country.toLowerCase()}|${nameKeys(province).join(' ')}`;

/**
 * Compiles the default Afghanistan gazetteer plus `extraPlaces` (operator places, e.g. other
 * countries). An extra place with the id of a default one replaces it. Throws on invalid entries
 * (validate operator files with validatePlaceEntries first to show the errors to a person).
 */
export function buildGazetteer(extraPlaces: PlaceEntry[] = [], options: GazetteerOptions = {}): Gazetteer {
  if (extraPlaces.length) {
    const v = validatePlaceEntries(extraPlaces);
    if (!v.ok)
      throw new Error(
        `invalid places: ${v.errors.slice(0, 5).join('; ')}${v.errors.length > 5 ? ` (+${v.errors.length - 5} more)` : ''}`,
      );
  }
  const merged = new Map<string, PlaceEntry>();
  // Operator places first so that they win ties on a shared spelling.
  for (const p of extraPlaces) merged.set(p.id, p);
  for (const p of DEFAULT_PLACES) if (!merged.has(p.id)) merged.set(p.id, p);
  const world = options.world ?? true;
  const worldData = world === true ? loadWorldData() : world || undefined;
  const worldIds = new Set<string>();
  if (worldData) {
    // An operator (or curated) place of the same country and name as a world place replaces it:
    // one place, under the operator's id.
    const codeOf = new Map<string, string>();
    for (const c of worldData.countries)
      for (const n of [c.name, ...c.aliases]) codeOf.set(foldName(n), c.code);
    const placeKey = (country: string, name: string) =>
      `${codeOf.get(foldName(country)) ?? foldName(country)}|${foldName(name)}`;
    const named = new Set<string>();
    for (const p of merged.values())
      for (const n of [p.name, ...(p.aliases ?? [])]) named.add(placeKey(p.country, n));
    for (const p of worldData.places)
      if (
        !merged.has(p.id) &&
        ![p.name, ...(p.aliases ?? [])].some((n) => named.has(placeKey(p.country, n)))
      ) {
        merged.set(p.id, p);
        worldIds.add(p.id);
      }
  }
  const countries = worldData?.countries ?? COUNTRIES;
  const countryKeys = new Set<string>();
  for (const c of countries)
    for (const n of [c.name, ...c.aliases, ...c.demonyms]) countryKeys.add(foldName(n));

  const automaton = new TokenAutomaton<GazPayload>();
  const places: GazPlace[] = [];
  const byId = new Map<string, GazPlace>();
  const provinces = new Map<string, GazProvince>();
  const provinceAliasKeys = new Map<string, Set<string>>();

  let rank = 0;
  for (const e of merged.values()) {
    const pk = provinceKeyOf(e.country, e.province);
    const loc: GazPlace = {
      id: e.id,
      name: e.name,
      kind: e.kind,
      province: e.province,
      country: e.country,
      aliases: e.aliases ?? [],
      provinceKey: pk,
      sharesProvinceName: false,
      rank: rank++,
      nameKeys: worldIds.has(e.id)
        ? worldNameKeys(e as WorldPlaceEntry, countryKeys)
        : [e.name, ...(e.aliases ?? [])].map((n) => nameKeys(n).join(' ')),
    };
    if (worldIds.has(e.id)) {
      const w = e as WorldPlaceEntry;
      loc.countryCode = w.countryCode;
      loc.ambiguous = w.ambiguous;
      loc.multiCountry = w.multiCountry;
      loc.national = w.national;
    }
    if (e.neighbor) loc.neighbor = e.neighbor;
    if (e.lat !== undefined && e.lon !== undefined) {
      loc.lat = e.lat;
      loc.lon = e.lon;
    }
    places.push(loc);
    byId.set(loc.id, loc);
    if (e.province) {
      let prov = provinces.get(pk);
      if (!prov) {
        prov = { key: pk, name: e.province, country: e.country };
        provinces.set(pk, prov);
        provinceAliasKeys.set(pk, new Set());
      }
      if (e.kind === 'provincial_capital' && !prov.capital) prov.capital = loc;
      const ks = provinceAliasKeys.get(pk)!;
      if (worldIds.has(e.id) && worldData) {
        for (const k of worldProvinceKeys(e, worldData, countryKeys)) ks.add(k);
      } else {
        ks.add(nameKeys(e.province).join(' '));
        for (const a of e.provinceAliases ?? []) ks.add(nameKeys(a).join(' '));
      }
    }
  }
  const provinceNameKeys = new Set<string>();
  for (const [pk, keys] of provinceAliasKeys) {
    const prov = provinces.get(pk)!;
    const payload: GazPayload = { type: 'province', province: prov };
    for (const k of keys) {
      automaton.add(k.split(' '), payload);
      provinceNameKeys.add(`${pk}#${k}`);
    }
  }
  for (const p of places) {
    const payload: GazPayload = { type: 'place', place: p };
    const keyLists = worldIds.has(p.id)
      ? p.nameKeys.map((k) => k.split(' '))
      : [p.name, ...p.aliases].map(nameKeys);
    for (const keys of keyLists) {
      automaton.add(keys, payload);
      if (p.kind === 'provincial_capital' && provinceNameKeys.has(`${p.provinceKey}#${keys.join(' ')}`))
        p.sharesProvinceName = true;
    }
  }
  const countryByName = new Map<string, CountryInfo>();
  const countryByDemonym = new Map<string, CountryInfo>();
  for (const c of countries) {
    for (const d of c.demonyms) if (!countryByDemonym.has(foldName(d))) countryByDemonym.set(foldName(d), c);
    for (const n of [c.name, ...c.aliases]) {
      automaton.add(nameKeys(n), { type: 'country', country: c, demonym: false });
      countryByName.set(nameKeys(n).join(' '), c);
    }
    for (const d of c.demonyms) automaton.add(nameKeys(d), { type: 'country', country: c, demonym: true });
  }
  automaton.build();
  const crossingsByProvince = new Map<string, GazPlace[]>();
  for (const p of places) {
    if (p.kind !== 'border_crossing') continue;
    const list = crossingsByProvince.get(p.provinceKey) ?? [];
    list.push(p);
    crossingsByProvince.set(p.provinceKey, list);
  }
  return {
    places,
    byId,
    provinces,
    countries,
    countryByName,
    automaton,
    crossingsByProvince,
    countryByDemonym,
    ambiguousKeys: worldData?.ambiguousKeys ?? new Set(),
    world: !!worldData,
  };
}

/** A world place's keys: every folded variant of its name and aliases, less those that name a country ("Djibouti"). */
function worldNameKeys(e: WorldPlaceEntry, countryKeys: Set<string>): string[] {
  const keys = e.keys;
  const kept = keys.filter((k) => !countryKeys.has(k));
  return kept.length ? kept : keys.filter((k) => k.includes(' '));
}

/**
 * A world division's keys: its names with and without a division word ("Idlib", "Idlib
 * Governorate"), less bare names that are generic ("Centre", "Bay"), name a country ("Somali") or
 * name a capital of another country (Mozambique's "Gaza"); those keep only the "X region" forms.
 */
function worldProvinceKeys(e: PlaceEntry, world: WorldData, countryKeys: Set<string>): string[] {
  const out = new Set<string>();
  for (const n of [e.province, ...(e.provinceAliases ?? [])])
    for (const k of divisionVariants(n, e.name)) {
      const bare = !k.includes(' ') || !/ (region|province|state|governorate|oblast)$/.test(k);
      if (world.neverAlone.has(k)) continue;
      if (bare && (world.provinceStop.has(k) || world.ambiguousKeys.has(k) || countryKeys.has(k))) continue;
      out.add(k);
    }
  return [...out];
}

/** The default gazetteer (the world and Afghanistan's file), built on first use and cached. */
export function getDefaultGazetteer(): Gazetteer {
  return getWorldGazetteer();
}

let worldGazetteer: Gazetteer | undefined;
/** Afghanistan plus the world's first-order capitals, built on first use and cached. */
export function getWorldGazetteer(): Gazetteer {
  if (!worldGazetteer) worldGazetteer = buildGazetteer([], { world: true });
  return worldGazetteer;
}

export function countryByAnyName(gaz: Gazetteer, name: string): CountryInfo | undefined {
  const k = nameKeys(name).join(' ');
  return gaz.countryByName.get(k) ?? gaz.countryByDemonym.get(k);
}

/** The country of a place (by code for world places, else by its country name). */
export function countryOfPlace(gaz: Gazetteer, place: GazPlace): CountryInfo | undefined {
  const byName = gaz.countryByName.get(foldName(place.country));
  if (byName || !place.countryCode) return byName;
  return gaz.countries.find((x) => x.code === place.countryCode);
}

/** Whether a place matched under `key` (foldName of the matched text) needs context to count. */
export function needsContext(gaz: Gazetteer, place: GazPlace, key: string): boolean {
  return !!place.ambiguous || gaz.ambiguousKeys.has(key);
}
