import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { type Observable, throwError } from 'rxjs';
import type { FieldError } from '@watchfire/contracts';

/** The error body every HTTP API returns: `{"error": {"code", "message", "details"?}}`. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(
      { error: { code, message, ...(details === undefined ? {} : { details }) } } satisfies ErrorBody,
      status,
    );
  }

  static validation(errors: FieldError[], what = 'request body'): ApiError {
    const first = errors[0];
    const summary = first
      ? `${first.path}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`
      : 'invalid';
    return new ApiError(HttpStatus.BAD_REQUEST, 'validation_failed', `Invalid ${what}: ${summary}`, errors);
  }
  static notFound(what: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, 'not_found', `${what} not found`);
  }
  static conflict(message: string, details?: unknown): ApiError {
    return new ApiError(HttpStatus.CONFLICT, 'conflict', message, details);
  }
}

/** Names for the statuses Nest/Express raise themselves (body too large, bad JSON, ...). */
const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * The contract's error body for a body-parser failure (they carry a status and a type), or null
 * for anything else. One home for these codes: malformed JSON is `malformed_json` on every service.
 */
export function bodyParserErrorBody(err: unknown): { status: number; body: ErrorBody } | null {
  const e = err as { status?: unknown; type?: unknown; message?: string; limit?: number; length?: number };
  if (!e || typeof e.status !== 'number' || e.status < 400 || e.status >= 500) return null;
  const reply = (status: number, code: string, message: string) => ({
    status,
    body: { error: { code, message } },
  });
  switch (e.type) {
    case 'entity.too.large':
      return reply(
        413,
        'payload_too_large',
        `Request body${e.length ? ` of ${e.length} bytes` : ''} is over the ${e.limit ?? '?'} byte limit for this endpoint; split it or send less`,
      );
    case 'entity.parse.failed':
      return reply(400, 'malformed_json', `Malformed JSON: ${e.message ?? 'parse error'}`);
    case 'encoding.invalid_utf8':
      return reply(400, 'invalid_utf8', e.message ?? 'The body is not valid UTF-8');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return reply(415, 'unsupported_charset', 'Unsupported charset; send UTF-8');
    case 'request.aborted':
      return reply(400, 'bad_request', 'The request was aborted before its body was complete');
    case 'request.size.invalid':
      return reply(400, 'bad_request', 'The body is shorter or longer than its Content-Length');
    default:
      return reply(e.status, CODES[e.status] ?? `http_${e.status}`, e.message ?? 'Bad request');
  }
}

/**
 * The error as JSON, whatever the handler had set: a Content-Type set earlier (GET /metrics says
 * text/plain) would otherwise label the JSON error body wrongly, as res.json() keeps it.
 */
function sendError(res: Response, status: number, body: unknown): void {
  res.status(status).setHeader('Content-Type', 'application/json; charset=utf-8');
  res.send(JSON.stringify(body));
}

/** Renders every HTTP error in the contract shape; unexpected errors become a 500 without internals. */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Kafka handlers (rpc context): hand the original error to the consumer, which retries and
    // then dead-letters it with this message — Nest's default would replace it with "Internal server error".
    if (host.getType() !== 'http') return throwError(() => exception);
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    // Refused before the body was read (401, 413, 415, ...): close the connection after the answer
    // instead of reading — possibly forever — a body nobody will use.
    if (!req.complete && !res.headersSent) res.setHeader('Connection', 'close');
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (
        typeof body === 'object' &&
        body !== null &&
        'error' in body &&
        typeof (body as ErrorBody).error === 'object'
      ) {
        sendError(res, status, body);
        return;
      }
      const message =
        typeof body === 'string'
          ? body
          : ((body as { message?: string | string[] }).message ?? exception.message);
      sendError(res, status, {
        error: {
          code: CODES[status] ?? `http_${status}`,
          message: Array.isArray(message) ? message.join('; ') : String(message),
        },
      });
      return;
    }
    const body = bodyParserErrorBody(exception);
    if (body) {
      sendError(res, body.status, body.body);
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    sendError(res, 500, {
      error: { code: 'internal', message: 'Internal error; the details are in the service log' },
    });
  }
}
