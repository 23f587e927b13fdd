import { createHash } from 'node:crypto';
import {
  type Alert,
  type AlertGroupState,
  type EventStatus,
  normalizeName,
  type RuleThresholdState,
  type Severity,
  severityRank,
  type WatchfireEvent,
} from '@watchfire/contracts';
import type { CompiledThreshold } from './compile';
import { DEFAULT_GROUP_WINDOW_MS, parseDuration, toIso, toMs } from './duration';
import { fieldValue } from './fields';

/**
 * Grouping (Alertmanager's group_by, ElastAlert's realert and frequency rules) as a pure reducer:
 * `reduceEvent(state, event, matchedRules, now) -> { state, alert? }`. Time is an input.
 *
 * Semantics, in order:
 * - Group key `${type}|${location.id}`. A group lives for a fixed window from its first report
 *   (the largest `groupWindow` among the rules that opened it; default 72h). Reports of the same
 *   type and place inside the window are one real-world event: one alert id (stable: derived from
 *   the key and the window start), one corroboration count, one list of sources.
 * - Idempotent: a report already counted in the group (redelivery, reprocessing) changes nothing.
 * - An event that matches no rule opens no group, but if its group already alerted it still
 *   counts: a later "denied" report (which default rules exclude) updates the alert subscribers got.
 * - Status only moves up in certainty (claimed < reported < confirmed): a later "reported" does not
 *   downgrade a confirmed event. "denied" is always a change, and so is anything after a denial.
 *   A different actor is a change. A higher severity (a more severe rule fired) is a change.
 * - A change makes an update (revision+1, kind "update", `changes` as text). Corroboration alone
 *   (another source repeating the same facts) updates the state, and the next revision carries the
 *   new count and sources, but does not re-notify: that is the "once per event, not once per
 *   article" promise.
 * - realert: an alert is held back when every rule in it has a `realert` and alerted less than that
 *   long ago; the held changes are sent with the next alert.
 * - threshold: a rule with a threshold fires once its matching events in the group within `within`
 *   reach `count` (distinct values of `distinct` when given, e.g. `report.source` = N independent
 *   sources); it fires once per group window. Thresholds whose `distinct` field is constant within a
 *   group (type, location.*) count across groups: see thresholdScope / reduceRuleThreshold.
 */

export interface GroupRule {
  id: string;
  name: string;
  severity: Severity;
  realertMs?: number;
  groupWindowMs?: number;
  threshold?: CompiledThreshold;
  spec?: { realert?: string };
}

export type GroupOutcome =
  | 'ignored' // matched no rule and no group is open
  | 'duplicate' // report already counted
  | 'pending' // recorded; threshold not reached yet
  | 'recorded' // recorded (corroboration); nothing to notify
  | 'throttled' // a change held back by realert
  | 'new'
  | 'update';

export interface ReduceResult {
  /** The group's state after the event (undefined: no group). */
  state: AlertGroupState | undefined;
  /** True when `state` differs from the input and must be written to the changelog. */
  changed: boolean;
  alert?: Alert;
  outcome: GroupOutcome;
}

export interface GroupingOptions {
  defaultWindowMs?: number;
}

const MAX_REPORT_IDS = 500;
const MAX_SOURCES = 100;
const MAX_THRESHOLD_MATCHES = 10_000;
const MAX_PENDING = 20;
const MAX_ALERT_RULES = 100;

export const groupKeyOf = (e: Pick<WatchfireEvent, 'type' | 'location'>): string =>
  `${e.type}|${e.location.id}`;

/** The alert id of a group window: stable across revisions, restarts and instances. */
export function alertIdFor(key: string, windowStart: string): string {
  return `a-${createHash('sha256').update(`${key}|${windowStart}`).digest('hex').slice(0, 24)}`;
}

const CERTAINTY: Record<Exclude<EventStatus, 'denied'>, number> = { claimed: 1, reported: 2, confirmed: 3 };

/** The group's status after a report with `next`: certainty only goes up; a denial (and what follows it) always counts. */
export function mergeStatus(current: EventStatus, next: EventStatus): EventStatus {
  if (next === current) return current;
  if (next === 'denied' || current === 'denied') return next;
  return CERTAINTY[next] > CERTAINTY[current] ? next : current;
}

/** Whether a threshold counts within one group or across groups (its distinct field is the same for the whole group). */
export function thresholdScope(t: CompiledThreshold): 'group' | 'rule' {
  return t.distinct && (t.distinct === 'type' || t.distinct.startsWith('location.')) ? 'rule' : 'group';
}

const maxSeverity = (xs: Severity[]): Severity | undefined =>
  xs.reduce<Severity | undefined>(
    (m, s) => (m === undefined || severityRank(s) > severityRank(m) ? s : m),
    undefined,
  );

function realertOf(r: GroupRule): string | undefined {
  return r.spec?.realert;
}

/**
 * The realert decision, in one place: a rule that notified at `notifiedAt` with a `realert`
 * duration stays quiet until that duration has passed. It decides what a new window carries over,
 * whether a revision is throttled, and whether an expired group may be deleted.
 */
function realertHolds(r: { notifiedAt?: string; realert?: string }, nowMs: number): boolean {
  return !!(r.notifiedAt && r.realert && Date.parse(r.notifiedAt) + parseDuration(r.realert) > nowMs);
}

/**
 * The grouping reducer, as named stages: open (or continue) the group's window, record the report,
 * note what changed about the real-world event, decide which rules fire, then whether to alert
 * (realert may hold the revision back) and build the alert.
 */
export function reduceEvent(
  prev: AlertGroupState | undefined,
  event: WatchfireEvent,
  matched: readonly GroupRule[],
  now: number | string | Date,
  opts: GroupingOptions = {},
): ReduceResult {
  const nowMs = toMs(now);
  const key = groupKeyOf(event);
  if (prev && prev.key !== key) throw new Error(`state for ${prev.key} passed with an event of ${key}`);
  if (prev?.reportIds.includes(event.reportId)) return { state: prev, changed: false, outcome: 'duplicate' };

  const expired = prev !== undefined && nowMs >= Date.parse(prev.windowEndsAt);
  if ((!prev || expired) && matched.length === 0) return { state: prev, changed: false, outcome: 'ignored' };
  const state = !prev || expired ? openWindow(prev, event, matched, nowMs, opts) : structuredClone(prev);

  recordReport(state, event, nowMs);
  const changes = changesOf(state, event);
  const anyPending = fireRules(state, event, matched, nowMs);

  const fired = Object.entries(state.rules).filter(([, r]) => r.firedAt);
  if (fired.length === 0) return { state, changed: true, outcome: anyPending ? 'pending' : 'recorded' };

  const severity = maxSeverity(fired.map(([, r]) => r.severity ?? 'info'))!;
  if (state.revision > 0 && state.severity && severityRank(severity) > severityRank(state.severity)) {
    changes.push(`severity: ${state.severity} -> ${severity}`);
  }

  const all = state.revision > 0 ? [...(state.pendingChanges ?? []), ...changes] : [];
  if (state.revision > 0 && all.length === 0) return { state, changed: true, outcome: 'recorded' };

  if (fired.every(([, r]) => realertHolds(r, nowMs))) {
    if (all.length) state.pendingChanges = all.slice(-MAX_PENDING);
    return { state, changed: true, outcome: 'throttled' };
  }

  const nowIso = toIso(nowMs);
  state.revision += 1;
  state.severity = severity;
  state.lastAlertAt = nowIso;
  delete state.pendingChanges;
  for (const [, r] of fired) r.notifiedAt = nowIso;
  const alert = buildAlert(state, event, fired, severity, all, nowIso);
  return { state, changed: true, alert, outcome: alert.kind };
}

/** A new window for the group; realert spans windows, so it keeps when each rule last alerted. */
function openWindow(
  prev: AlertGroupState | undefined,
  event: WatchfireEvent,
  matched: readonly GroupRule[],
  nowMs: number,
  opts: GroupingOptions,
): AlertGroupState {
  const nowIso = toIso(nowMs);
  const key = groupKeyOf(event);
  const windowMs = Math.max(
    ...matched.map((r) => r.groupWindowMs ?? opts.defaultWindowMs ?? DEFAULT_GROUP_WINDOW_MS),
  );
  const carried: AlertGroupState['rules'] = {};
  for (const [id, r] of Object.entries(prev?.rules ?? {})) {
    if (realertHolds(r, nowMs)) {
      carried[id] = {
        matches: [],
        notifiedAt: r.notifiedAt,
        realert: r.realert,
        ...(r.name ? { name: r.name } : {}),
        ...(r.severity ? { severity: r.severity } : {}),
      };
    }
  }
  return {
    key,
    alertId: alertIdFor(key, nowIso),
    revision: 0,
    type: event.type,
    locationId: event.location.id,
    status: event.status,
    ...(event.actor ? { actor: event.actor } : {}),
    firstSeenAt: nowIso,
    lastSeenAt: nowIso,
    windowEndsAt: toIso(nowMs + windowMs),
    reportIds: [],
    corroboration: 0,
    sources: [],
    rules: carried,
  };
}

/** Counts the report towards the group (bounded lists of report ids and sources). */
function recordReport(state: AlertGroupState, event: WatchfireEvent, nowMs: number): void {
  state.reportIds.push(event.reportId);
  if (state.reportIds.length > MAX_REPORT_IDS)
    state.reportIds.splice(0, state.reportIds.length - MAX_REPORT_IDS);
  state.corroboration = (state.corroboration ?? state.reportIds.length - 1) + 1;
  if (state.sources.length < MAX_SOURCES) {
    state.sources.push({
      reportId: event.reportId,
      source: event.report?.source ?? 'unknown',
      ...(event.report?.title ? { title: event.report.title } : {}),
      ...(event.report?.url ? { url: event.report.url } : {}),
      ...(event.report?.publishedAt ? { publishedAt: event.report.publishedAt } : {}),
      status: event.status,
    });
  }
  state.lastSeenAt = toIso(nowMs);
}

/** What changed about the real-world event (status certainty, actor), applied to the state. */
function changesOf(state: AlertGroupState, event: WatchfireEvent): string[] {
  const changes: string[] = [];
  const status = mergeStatus(state.status, event.status);
  if (status !== state.status) {
    changes.push(`status: ${state.status} -> ${status}`);
    state.status = status;
  }
  if (event.actor && (!state.actor || normalizeName(event.actor) !== normalizeName(state.actor))) {
    changes.push(`actor: ${state.actor ?? '(unknown)'} -> ${event.actor}`);
    state.actor = event.actor;
  }
  return changes;
}

/** Marks the rules that fire: plain rules at once, group thresholds when reached. True when a threshold is still pending. */
function fireRules(
  state: AlertGroupState,
  event: WatchfireEvent,
  matched: readonly GroupRule[],
  nowMs: number,
): boolean {
  const nowIso = toIso(nowMs);
  let anyPending = false;
  for (const r of matched) {
    const rec = (state.rules[r.id] ??= { matches: [] });
    rec.name = r.name;
    rec.severity = r.severity;
    const realert = realertOf(r);
    if (realert) rec.realert = realert;
    else delete rec.realert;
    if (rec.firedAt) continue;
    if (r.threshold && thresholdScope(r.threshold) === 'group') {
      const t = r.threshold;
      const value = t.distinct ? fieldValue(event, t.distinct) : undefined;
      rec.matches.push({
        at: nowIso,
        ...(value !== undefined ? { value: String(value).slice(0, 400) } : {}),
      });
      const since = nowMs - t.withinMs;
      rec.matches = rec.matches.filter((m) => Date.parse(m.at) > since).slice(-MAX_THRESHOLD_MATCHES);
      const n = t.distinct
        ? new Set(rec.matches.map((m) => (m.value === undefined ? '\u0000' : normalizeName(m.value)))).size
        : rec.matches.length;
      if (n < t.count) {
        anyPending = true;
        continue;
      }
      rec.matches = [];
    }
    rec.firedAt = nowIso;
  }
  return anyPending;
}

function buildAlert(
  state: AlertGroupState,
  event: WatchfireEvent,
  fired: [string, AlertGroupState['rules'][string]][],
  severity: Severity,
  changes: string[],
  nowIso: string,
): Alert {
  const { reportText: _text, ...eventWithoutText } = event;
  const rules = fired
    .map(([id, r]) => ({ id, name: r.name ?? id, severity: r.severity ?? 'info' }))
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
    .slice(0, MAX_ALERT_RULES);
  return {
    id: state.alertId,
    revision: state.revision,
    kind: state.revision === 1 ? 'new' : 'update',
    changes: state.revision === 1 ? [] : changes.slice(-20),
    type: state.type,
    location: event.location,
    status: state.status,
    ...(state.actor ? { actor: state.actor } : {}),
    ...(event.eventDate ? { eventDate: event.eventDate } : {}),
    severity,
    rules,
    event: eventWithoutText,
    corroboration: {
      count: state.corroboration ?? state.reportIds.length,
      sources: state.sources.slice(0, MAX_SOURCES),
    },
    firstSeenAt: state.firstSeenAt,
    lastSeenAt: state.lastSeenAt,
    createdAt: nowIso,
    silenced: false,
  };
}

/** A group whose window has closed and that no longer holds a realert: safe to delete (tombstone). */
export function isGroupExpired(state: AlertGroupState, now: number | string | Date): boolean {
  const nowMs = toMs(now);
  if (nowMs < Date.parse(state.windowEndsAt)) return false;
  return !Object.values(state.rules).some((r) => realertHolds(r, nowMs));
}

export const ruleThresholdKey = (ruleId: string, partition: number): string =>
  `threshold|${ruleId}|p${partition}`;

/**
 * A threshold that counts across groups (distinct by a field constant within a group, as in "3
 * distinct crossings to Iran within 24h"). Events are partitioned by place, so each events
 * partition keeps its own count for the rule (`state`, written by the partition's owner) and the
 * decision adds what the other partitions have recorded (`others`). The rule fires once per
 * `within` window across all partitions.
 */
export function reduceRuleThreshold(
  prev: RuleThresholdState | undefined,
  event: WatchfireEvent,
  rule: GroupRule & { threshold: CompiledThreshold },
  partition: number,
  now: number | string | Date,
  others: readonly RuleThresholdState[] = [],
): { state: RuleThresholdState; reached: boolean; duplicate: boolean } {
  const nowMs = toMs(now);
  const t = rule.threshold;
  const since = nowMs - t.withinMs;
  const v = valueOf(event, t);
  const seen = prev?.matches.find((m) => m.reportId === event.reportId && m.value === v);
  // A redelivered event: reached again only if it was the one that fired (its alert may not have been written).
  if (seen)
    return {
      state: prev!,
      reached: prev!.firedAt !== undefined && prev!.firedAt === seen.at,
      duplicate: true,
    };
  const state: RuleThresholdState = prev
    ? structuredClone(prev)
    : {
        kind: 'rule-threshold',
        key: ruleThresholdKey(rule.id, partition),
        ruleId: rule.id,
        partition,
        matches: [],
      };
  state.matches.push({
    at: toIso(nowMs),
    reportId: event.reportId,
    ...(v !== undefined ? { value: v } : {}),
  });
  state.matches = state.matches.filter((m) => Date.parse(m.at) > since).slice(-MAX_THRESHOLD_MATCHES);
  const all = [state, ...others.filter((o) => o.ruleId === rule.id && o.partition !== partition)];
  if (all.some((s) => s.firedAt && Date.parse(s.firedAt) > since))
    return { state, reached: false, duplicate: false };
  const live = all.flatMap((s) => s.matches.filter((m) => Date.parse(m.at) > since));
  const n = t.distinct ? new Set(live.map((m) => m.value ?? '\u0000')).size : live.length;
  if (n < t.count) return { state, reached: false, duplicate: false };
  state.firedAt = toIso(nowMs);
  return { state, reached: true, duplicate: false };
}

function valueOf(event: WatchfireEvent, t: CompiledThreshold): string | undefined {
  if (!t.distinct) return undefined;
  const v = fieldValue(event, t.distinct);
  return v === undefined ? undefined : normalizeName(String(v));
}
