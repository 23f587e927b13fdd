/**
 * What the grouping service needs from the grouping state store: the groups and rule-scoped
 * threshold counts of one events partition, written through to the changelog. An abstract class
 * because NestJS injects by class (bound to GroupStateStore in rules.module.ts); unit tests pass a
 * plain object typed as this port.
 */
import type { AlertGroupState, AlertGroupsRecord, RuleThresholdState } from '@watchfire/contracts';

export abstract class GroupStates {
  /** Resolves when the state of events partition p is restored. */
  abstract ready(p: number): Promise<void>;
  /** Runs fn with no other work on partition p in between (one event at a time per partition). */
  abstract exclusive<T>(p: number, fn: () => Promise<T>): Promise<T>;
  abstract get(p: number, key: string): AlertGroupState | undefined;
  abstract threshold(p: number, ruleId: string): RuleThresholdState | undefined;
  abstract otherThresholds(p: number, ruleId: string): RuleThresholdState[];
  /** Writes a state (null deletes it); resolves once acknowledged. */
  abstract put(p: number, key: string, state: AlertGroupsRecord | null): Promise<void>;
  /** Deletes expired groups; resolves with how many. */
  abstract sweep(now: number): Promise<number>;
}
