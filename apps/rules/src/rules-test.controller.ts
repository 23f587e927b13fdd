import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { createHash } from 'node:crypto';
import { OperatorGuard, ZodPipe } from '@watchfire/common';
import { matchingDefaultRules } from './default-rules';
import { ExtractionService } from './extraction.service';

const TestRequestSchema = z.object({ text: z.string().min(1).max(200_000), publishedAt: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional() }).strict();

@Controller('rules')
@UseGuards(OperatorGuard)
export class RulesTestController {
  constructor(private readonly extraction: ExtractionService) {}

  /** Dry run: what would be recognised and which rules would fire; nothing is published. */
  @Post('test')
  @HttpCode(200)
  test(@Body(new ZodPipe(TestRequestSchema)) body: z.infer<typeof TestRequestSchema>) {
    const id = `test-${createHash('sha256').update(body.text).digest('hex').slice(0, 16)}`;
    const events = this.extraction.eventsOf({ id, body: body.text, source: 'rules-test', publishedAt: body.publishedAt }).map(({ reportText: _t, ...e }) => e);
    const matches = events.flatMap((e) => matchingDefaultRules(e as never).map((r) => ({ eventId: e.id, ruleId: r.id, ruleName: r.name, severity: r.severity, reason: `type is ${e.type}` })));
    return { events, matches };
  }
}
