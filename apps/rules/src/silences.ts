import {
  Body,
  Controller,
  Delete,
  Get,
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
import { isSilenceActive, parseDuration } from '@watchfire/rules-engine';

const MAX_SILENCES = 1_000;
const MAX_DURATION_MS = 366 * 86_400_000;
const EXPIRED_KEPT_MS = 5 * 86_400_000;

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
    const endsAt = spec.duration ? startsAt + parseDuration(spec.duration) : Date.parse(spec.endsAt!);
    const at = spec.duration ? 'duration' : 'endsAt';
    if (endsAt <= startsAt)
      throw ApiError.validation(
        [{ path: at, message: 'must end after startsAt (or after now when startsAt is not given)' }],
        'silence',
      );
    if (endsAt <= now)
      throw ApiError.validation(
        [{ path: at, message: 'ends in the past: the silence would never apply' }],
        'silence',
      );
    if (endsAt - startsAt > MAX_DURATION_MS)
      throw ApiError.validation([{ path: at, message: 'a silence lasts at most 366 days' }], 'silence');
    await this.forgetOldExpired(now);
    const live = [...this.table.values()].filter((s) => silenceState(s, now) !== 'expired').length;
    if (live >= MAX_SILENCES)
      throw new ApiError(
        422,
        'limit_exceeded',
        `there are ${live} active or pending silences; the limit is ${MAX_SILENCES} (expire some with DELETE)`,
      );
    const { duration: _length, ...rest } = spec;
    const record: SilenceRecord = {
      id: `sil-${randomUUID()}`,
      ...rest,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      createdAt: new Date(now).toISOString(),
      createdBy: by,
    };
    await this.write(record);
    return record;
  }

  /**
   * DELETE expires a silence, as in Alertmanager: it ends now and stays listed as expired (a
   * pending one ends before it began). Expiring an expired silence changes nothing.
   */
  async expire(id: string, by: string, now = Date.now()): Promise<SilenceRecord> {
    const cur = this.get(id);
    if (silenceState(cur, now) === 'expired') return cur;
    const at = new Date(now).toISOString();
    const record: SilenceRecord = {
      ...cur,
      ...(Date.parse(cur.startsAt) > now ? { startsAt: at } : {}),
      endsAt: at,
      expiredBy: by,
    };
    await this.write(record);
    return record;
  }

  /** Expired silences are kept for a while to be seen, then removed (Alertmanager keeps them 5 days). */
  private async forgetOldExpired(now: number): Promise<void> {
    for (const s of [...this.table.values()])
      if (Date.parse(s.endsAt) + EXPIRED_KEPT_MS < now) {
        await this.publisher.publishOne(TOPICS.silences, s.id, null);
        this.table.applyLocal(s.id, null);
      }
  }

  private async write(record: SilenceRecord): Promise<void> {
    await this.publisher.publishOne(TOPICS.silences, record.id, record);
    this.table.applyLocal(record.id, record);
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

  /** Expires the silence (it stays listed with state `expired`) and answers with it. */
  @Delete(':id')
  @ApiDoc({ summary: 'Expire a silence now: it stays listed with state expired' })
  async remove(@Param('id') id: string, @OperatorName() by: string) {
    return view(await this.store.expire(id, by));
  }
}
