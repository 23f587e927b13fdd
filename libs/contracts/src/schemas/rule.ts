import { z } from 'zod';
import { Id, IsoDateTime, SeveritySchema } from './common';

export const RULE_LIMITS = {
  nameChars: 200,
  descriptionChars: 2_000,
  conditionDepth: 8,
  conditionsPerRule: 64,
  listItems: 200,
  phraseChars: 200,
  patternChars: 512,
  historyEntries: 50,
} as const;

/** Event fields a rule may test. A closed list, so a typo is a 400 and not a rule that never fires. */
export const RULE_FIELDS = [
  'type',
  'status',
  'actor',
  'confidence',
  'eventDate',
  'reportId',
  'location.id',
  'location.name',
  'location.kind',
  'location.province',
  'location.country',
  'location.neighbor',
  'report.source',
] as const;
export const RuleFieldSchema = z.enum(RULE_FIELDS);
export type RuleField = z.infer<typeof RuleFieldSchema>;

export const DurationSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,6}(ms|s|m|h|d)$/, 'a duration such as 90s, 15m, 24h or 7d');

const Scalar = z.union([z.string().max(RULE_LIMITS.phraseChars), z.number(), z.boolean()]);

/**
 * One condition node. Written as one object with optional keys (not a union) so that a
 * validation error names the exact path and reason, e.g. `when.all.2.gte: expected number`.
 */
export interface Condition {
  field?: RuleField;
  in?: (string | number | boolean)[];
  eq?: string | number | boolean;
  gte?: number;
  lte?: number;
  exists?: boolean;
  text?: 'evidence' | 'report' | 'title';
  contains?: string[];
  matches?: string;
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
}

const FIELD_OPS = ['in', 'eq', 'gte', 'lte', 'exists'] as const;
const TEXT_OPS = ['contains', 'matches'] as const;

export const ConditionSchema: z.ZodType<Condition> = z
  .lazy(() =>
    z
      .object({
        field: RuleFieldSchema.optional(),
        in: z.array(Scalar).min(1).max(RULE_LIMITS.listItems).optional(),
        eq: Scalar.optional(),
        gte: z.number().optional(),
        lte: z.number().optional(),
        exists: z.boolean().optional(),
        text: z.enum(['evidence', 'report', 'title']).optional(),
        contains: z
          .array(z.string().min(1).max(RULE_LIMITS.phraseChars))
          .min(1)
          .max(RULE_LIMITS.listItems)
          .optional(),
        matches: z.string().min(1).max(RULE_LIMITS.patternChars).optional(),
        all: z.array(ConditionSchema).min(1).max(RULE_LIMITS.conditionsPerRule).optional(),
        any: z.array(ConditionSchema).min(1).max(RULE_LIMITS.conditionsPerRule).optional(),
        not: ConditionSchema.optional(),
      })
      .strict()
      .superRefine((c, ctx) => {
        const kinds = (['field', 'text', 'all', 'any', 'not'] as const).filter((k) => c[k] !== undefined);
        if (kinds.length !== 1) {
          ctx.addIssue({
            code: 'custom',
            message: `a condition needs exactly one of field, text, all, any, not (found ${kinds.length ? kinds.join(', ') : 'none'})`,
          });
          return;
        }
        const present = (ops: readonly string[]) =>
          ops.filter((op) => (c as Record<string, unknown>)[op] !== undefined);
        if (kinds[0] === 'field') {
          if (present(TEXT_OPS).length)
            ctx.addIssue({ code: 'custom', message: 'contains/matches go with text, not field' });
          if (!present(FIELD_OPS).length)
            ctx.addIssue({
              code: 'custom',
              path: ['field'],
              message: 'a field condition needs one of in, eq, gte, lte, exists',
            });
        } else if (kinds[0] === 'text') {
          if (present(FIELD_OPS).length)
            ctx.addIssue({ code: 'custom', message: 'in/eq/gte/lte/exists go with field, not text' });
          if (present(TEXT_OPS).length !== 1)
            ctx.addIssue({
              code: 'custom',
              path: ['text'],
              message: 'a text condition needs exactly one of contains, matches',
            });
        } else if (present([...FIELD_OPS, ...TEXT_OPS]).length) {
          ctx.addIssue({ code: 'custom', message: `${kinds[0]} cannot be combined with operators` });
        }
      }),
  )
  .meta({ id: 'Condition' });

export const ThresholdSchema = z
  .object({
    count: z.number().int().min(2).max(10_000),
    within: DurationSchema,
    distinct: RuleFieldSchema.optional().describe('Count distinct values of this field instead of events.'),
  })
  .strict()
  .meta({
    id: 'Threshold',
    description: 'Fire when this many matching events occur within the window (ElastAlert frequency rule).',
  });

/** What an operator writes (POST /rules, PUT /rules/:id). */
export const RuleSpecSchema = z
  .object({
    name: z.string().min(1).max(RULE_LIMITS.nameChars),
    description: z.string().max(RULE_LIMITS.descriptionChars).optional(),
    enabled: z.boolean().default(true),
    severity: SeveritySchema,
    when: ConditionSchema,
    threshold: ThresholdSchema.optional(),
    realert: DurationSchema.optional().describe(
      'Minimum time between two alerts of this rule for the same event group.',
    ),
    groupWindow: DurationSchema.optional().describe(
      'Reports of the same type and place within this window are one event (default 72h).',
    ),
  })
  .strict()
  .meta({ id: 'RuleSpec' });
export type RuleSpec = z.infer<typeof RuleSpecSchema>;
export type RuleSpecInput = z.input<typeof RuleSpecSchema>;

export const RuleHistoryEntrySchema = z
  .object({
    version: z.number().int().min(1),
    action: z.enum(['created', 'updated', 'deleted']),
    at: IsoDateTime,
    by: z.string().max(200),
    changes: z
      .array(z.string().max(300))
      .max(20)
      .optional()
      .describe('updated: what changed, one line per field path, e.g. `severity: "high" -> "critical"`.'),
  })
  .meta({ id: 'RuleHistoryEntry' });

/** The record on watchfire.rules.v1 (key: id). A tombstone (null value) deletes the rule. */
export const RuleRecordSchema = RuleSpecSchema.extend({
  id: Id,
  version: z.number().int().min(1),
  createdAt: IsoDateTime,
  createdBy: z.string().max(200),
  updatedAt: IsoDateTime,
  updatedBy: z.string().max(200),
  history: z.array(RuleHistoryEntrySchema).max(RULE_LIMITS.historyEntries),
}).meta({ id: 'Rule' });
export type RuleRecord = z.infer<typeof RuleRecordSchema>;
