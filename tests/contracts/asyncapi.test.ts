import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '@watchfire/common';
import { TOPIC_FLOWS, TOPIC_SCHEMAS, TOPIC_SPECS, jsonSchemas, schemaIdOf } from '@watchfire/contracts';
import { resolveNotifierOptions } from '../../apps/notifier/src/notifier-options';

const file = path.join(__dirname, '..', '..', 'docs', 'asyncapi.yaml');
const text = readFileSync(file, 'utf8');

describe('docs/asyncapi.yaml', () => {
  it('is a valid AsyncAPI 3 document', async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics.filter((d) => Number(d.severity) === 0);
    expect(errors.map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    const addresses = document!
      .channels()
      .all()
      .map((c) => c.address());
    expect(addresses.sort()).toEqual(
      Object.values(TOPIC_SPECS)
        .map((s) => s.name)
        .sort(),
    );
  });

  it('describes every topic with the payload schema libs/contracts validates with', async () => {
    const { document } = await new Parser().parse(text);
    for (const spec of Object.values(TOPIC_SPECS)) {
      const channel = document!
        .channels()
        .all()
        .find((c) => c.address() === spec.name);
      expect(channel, spec.name).toBeDefined();
      const payloadIds = channel!
        .messages()
        .all()
        .map((m) => m.payload()?.id());
      expect(payloadIds, spec.name).toContain(schemaIdOf(TOPIC_SCHEMAS[spec.name]));
    }
  });

  it('has exactly the JSON Schemas generated from libs/contracts (run `npm run asyncapi:generate` after a schema change)', () => {
    const doc = parseYaml(text) as { components: { schemas: unknown } };
    expect(doc.components.schemas).toEqual(jsonSchemas());
  });
});

describe('docs/asyncapi.yaml operations', () => {
  it('say which service sends and which receives each channel, with the consumer group', async () => {
    const { document } = await new Parser().parse(text);
    const ops = document!.operations().all();
    for (const spec of Object.values(TOPIC_SPECS)) {
      const onChannel = ops.filter((o) =>
        o
          .channels()
          .all()
          .some((c) => c.address() === spec.name),
      );
      const key = (Object.keys(TOPIC_FLOWS) as Array<keyof typeof TOPIC_FLOWS>).find(
        (k) => TOPIC_SPECS[k].name === spec.name,
      )!;
      const flow = TOPIC_FLOWS[key];
      expect(onChannel.filter((o) => o.action() === 'send').length, spec.name).toBe(flow.senders.length);
      expect(flow.senders.length, `${spec.name} has a sender`).toBeGreaterThan(0);
      const receives = onChannel.filter((o) => o.action() === 'receive');
      expect(receives.length, spec.name).toBe(flow.receivers.length);
      for (const o of receives) {
        const groupId = (o.bindings().get('kafka')?.value() as { groupId?: unknown }).groupId;
        expect(groupId, `${o.id()} names its consumer group`).toBeDefined();
        expect(
          o
            .tags()
            .all()
            .map((t) => t.name()),
        ).toHaveLength(1);
      }
    }
  });

  it('name the consumer groups the services really use', () => {
    expect(TOPIC_FLOWS.alerts.receivers[0].group).toBe(resolveNotifierOptions({}).groupId);
    expect(TOPIC_FLOWS.feeds.receivers.map((r) => r.group)).toContain(
      `${parseConfig({}).kafkaClientId}-ingestion-feed-poller`,
    );
  });
});
