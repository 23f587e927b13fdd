import { RULE_LIMITS } from '@watchfire/contracts';

/**
 * Limits the engine enforces beyond the zod schema. Each one surfaces as a clear validation error
 * (or, for text scanning, as a note in the explanation) instead of a slow service.
 */
export const ENGINE_LIMITS = {
  /** Rules (enabled or not) in one rule set. */
  maxRules: 10_000,
  /** Characters of an operator pattern (RE2 syntax). */
  patternChars: RULE_LIMITS.patternChars,
  /** Characters of a text (report, evidence, title) that `contains` and `matches` look at. */
  textScanChars: 65_536,
  /** Nesting of all/any/not. */
  conditionDepth: RULE_LIMITS.conditionDepth,
  /** Condition nodes in one rule, all levels together. */
  conditionNodes: RULE_LIMITS.conditionsPerRule * 4,
  /** Leaf conditions (field/text) in one rule. */
  conditionLeaves: RULE_LIMITS.conditionsPerRule,
  /** Regular expressions in one rule. */
  patternsPerRule: 16,
  /** Place values one rule may be indexed under; a rule naming more places is tried on every event. */
  indexEntriesPerRule: 256,
} as const;

export type EngineLimits = typeof ENGINE_LIMITS;
