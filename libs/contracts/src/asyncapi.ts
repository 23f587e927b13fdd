import { z } from 'zod';
import { TOPIC_SCHEMAS } from './registry';
import { TOPIC_FLOWS } from './flows';
import { TOPIC_SPECS, type TopicKey } from './topics';

/** The component name each topic's payload schema is registered under (its zod `.meta({ id })`). */
export function schemaIdOf(schema: z.ZodType): string {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('every topic schema needs .meta({ id })');
  return id;
}

/** All message schemas as JSON Schema (draft 7, the AsyncAPI schema dialect), keyed by id. */
export function jsonSchemas(): Record<string, Record<string, unknown>> {
  const out = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-7',
    io: 'output',
    unrepresentable: 'any',
    uri: (id: string) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  const clean: Record<string, Record<string, unknown>> = {};
  for (const [id, s] of Object.entries(out.schemas)) {
    const { $schema: _s, $id: _i, ...rest } = s;
    clean[id] = rest;
  }
  return clean;
}

const camel = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);

/**
 * The send and receive operations of one channel, from TOPIC_FLOWS: which service does it, and
 * for receivers the consumer group (Kafka operation binding). Tagged by service, so a reader can
 * list everything one service touches.
 */
function operationsOf(key: TopicKey, messageName: string): Record<string, unknown> {
  const flow = TOPIC_FLOWS[key];
  const channel = { $ref: `#/channels/${key}` };
  const message = [{ $ref: `#/channels/${key}/messages/${messageName}` }];
  const out: Record<string, unknown> = {};
  for (const s of flow.senders) {
    out[`${s.service}Sends${camel(key)}`] = {
      action: 'send',
      channel,
      title: `${s.service} sends to ${TOPIC_SPECS[key].name}`,
      summary: s.why,
      tags: [{ name: s.service }],
      messages: message,
    };
  }
  flow.receivers.forEach((r, i) => {
    const base = `${r.service}Receives${camel(key)}`;
    out[flow.receivers.filter((x) => x.service === r.service).length > 1 ? `${base}${i + 1}` : base] = {
      action: 'receive',
      channel,
      title: `${r.service} receives from ${TOPIC_SPECS[key].name} (group ${r.group})`,
      summary: r.why,
      tags: [{ name: r.service }],
      messages: message,
      bindings: {
        kafka: {
          groupId: r.group.includes('<')
            ? {
                type: 'string',
                pattern: `^${r.group.replace(/[.]/g, '\\.').replace('<instance uuid>', '[0-9a-f-]{36}')}$`,
              }
            : { type: 'string', enum: [r.group] },
          bindingVersion: '0.5.0',
        },
      },
    };
  });
  return out;
}

/**
 * The AsyncAPI 3 document, generated from the same zod schemas the services validate with,
 * so the documentation cannot drift from the code (a test compares it with docs/asyncapi.yaml).
 */
export function buildAsyncApiDocument(version: string): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const key of Object.keys(TOPIC_SPECS) as TopicKey[]) {
    const spec = TOPIC_SPECS[key];
    const schemaId = schemaIdOf(TOPIC_SCHEMAS[spec.name]);
    const messageName = `${camel(key)}Message`;
    messages[messageName] = {
      name: schemaId,
      title: schemaId,
      contentType: 'application/json',
      summary: spec.description,
      payload: { $ref: `#/components/schemas/${schemaId}` },
      bindings: { kafka: { key: { type: 'string', description: spec.key }, bindingVersion: '0.5.0' } },
    };
    channels[key] = {
      address: spec.name,
      title: spec.name,
      description: `${spec.description} Key: ${spec.key}.${spec.compacted ? ' Compacted: the latest value per key is the state; a null value (tombstone) deletes.' : ''}`,
      messages: { [messageName]: { $ref: `#/components/messages/${messageName}` } },
      bindings: {
        kafka: {
          topic: spec.name,
          partitions: spec.partitions,
          topicConfiguration: { 'cleanup.policy': [spec.compacted ? 'compact' : 'delete'] },
          bindingVersion: '0.5.0',
        },
      },
    };
    Object.assign(operations, operationsOf(key, messageName));
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Watchfire',
      version,
      description:
        'Topics of the Watchfire alerting service. Values are JSON validated against these schemas on produce and on consume; a value that fails goes to watchfire.dlq.v1 with the reason. Generated from libs/contracts by `npm run asyncapi:generate`.',
    },
    defaultContentType: 'application/json',
    servers: {
      embedded: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The embedded single-node broker started by `npm start`.',
      },
      compose: {
        host: 'kafka:9092',
        protocol: 'kafka',
        description: 'Apache Kafka from docker-compose.yml.',
      },
    },
    channels,
    operations,
    components: { schemas: jsonSchemas(), messages },
  };
}
