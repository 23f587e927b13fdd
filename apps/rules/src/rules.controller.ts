import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import {
  RuleHistoryEntrySchema,
  RuleRecordSchema,
  RuleSpecSchema,
  type RuleRecord,
  type RuleSpec,
} from '@watchfire/contracts';
import { ApiError, OperatorGuard, OperatorName, ApiDoc } from '@watchfire/common';
import { validateRule } from '@watchfire/rules-engine';
import { RulesStore } from './rules.store';

const etag = (r: RuleRecord) => `"${r.version}"`;

/** Parses If-Match (`"3"`, `W/"3"`, `3`); undefined when absent. */
function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m)
    throw new ApiError(
      HttpStatus.BAD_REQUEST,
      'bad_request',
      'If-Match must be the ETag of the rule, e.g. If-Match: "3"',
    );
  return Number(m[1]);
}

/** Validates a rule body: the schema, then RE2 and the engine's limits; errors name each field path. */
function parseSpec(body: unknown, allowVersion: boolean): { spec: RuleSpec; version?: number } {
  let version: number | undefined;
  let input = body;
  if (allowVersion && body && typeof body === 'object' && !Array.isArray(body) && 'version' in body) {
    const { version: v, ...rest } = body as Record<string, unknown>;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      throw ApiError.validation(
        [{ path: 'version', message: 'the version you read (an integer from 1)' }],
        'rule',
      );
    version = v;
    input = rest;
  }
  const r = validateRule(input);
  if (!r.ok) throw ApiError.validation(r.errors, 'rule');
  return { spec: r.spec, version };
}

/**
 * Rules API. Every response carries the rule's version as an ETag; PUT needs it back (If-Match,
 * or `version` in the body) and answers 409 when someone changed the rule in between.
 */
@Controller('rules')
@UseGuards(OperatorGuard)
export class RulesController {
  constructor(private readonly store: RulesStore) {}

  @Get()
  @ApiDoc({ summary: 'List the rules', response: z.object({ rules: z.array(RuleRecordSchema) }) })
  list(): { rules: RuleRecord[] } {
    return { rules: this.store.list() };
  }

  @Post()
  @ApiDoc({
    summary: 'Create a rule; answers with it, its ETag and Location',
    requestBody: { 'application/json': RuleSpecSchema },
    response: RuleRecordSchema,
  })
  async create(
    @Body() body: unknown,
    @OperatorName() by: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RuleRecord> {
    const { spec } = parseSpec(body, false);
    const rule = await this.store.create(spec, by);
    res.status(201).setHeader('ETag', etag(rule)).setHeader('Location', `/rules/${rule.id}`);
    return rule;
  }

  @Get(':id')
  @ApiDoc({ summary: 'One rule (ETag: its version)', response: RuleRecordSchema })
  get(@Param('id') id: string, @Res({ passthrough: true }) res: Response): RuleRecord {
    const rule = this.store.get(id);
    res.setHeader('ETag', etag(rule));
    return rule;
  }

  @Get(':id/history')
  @ApiDoc({
    summary: 'Who changed a rule, when, and what',
    response: z.object({ id: z.string(), history: z.array(RuleHistoryEntrySchema) }),
  })
  history(@Param('id') id: string): { id: string; history: RuleRecord['history'] } {
    return { id, history: this.store.history(id) };
  }

  @Put(':id')
  @ApiDoc({
    summary: 'Replace a rule: send the version you read (If-Match or "version" in the body)',
    requestBody: {
      'application/json': RuleSpecSchema.extend({ version: z.number().int().min(1).optional() }),
    },
    response: RuleRecordSchema,
    errors: { 409: 'Someone changed the rule since that version', 428: 'No version sent' },
  })
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @OperatorName() by: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RuleRecord> {
    await this.store.catchUp();
    this.store.get(id); // 404 before 400/428 for an unknown id
    const { spec, version: bodyVersion } = parseSpec(body, true);
    const headerVersion = ifMatchVersion(ifMatch);
    if (headerVersion !== undefined && bodyVersion !== undefined && headerVersion !== bodyVersion) {
      throw ApiError.validation(
        [{ path: 'version', message: `If-Match says version ${headerVersion}, the body ${bodyVersion}` }],
        'rule',
      );
    }
    const expected = headerVersion ?? bodyVersion;
    if (expected === undefined) {
      throw new ApiError(
        428,
        'precondition_required',
        'Say which version you are changing: send If-Match: "<version>" (the ETag of GET /rules/:id) or "version" in the body',
      );
    }
    const rule = await this.store.update(id, spec, expected, by);
    res.setHeader('ETag', etag(rule));
    return rule;
  }

  @Delete(':id')
  @ApiDoc({
    summary: 'Delete a rule (If-Match optional)',
    errors: { 409: 'Someone changed the rule since that version' },
  })
  @HttpCode(204)
  async remove(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @OperatorName() by: string,
  ): Promise<void> {
    await this.store.remove(id, ifMatchVersion(ifMatch), by);
  }
}
