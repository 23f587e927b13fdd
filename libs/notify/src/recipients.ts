import type { SubscriptionRecord } from '@watchfire/contracts';

type Sub = Pick<SubscriptionRecord, 'id' | 'email' | 'filter' | 'delivery' | 'createdAt'>;

/** The address as mail systems compare it in practice: case-insensitively. */
export const addressKey = (email: string): string => email.trim().toLowerCase();

/** A filter in a canonical form: keys sorted, list values case-folded and sorted; no filter = {}. */
export function filterKey(filter: Sub['filter']): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v))
      return v.map((x) => (typeof x === 'string' ? x.trim().toLowerCase() : canon(x))).sort();
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, x]) => [k, canon(x)]),
      );
    return typeof v === 'string' ? v.trim().toLowerCase() : v;
  };
  return JSON.stringify(canon(filter ?? {}));
}

/** Same address, same filter, same delivery mode: a second one would only send everything twice. */
export const sameSubscription = (a: Sub, b: Pick<Sub, 'email' | 'filter' | 'delivery'>): boolean =>
  addressKey(a.email) === addressKey(b.email) &&
  a.delivery === b.delivery &&
  filterKey(a.filter) === filterKey(b.filter);

/**
 * One subscription per address among those an alert matched, so an address with several matching
 * subscriptions still gets one e-mail of an alert revision: an immediate one if any (it arrives
 * first; a digest would repeat it), otherwise the oldest digest subscription.
 */
export function onePerAddress<S extends Sub>(subs: readonly S[]): S[] {
  const chosen = new Map<string, S>();
  for (const s of subs) {
    const key = addressKey(s.email);
    const cur = chosen.get(key);
    if (!cur || better(s, cur)) chosen.set(key, s);
  }
  return subs.length === chosen.size ? [...subs] : [...chosen.values()];
}

function better(a: Sub, b: Sub): boolean {
  const ai = a.delivery === 'immediate';
  const bi = b.delivery === 'immediate';
  if (ai !== bi) return ai;
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}
