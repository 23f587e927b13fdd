/**
 * The request pipeline every HTTP service shares, in the order a request meets it:
 *
 *   1. Node's server timeouts (headers, whole request, keep-alive), so a slow or endless body is
 *      cut with 408 within seconds instead of holding a connection (server-timeouts.ts);
 *   2. guards — the operator token is checked before a single byte of the body is read, so an
 *      unauthenticated request gets 401 whatever its body;
 *   3. this interceptor: the query string (one value per parameter, then the endpoint's schema),
 *      the Content-Type the endpoint accepts (415 naming it), the body parsers, and a nesting-depth
 *      check done iteratively, before any recursive validator (zod) sees the body;
 *   4. pipes and the handler.
 *
 * Body parsing lives here rather than in Express middleware precisely because middleware runs
 * before guards.
 */
import {
  type ArgumentMetadata,
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
  type PipeTransform,
  Query,
  SetMetadata,
} from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Observable } from 'rxjs';
import type { z } from 'zod';
import { parseWith } from '@watchfire/contracts';
import { ApiError } from './errors';

/** Deepest JSON nesting any endpoint accepts (a rule's conditions, the deepest body, need about 20). */
export const MAX_JSON_DEPTH = 64;

export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

const BODY_TYPES = 'watchfire:body-types';
const QUERY_SCHEMA = 'watchfire:query-schema';

/**
 * The query parameters an endpoint takes, as a zod object (`.strict()` names an unknown one): checked
 * by the pipeline before the handler, a 400 naming the parameter. A decorator rather than a pipe so
 * that the handler's own `@Query('x')` parameters stay as they are.
 */
export const QuerySchema = (schema: z.ZodType) => SetMetadata(QUERY_SCHEMA, schema);

/** The @QuerySchema of a handler, if it has one (read by the OpenAPI generator). */
export const querySchemaOf = (handler: object): z.ZodType | undefined =>
  Reflect.getMetadata(QUERY_SCHEMA, handler) as z.ZodType | undefined;

/**
 * The media types an endpoint accepts for its body (default: JSON). A body of another type is a
 * 415 naming these. `'*\/*'` accepts anything (the parsers still read only what they know).
 */
export const AcceptsBody = (...types: string[]) => SetMetadata(BODY_TYPES, types);

/** Whether the request carries a body: chunked, or a Content-Length above 0. */
export function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const n = Number(req.headers['content-length'] ?? 0);
  return !Number.isFinite(n) || n > 0;
}

/**
 * Whether a parsed JSON value nests deeper than `max` (objects and arrays count one level each).
 * Iterative, so 100,000 levels are answered as quickly as 10 — zod and every other recursive
 * walker must only ever see what passed this.
 */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: Array<[object, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of Object.values(v))
      if (child !== null && typeof child === 'object') stack.push([child as object, depth + 1]);
  }
  return false;
}

/**
 * Every query parameter given once, as a plain string: `?a=1&a=2` (an array after parsing) or an
 * object-shaped value is a 400 naming the parameter, before any controller code runs.
 */
export function assertPlainQuery(query: unknown): void {
  if (!query || typeof query !== 'object') return;
  const bad = Object.entries(query as Record<string, unknown>).filter(([, v]) => typeof v !== 'string');
  if (bad.length)
    throw ApiError.validation(
      bad.map(([k, v]) => ({
        path: k.slice(0, 64),
        message: Array.isArray(v)
          ? 'given more than once; send the parameter once'
          : 'must be a single plain value',
      })),
      'query',
    );
}

/**
 * `@ValidQuery(schema)`: the query string checked against the endpoint's zod schema (use
 * `.strict()` so an unknown parameter is named). Repeated parameters never reach it (above).
 */
export class QueryPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(readonly schema: S) {}
  transform(value: unknown, _meta?: ArgumentMetadata): z.infer<S> {
    assertPlainQuery(value);
    const r = parseWith(this.schema, value ?? {});
    if (!r.ok) throw ApiError.validation(r.errors, 'query');
    return r.value;
  }
}
export const ValidQuery = <S extends z.ZodType>(schema: S) => Query(new QueryPipe(schema));

/** Runs one Express middleware to completion as a promise. */
const run = (h: RequestHandler, req: Request, res: Response) =>
  new Promise<void>((resolve, reject) => {
    // body-parser's errors are Errors with a status; anything else is wrapped
    const next: NextFunction = (err?: unknown) =>
      err ? reject(err instanceof Error ? err : new Error('the request body could not be read')) : resolve();
    void h(req, res, next);
  });

/** Chooses the body parsers for a request (ingestion has a body limit per route). */
export type BodyParsersFor = (req: Request) => RequestHandler[];

@Injectable()
export class RequestPipelineInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly parsersFor: BodyParsersFor,
    private readonly maxDepth = MAX_JSON_DEPTH,
  ) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    assertPlainQuery(req.query);
    const querySchema = this.reflector.getAllAndOverride<z.ZodType | undefined>(QUERY_SCHEMA, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (querySchema) {
      const r = parseWith(querySchema, req.query ?? {});
      if (!r.ok) throw ApiError.validation(r.errors, 'query');
    }
    if (hasBody(req)) {
      const accepted =
        this.reflector.getAllAndOverride<string[] | undefined>(BODY_TYPES, [
          ctx.getHandler(),
          ctx.getClass(),
        ]) ?? JSON_MEDIA_TYPES;
      if (!accepted.includes('*/*') && !req.is(accepted)) {
        const named = accepted.filter((t) => !t.includes('*')).join(' or ');
        throw new ApiError(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          'unsupported_media_type',
          `${req.headers['content-type'] ? `Content-Type ${JSON.stringify(req.headers['content-type'].slice(0, 100))} is not accepted here` : 'Content-Type is missing'}; send Content-Type: ${named}`,
        );
      }
      for (const parser of this.parsersFor(req)) await run(parser, req, res);
      if (jsonDepthExceeds(req.body, this.maxDepth))
        throw new ApiError(
          HttpStatus.BAD_REQUEST,
          'too_deep',
          `The body nests deeper than ${this.maxDepth} levels of objects and arrays`,
        );
    }
    return next.handle();
  }
}
