import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
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

/** Renders every HTTP error in the contract shape; unexpected errors become a 500 without internals. */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Kafka handlers (rpc context): hand the original error to the consumer, which retries and
    // then dead-letters it with this message — Nest's default would replace it with "Internal server error".
    if (host.getType() !== 'http') return throwError(() => exception);
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (
        typeof body === 'object' &&
        body !== null &&
        'error' in body &&
        typeof (body as ErrorBody).error === 'object'
      ) {
        res.status(status).json(body);
        return;
      }
      const message =
        typeof body === 'string'
          ? body
          : ((body as { message?: string | string[] }).message ?? exception.message);
      res.status(status).json({
        error: {
          code: CODES[status] ?? `http_${status}`,
          message: Array.isArray(message) ? message.join('; ') : String(message),
        },
      });
      return;
    }
    // body-parser errors carry a status (413 too large, 400 bad JSON, 415 bad charset)
    const e = exception as { status?: number; type?: string; message?: string };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      const message =
        e.type === 'entity.too.large'
          ? 'Request body too large; split it or send less'
          : e.type === 'entity.parse.failed'
            ? `Malformed JSON: ${e.message}`
            : e.type === 'charset.unsupported' || e.type === 'encoding.unsupported'
              ? 'Unsupported charset; send UTF-8'
              : (e.message ?? 'Bad request');
      res.status(e.status).json({ error: { code: CODES[e.status] ?? `http_${e.status}`, message } });
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    res
      .status(500)
      .json({ error: { code: 'internal', message: 'Internal error; the details are in the service log' } });
  }
}
