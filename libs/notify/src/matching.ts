import {
  normalizeName,
  severityRank,
  statusRank,
  type Alert,
  type EventStatus,
  type Severity,
  type SubscriptionFilter,
} from '@watchfire/contracts';

/** What matching needs from a subscription. */
export interface Matchable {
  id: string;
  filter?: SubscriptionFilter;
}

/** The facts of an alert that subscription filters test. */
export interface AlertFacts {
  type: string;
  locationId: string;
  province: string;
  country: string;
  neighbor?: string;
  severity: Severity;
  ruleIds: readonly string[];
  /** Absent: a filter's minStatus is not applied. */
  status?: EventStatus;
}

export function alertFacts(
  alert: Pick<Alert, 'type' | 'location' | 'severity' | 'rules'> & Partial<Pick<Alert, 'status'>>,
): AlertFacts {
  return {
    type: alert.type,
    locationId: alert.location.id,
    province: alert.location.province,
    country: alert.location.country,
    neighbor: alert.location.neighbor,
    severity: alert.severity,
    ruleIds: alert.rules.map((r) => r.id),
    ...(alert.status ? { status: alert.status } : {}),
  };
}

/**
 * The reference semantics: every given criterion must hold (AND), a list matches when any of its
 * values does (OR). No filter, or an empty one, matches every alert. Place names compare
 * normalised (case, diacritics, hyphens); ids and event types compare exactly.
 */
export function matchesFilter(filter: SubscriptionFilter | undefined, facts: AlertFacts): boolean {
  if (!filter) return true;
  if (filter.eventTypes && !filter.eventTypes.includes(facts.type)) return false;
  if (filter.locationIds && !filter.locationIds.includes(facts.locationId)) return false;
  if (filter.provinces && !placeIn(filter.provinces, facts.province)) return false;
  if (filter.countries && !placeIn(filter.countries, facts.country)) return false;
  if (filter.neighbors && (facts.neighbor === undefined || !placeIn(filter.neighbors, facts.neighbor)))
    return false;
  if (filter.minSeverity && severityRank(facts.severity) < severityRank(filter.minSeverity)) return false;
  if (filter.ruleIds && !filter.ruleIds.some((id) => facts.ruleIds.includes(id))) return false;
  if (filter.minStatus && facts.status && !statusAtLeast(facts.status, filter.minStatus)) return false;
  return true;
}

/**
 * claimed < reported < confirmed. A denial always passes: whoever follows a place wants to know
 * that what was said about it is disputed.
 */
export function statusAtLeast(
  status: EventStatus,
  min: NonNullable<SubscriptionFilter['minStatus']>,
): boolean {
  return status === 'denied' || statusRank(status) >= statusRank(min);
}

function placeIn(list: readonly string[], value: string): boolean {
  const v = normalizeName(value);
  return list.some((x) => normalizeName(x) === v);
}

/**
 * Dimensions in order of expected selectivity: each subscription is indexed under exactly one of
 * them (its "access predicate", the most selective criterion it has), and the rest of its filter
 * is checked only on the few candidates that lookup returns. A subscription that lists
 * `countries: [Afghanistan], provinces: [Badghis]` is found through Badghis only, so an alert in
 * Herat never even looks at it — the cost per alert is the number of plausible candidates, not
 * the number of subscribers.
 */
const DIMENSIONS = ['locationIds', 'provinces', 'neighbors', 'ruleIds', 'countries', 'eventTypes'] as const;
type Dimension = (typeof DIMENSIONS)[number];

const keysOf = (dim: Dimension, filter: SubscriptionFilter): string[] | undefined => {
  const list = filter[dim];
  if (!list) return undefined;
  return dim === 'provinces' || dim === 'countries' || dim === 'neighbors'
    ? list.map(normalizeName)
    : [...list];
};

function factKeys(dim: Dimension, facts: AlertFacts): string[] {
  switch (dim) {
    case 'locationIds':
      return [facts.locationId];
    case 'provinces':
      return [normalizeName(facts.province)];
    case 'countries':
      return [normalizeName(facts.country)];
    case 'neighbors':
      return facts.neighbor === undefined ? [] : [normalizeName(facts.neighbor)];
    case 'ruleIds':
      return [...new Set(facts.ruleIds)];
    case 'eventTypes':
      return [facts.type];
  }
}

type Slot =
  { kind: 'dim'; dim: Dimension; keys: string[] } | { kind: 'severity'; rank: number } | { kind: 'all' };

/**
 * An inverted index of subscriptions. `match` returns exactly what a scan with `matchesFilter`
 * over every subscription would return (property-tested against it), in a cost proportional to
 * the candidates that share the alert's most selective facts.
 */
export class SubscriptionIndex<T extends Matchable> {
  private readonly items = new Map<string, { item: T; slot: Slot }>();
  private readonly postings = new Map<Dimension, Map<string, Set<string>>>(
    DIMENSIONS.map((d) => [d, new Map()]),
  );
  /** Subscriptions whose only criterion is a severity threshold, by threshold rank. */
  private readonly bySeverity: Set<string>[] = [];
  /** Subscriptions with no criterion at all: they match every alert. */
  private readonly unfiltered = new Set<string>();

  get size(): number {
    return this.items.size;
  }

  get(id: string): T | undefined {
    return this.items.get(id)?.item;
  }

  values(): IterableIterator<T> {
    const it = this.items.values();
    return (function* () {
      for (const e of it) yield e.item;
    })();
  }

  /** Adds or replaces a subscription (by id). */
  upsert(item: T): void {
    this.remove(item.id);
    const slot = this.slotFor(item.filter);
    this.items.set(item.id, { item, slot });
    if (slot.kind === 'all') this.unfiltered.add(item.id);
    else if (slot.kind === 'severity') (this.bySeverity[slot.rank] ??= new Set()).add(item.id);
    else {
      const map = this.postings.get(slot.dim)!;
      for (const k of slot.keys) {
        let set = map.get(k);
        if (!set) map.set(k, (set = new Set()));
        set.add(item.id);
      }
    }
  }

  remove(id: string): boolean {
    const entry = this.items.get(id);
    if (!entry) return false;
    this.items.delete(id);
    const { slot } = entry;
    if (slot.kind === 'all') this.unfiltered.delete(id);
    else if (slot.kind === 'severity') this.bySeverity[slot.rank]?.delete(id);
    else {
      const map = this.postings.get(slot.dim)!;
      for (const k of slot.keys) {
        const set = map.get(k);
        if (set) {
          set.delete(id);
          if (set.size === 0) map.delete(k);
        }
      }
    }
    return true;
  }

  clear(): void {
    for (const id of [...this.items.keys()]) this.remove(id);
  }

  /** Every indexed subscription whose filter holds for the alert, in no particular order. */
  match(
    alert:
      AlertFacts | (Pick<Alert, 'type' | 'location' | 'severity' | 'rules'> & Partial<Pick<Alert, 'status'>>),
  ): T[] {
    const facts: AlertFacts = 'locationId' in alert ? alert : alertFacts(alert);
    const out: T[] = [];
    // Each subscription sits in exactly one slot, under distinct keys. Only a multi-valued fact
    // (an alert fired by several rules) can reach one subscription through two keys.
    let seen: Set<string> | undefined;
    const consider = (id: string, verify: boolean) => {
      if (seen) {
        if (seen.has(id)) return;
        seen.add(id);
      }
      const e = this.items.get(id)!;
      if (!verify || matchesFilter(e.item.filter, facts)) out.push(e.item);
    };
    // minStatus is not an index dimension (three values, rarely selective): a subscription that
    // has one is verified even where its slot alone would decide.
    const needsCheck = (id: string) => this.items.get(id)!.item.filter?.minStatus !== undefined;
    for (const id of this.unfiltered) consider(id, needsCheck(id));
    const rank = severityRank(facts.severity);
    for (let r = 0; r <= rank; r++) for (const id of this.bySeverity[r] ?? []) consider(id, needsCheck(id));
    for (const dim of DIMENSIONS) {
      const map = this.postings.get(dim)!;
      if (map.size === 0) continue;
      const keys = factKeys(dim, facts);
      seen = keys.length > 1 ? new Set() : undefined;
      for (const k of keys) for (const id of map.get(k) ?? []) consider(id, true);
    }
    return out;
  }

  private slotFor(filter: SubscriptionFilter | undefined): Slot {
    if (filter) {
      for (const dim of DIMENSIONS) {
        const keys = keysOf(dim, filter);
        if (keys) return { kind: 'dim', dim, keys: [...new Set(keys)] };
      }
      if (filter.minSeverity) return { kind: 'severity', rank: severityRank(filter.minSeverity) };
    }
    return { kind: 'all' };
  }
}
