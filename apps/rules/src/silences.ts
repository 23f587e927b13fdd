import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Injectable,
  type OnApplicationShutdown,
  type OnModuleInit,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { type SilenceRecord, type SilenceSpec, SilenceSpecSchema, TOPICS } from '@watchfire/contracts';
import { z } from 'zod';
import { ApiDoc, ApiError, OperatorGuard, OperatorName, QuerySchema, ZodPipe } from '@watchfire/common';
import { type Table, TableSource, TopicWriter } from '@watchfire/kafka';
import { isSilenceActive } from '@watchfire/rules-engine';

const MAX_SILENCES = 1_000;
const MAX_DURATION_MS = 366 * 86_400_000;

export type SilenceState = 'active' | 'pending' | 'expired';

/** Alertmanager-style silences in watchfire.silences.v1 (compacted, key = id), materialised on every instance. */
@Injectable()
export class SilencesStore implements OnModuleInit, OnApplicationShutdown {
  private readonly table: Table<typeof TOPICS.silences>;

  constructor(
    tables: TableSource,
    private readonly publisher: TopicWriter,
  ) {
    this.table = tables.table(TOPICS.silences);
  }

  onModuleInit(): Promise<void> {
    return this.table.start();
  }
  onApplicationShutdown(): Promise<void> {
    return this.table.stop();
  }

  all(): Iterable<SilenceRecord> {
    return this.table.values();
  }

  list(): SilenceRecord[] {
    return [...this.table.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  get(id: string): SilenceRecord {
    const s = this.table.get(id);
    if (!s) throw ApiError.notFound(`silence ${id}`);
    return s;
  }

  async create(spec: SilenceSpec, by: string, now = Date.now()): Promise<SilenceRecord> {
    const startsAt = spec.startsAt ? Date.parse(spec.startsAt) : now;
    const endsAt = Date.parse(spec.endsAt);
    if (endsAt <= startsAt)
      throw ApiError.validation(
        [{ path: 'endsAt', message: 'must be after startsAt (or after now when startsAt is not given)' }],
        'silence',
      );
    if (endsAt <= now)
      throw ApiError.validation(
        [{ path: 'endsAt', message: 'is in the past: the silence would never apply' }],
        'silence',
      );
    if (endsAt - startsAt > MAX_DURATION_MS)
      throw ApiError.validation([{ path: 'endsAt', message: 'a silence lasts at most 366 days' }], 'silence');
    if (this.table.size >= MAX_SILENCES)
      throw new ApiError(
        422,
        'limit_exceeded',
        `there are ${this.table.size} silences; the limit is ${MAX_SILENCES} (delete expired ones)`,
      );
    const record: SilenceRecord = {
      id: `sil-${randomUUID()}`,
      ...spec,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      createdAt: new Date(now).toISOString(),
      createdBy: by,
    };
    await this.publisher.publishOne(TOPICS.silences, record.id, record);
    this.table.applyLocal(record.id, record);
    return record;
  }

  async remove(id: string): Promise<void> {
    this.get(id);
    await this.publisher.publishOne(TOPICS.silences, id, null);
    this.table.applyLocal(id, null);
  }
}

export function silenceState(s: SilenceRecord, now = Date.now()): SilenceState {
  if (isSilenceActive(s, now)) return 'active';
  return Date.parse(s.startsAt) > now ? 'pending' : 'expired';
}

const view = (s: SilenceRecord, now = Date.now()) => ({ ...s, state: silenceState(s, now) });

@Controller('silences')
@UseGuards(OperatorGuard)
export class SilencesController {
  constructor(private readonly store: SilencesStore) {}

  @Get()
  @ApiDoc({ summary: 'List silences with their state (active, pending, expired)' })
  @QuerySchema(z.object({ state: z.enum(['active', 'pending', 'expired']).optional() }).strict())
  list(@Query('state') state?: string) {
    if (state !== undefined && !['active', 'pending', 'expired'].includes(state)) {
      throw ApiError.validation([{ path: 'state', message: 'one of active, pending, expired' }], 'query');
    }
    const now = Date.now();
    return {
      silences: this.store
        .list()
        .map((s) => view(s, now))
        .filter((s) => !state || s.state === state),
    };
  }

  @Post()
  @ApiDoc({
    summary: 'Create a silence: matching alerts are still published, marked silenced, and not mailed',
  })
  async create(
    @Body(new ZodPipe(SilenceSpecSchema, 'silence')) spec: SilenceSpec,
    @OperatorName() by: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const s = await this.store.create(spec, by);
    res.status(201).setHeader('Location', `/silences/${s.id}`);
    return view(s);
  }

  @Get(':id')
  @ApiDoc({ summary: 'One silence' })
  get(@Param('id') id: string) {
    return view(this.store.get(id));
  }

  @Delete(':id')
  @ApiDoc({ summary: 'Expire a silence now' })
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.store.remove(id);
  }
}
