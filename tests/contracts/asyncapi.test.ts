import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { TOPIC_SCHEMAS, TOPIC_SPECS, jsonSchemas, schemaIdOf } from '@watchfire/contracts';

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
