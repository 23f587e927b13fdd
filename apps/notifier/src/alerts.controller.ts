import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  AlertSchema,
  DeliverySchema,
  EventSchema,
  EventStatusSchema,
  EventTypeSchema,
  Id,
  IsoDateTime,
  SeveritySchema,
  type Alert,
} from '@watchfire/contracts';
import { ApiDoc, ApiError, OperatorGuard, ZodPipe } from '@watchfire/common';
import { InvalidCursorError } from '@watchfire/notify';
import { AlertsViewService } from './alerts-view.service';
import { LedgerService } from './ledger.service';

/** `?status=claimed,confirmed` and `?status=claimed&status=confirmed` both give a list. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(','))),
    z.array(item).max(10).optional(),
  );

export const AlertQuerySchema = z
  .object({
    type: list(EventTypeSchema),
    status: list(EventStatusSchema),
    severity: list(SeveritySchema),
    minSeverity: SeveritySchema.optional(),
    place: z.string().min(1).max(200).optional().describe('Place name (any case/diacritics) or location id.'),
    country: z.string().min(1).max(200).optional(),
    since: IsoDateTime.optional().describe('Seen at or after (latest report).'),
    until: IsoDateTime.optional().describe('Seen at or before (first report).'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().min(1).max(600).optional().describe('nextCursor of the previous page.'),
  })
  .strict();
export type AlertQueryParams = z.infer<typeof AlertQuerySchema>;

const AlertPageSchema = z.object({
  alerts: z.array(AlertSchema).describe('Latest revision of each alert, newest first.'),
  nextCursor: z.string().optional().describe('Pass as cursor for the next page; absent on the last.'),
});
const AlertDetailSchema = z.object({
  alert: AlertSchema.describe('The latest revision.'),
  revisions: z.array(AlertSchema).describe('Every revision, oldest first.'),
  events: z.array(EventSchema).describe('The events behind the revisions.'),
  sources: AlertSchema.shape.corroboration.shape.sources,
  deliveries: z.array(DeliverySchema.omit({ alert: true })),
});

/** SSE keep-alive: proxies and load balancers close a silent connection after 30-60 s. */
const HEARTBEAT_MS = 15_000;

/**
 * The alerts as operators and the console read them (operator token): the list with filters and
 * cursor pages, one alert with every revision and its deliveries, and a Server-Sent Events stream
 * of new alerts and revisions.
 */
@Controller('alerts')
@UseGuards(OperatorGuard)
export class AlertsController {
  constructor(
    private readonly alerts: AlertsViewService,
    private readonly ledger: LedgerService,
  ) {}

  @Get()
  @ApiDoc({
    summary: 'Recent alerts (latest revision each), filtered, newest first, in cursor pages',
    response: AlertPageSchema,
  })
  list(@Query(new ZodPipe(AlertQuerySchema, 'query')) q: AlertQueryParams) {
    try {
      return this.alerts.view.query(q);
    } catch (e) {
      if (e instanceof InvalidCursorError)
        throw ApiError.validation([{ path: 'cursor', message: 'not a cursor this API gave' }], 'query');
      throw e;
    }
  }

  /**
   * `event: alert`, `data: <Alert>` per new alert or revision; `id` is `alertId.revision`. A
   * client that wants no gap opens the stream first and then reads GET /alerts, keeping the
   * higher revision of each alert.
   */
  @Get('stream')
  @ApiDoc({
    summary:
      'Server-Sent Events of new alerts and revisions: `event: alert`, `id: <alertId>.<revision>`, `data: {change, alert}`; a `: ping` every 15 s',
    responseType: 'text/event-stream',
    status: 200,
  })
  stream(@Req() req: Request, @Res() res: Response): void {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: a compressing proxy or middleware must not buffer the stream.
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 2000\n: connected\n\n');
    const send = (alert: Alert, change: string) =>
      res.write(
        `event: alert\nid: ${alert.id}.${alert.revision}\ndata: ${JSON.stringify({ change, alert })}\n\n`,
      );
    const unsubscribe = this.alerts.subscribe(send);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
      untrack();
    };
    const untrack = this.alerts.trackStream(() => {
      close();
      res.end();
    });
    req.on('close', close);
    res.on('error', close);
  }

  @Get(':id')
  @ApiDoc({
    summary: 'One alert: every revision, the events and sources behind it, and the deliveries made',
    response: AlertDetailSchema,
    errors: { 404: 'No such alert in the view (unknown, or past the topic retention)' },
  })
  get(@Param('id') id: string) {
    const revisions = Id.safeParse(id).success ? this.alerts.view.revisions(id) : undefined;
    if (!revisions) throw ApiError.notFound(`alert ${id.slice(0, 128)}`);
    const events = new Map(revisions.map((r) => [r.event.id, r.event]));
    const latest = revisions[revisions.length - 1];
    const deliveries = this.ledger.query({ alertId: id, limit: 1_000 }).map(({ alert: _alert, ...d }) => d);
    return {
      alert: latest,
      revisions,
      events: [...events.values()],
      sources: latest.corroboration.sources,
      deliveries,
    };
  }
}
