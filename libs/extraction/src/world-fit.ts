/**
 * Country fit for world places. A world capital whose name is a common word or given name
 * ("Victoria"), is shared by several countries ("Tripoli", "Palma") or is a national capital that
 * stands for its government ("Washington", "Moscow") is only that place when the report is about
 * its country. The report's country here is read from what needs no such check: the other
 * gazetteer places and provinces it names, and the countries it names outright (not demonyms,
 * which often name the other side). Without such evidence nothing is dropped.
 */
import type { CountryInfo, GazPlace, GazProvince } from './gazetteer';

/** The fields of a place mention this check reads (places.ts PlaceMention). */
interface MentionLike {
  kind: string;
  place?: { country: string } | GazPlace;
  province?: GazProvince;
  country?: CountryInfo;
  demonym?: boolean;
}

/** Whether a place needs its country to fit the report (world places flagged by the gazetteer). */
export function needsCountryFit(place: MentionLike['place']): boolean {
  if (!place || !('countryCode' in place) || !place.countryCode) return false;
  return !!(place.ambiguous || place.multiCountry || place.national);
}

/** A place whose own country is in doubt: its name is shared by several countries, or stands for a government. */
export function countryInDoubt(place: MentionLike['place']): boolean {
  return !!place && 'countryCode' in place && !!place.countryCode && !!(place.multiCountry || place.national);
}

/**
 * Countries the report is about, with weights: places whose country is not in doubt (a name that
 * is a common word still says which country it is in, once read), provinces, and country names.
 */
export function reportCountries(mentions: MentionLike[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (c: string | undefined, w: number) => {
    if (c && c !== 'unknown') counts.set(c, (counts.get(c) ?? 0) + w);
  };
  for (const m of mentions) {
    if ((m.kind === 'place' || m.kind === 'coref') && m.place && !countryInDoubt(m.place))
      add(m.place.country, 2);
    else if (m.kind === 'province' && m.province) add(m.province.country, 2);
    else if (m.kind === 'country' && m.country && !m.demonym) add(m.country.name, 1);
  }
  return counts;
}

/**
 * Removes, in place, mentions of flagged world places whose country the report is not about
 * (the best-supported country, or any within half its weight). Returns whether any was removed.
 */
export function dropUnfitWorldPlaces(mentions: MentionLike[]): boolean {
  if (!mentions.some((m) => needsCountryFit(m.place))) return false;
  // A place is no evidence for itself ("Amara" must not vouch for Iraq's Amarah): judge each
  // flagged place on the other mentions.
  const verdict = new Map<unknown, boolean>();
  const fits = (place: NonNullable<MentionLike['place']>) => {
    let ok = verdict.get(place);
    if (ok === undefined) {
      const counts = reportCountries(mentions.filter((m) => m.place !== place));
      const top = counts.size ? Math.max(...counts.values()) : 0;
      ok = !counts.size || (counts.get(place.country) ?? 0) * 2 >= top;
      verdict.set(place, ok);
    }
    return ok;
  };
  let w = 0;
  for (const m of mentions) if (!needsCountryFit(m.place) || fits(m.place!)) mentions[w++] = m;
  const removed = w < mentions.length;
  mentions.length = w;
  return removed;
}
