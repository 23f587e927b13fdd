import { validateTopicValue, type TopicName, type TopicValue } from '@watchfire/contracts';

/**
 * JSON on the wire; validated against the topic's schema both ways. A string, not a Buffer:
 * kafkajs writes strings straight into its request buffer, so an intermediate copy would be waste.
 */
export function encodeValue<T extends TopicName>(topic: T, value: TopicValue<T>): string {
  return JSON.stringify(validateTopicValue(topic, value));
}

export class UndecodableMessageError extends Error {
  constructor(
    readonly reason: 'not_json' | 'schema_invalid' | 'tombstone_on_non_compacted',
    message: string,
  ) {
    super(message);
  }
}

export function decodeValue<T extends TopicName>(topic: T, raw: Buffer): TopicValue<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new UndecodableMessageError('not_json', `value is not JSON: ${(e as Error).message}`);
  }
  try {
    return validateTopicValue(topic, json);
  } catch (e) {
    throw new UndecodableMessageError('schema_invalid', (e as Error).message);
  }
}
