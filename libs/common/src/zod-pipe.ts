import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { parseWith } from '@watchfire/contracts';
import { ApiError } from './errors';

/** Validates a body/query with a zod schema; a 400 names each bad field path and why. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    /** Read by the OpenAPI generator: the body/query schema of the route. */
    readonly schema: S,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown): z.infer<S> {
    const r = parseWith(this.schema, value);
    if (!r.ok) throw ApiError.validation(r.errors, this.what);
    return r.value;
  }
}
