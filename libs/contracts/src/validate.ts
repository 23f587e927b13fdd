import type { z } from 'zod';
import { TOPIC_SCHEMAS, type TopicValue } from './registry';
import type { TopicName } from './topics';

export interface FieldError {
  path: string;
  message: string;
}

/** zod issues as `path: reason` pairs, the form every 4xx and DLQ entry uses. */
export function describeIssues(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: i.path.length ? i.path.join('.') : '(root)', message: i.message }));
}

export function formatIssues(errors: FieldError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('; ');
}

export class MessageValidationError extends Error {
  constructor(
    readonly topic: string,
    readonly errors: FieldError[],
  ) {
    super(`invalid ${topic} message: ${formatIssues(errors)}`);
    this.name = 'MessageValidationError';
  }
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.infer<S>> {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: describeIssues(r.error) };
}

/** Validates a value for a topic; throws MessageValidationError naming each bad field. */
export function validateTopicValue<T extends TopicName>(topic: T, value: unknown): TopicValue<T> {
  const r = parseWith(TOPIC_SCHEMAS[topic] as z.ZodType, value);
  if (!r.ok) throw new MessageValidationError(topic, r.errors);
  return r.value as TopicValue<T>;
}
