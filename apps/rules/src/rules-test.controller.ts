import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EventSchema, RuleSpecSchema, type WatchfireEvent } from '@watchfire/contracts';
import { ApiError, OperatorGuard, ZodPipe, ApiDoc } from '@watchfire/common';
import {
  checkSemantics,
  compileRule,
  RuleSet,
  thresholdScope,
  type CompiledRule,
} from '@watchfire/rules-engine';
import { ExtractionService } from './extraction.service';
import { RulesStore } from './rules.store';

const TestRequestSchema = z
  .object({
    text: z
      .string()
      .min(1)
      .max(200_000)
      .optional()
      .describe('A report to run through extraction and the rules.'),
    publishedAt: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
    title: z.string().max(1_000).optional(),
    source: z.string().max(200).optional(),
    events: z
      .array(EventSchema)
      .min(1)
      .max(100)
      .optional()
      .describe('Events to test directly, instead of a text.'),
    rule: RuleSpecSchema.optional().describe(
      'A draft rule to test instead of the stored rules (nothing is saved).',
    ),
    explain: z
      .enum(['matches', 'all'])
      .default('matches')
      .describe('all: also the rules that do not match, with the condition that failed.'),
  })
  .strict()
  .refine((b) => (b.text === undefined) !== (b.events === undefined), 'send either text or events');
type TestRequest = z.infer<typeof TestRequestSchema>;

interface RuleVerdict {
  eventId: string;
  ruleId: string;
  ruleName: string;
  severity: string;
  matched: boolean;
  /** The conditions that decided, `path: text`: every condition that held, or the one that failed. */
  because: string[];
  decidedBy: string;
  threshold?: string;
}

/** Dry run: what would be recognised and which rules would fire and why. Nothing is published or stored. */
@Controller('rules')
@UseGuards(OperatorGuard)
export class RulesTestController {
  constructor(
    private readonly extraction: ExtractionService,
    private readonly rules: RulesStore,
  ) {}

  @Post('test')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Dry run: the events a text yields and which rules would fire, and why; nothing is stored',
  })
  test(@Body(new ZodPipe(TestRequestSchema, 'test request')) body: TestRequest) {
    let set = this.rules.ruleSet;
    if (body.rule) {
      const errors = checkSemantics(body.rule).map((e) => ({ path: `rule.${e.path}`, message: e.message }));
      if (errors.length) throw ApiError.validation(errors, 'test request');
      set = new RuleSet([compileRule({ id: 'draft', ...body.rule, enabled: true })]);
    }
    const events: WatchfireEvent[] =
      body.events ??
      this.extraction.eventsOf({
        id: `test-${createHash('sha256').update(body.text!).digest('hex').slice(0, 16)}`,
        body: body.text!,
        source: body.source ?? 'rules-test',
        ...(body.title ? { title: body.title } : {}),
        ...(body.publishedAt
          ? {
              publishedAt:
                body.publishedAt.length === 10 ? `${body.publishedAt}T00:00:00Z` : body.publishedAt,
            }
          : {}),
      });
    const verdicts: RuleVerdict[] = [];
    // Matching events per threshold rule in this dry run (a threshold counts events of one place and type).
    const counts = new Map<string, number>();
    for (const event of events) {
      for (const { rule, explanation } of set.explain(event, { all: body.explain === 'all' })) {
        const v: RuleVerdict = {
          eventId: event.id,
          ruleId: rule.id,
          ruleName: rule.name,
          severity: rule.severity,
          matched: explanation.matched,
          because: explanation.because,
          decidedBy: explanation.matched ? explanation.because.join('; ') : (explanation.because[0] ?? ''),
        };
        if (explanation.matched && rule.threshold) v.threshold = thresholdNote(rule, event, counts);
        verdicts.push(v);
      }
    }
    return {
      events: events.map(({ reportText: _t, ...e }) => e),
      matches: verdicts.filter((v) => v.matched),
      ...(body.explain === 'all' ? { nonMatches: verdicts.filter((v) => !v.matched) } : {}),
      rules: { tested: body.rule ? 1 : set.stats().enabled, draft: !!body.rule },
    };
  }
}

function thresholdNote(rule: CompiledRule, event: WatchfireEvent, counts: Map<string, number>): string {
  const t = rule.threshold!;
  const scope = thresholdScope(t) === 'group' ? `${event.type}|${event.location.id}` : '';
  const key = `${rule.id}|${scope}`;
  const n = (counts.get(key) ?? 0) + 1;
  counts.set(key, n);
  const what = t.distinct ? `events with distinct ${t.distinct}` : 'matching events';
  return `fires once ${t.count} ${what} occur within ${t.within}${scope ? ' for the same type and place' : ''}; this test has ${n} so far`;
}
