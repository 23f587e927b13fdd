import { readFileSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { openApiDocuments, renderOpenApi, SERVICES } from '../../scripts/openapi-documents';

const dir = path.join(__dirname, '..', '..', 'docs', 'openapi');
const documents = openApiDocuments();

/** The parts of an OpenAPI document these tests read. */
interface Operation {
  parameters?: Array<{ name: string }>;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
  security?: unknown;
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { required?: string[] }> };
}
const doc = (s: (typeof SERVICES)[number]) => documents[s] as unknown as Doc;
const copy = (s: (typeof SERVICES)[number]) => JSON.parse(renderOpenApi(documents[s])) as Doc;

describe('docs/openapi/<service>.json', () => {
  it.each(SERVICES)(
    '%s is what the controllers generate (run `npm run openapi:generate` after a change)',
    (s) => {
      expect(readFileSync(path.join(dir, `${s}.json`), 'utf8')).toBe(renderOpenApi(documents[s]));
    },
  );

  it.each(SERVICES)('%s is a valid OpenAPI 3.1 document with every $ref resolved', async (s) => {
    const doc = JSON.parse(readFileSync(path.join(dir, `${s}.json`), 'utf8')) as Parameters<
      typeof SwaggerParser.validate
    >[0];
    const api = (await SwaggerParser.validate(doc)) as { openapi: string; paths: Record<string, unknown> };
    expect(api.openapi).toBe('3.1.0');
    expect(Object.keys(api.paths)).toContain('/health');
  });

  it('the validator rejects a broken document (so the test above can fail)', async () => {
    const broken = copy('rules');
    broken.paths['/rules'].get.responses['401'].content = {
      'application/json': { schema: { $ref: '#/components/schemas/NoSuchSchema' } },
    };
    await expect(
      SwaggerParser.validate(broken as unknown as Parameters<typeof SwaggerParser.validate>[0]),
    ).rejects.toThrow(/NoSuchSchema/);
  });

  it('describes the routes, schemas and auth the controllers declare', () => {
    const ingestion = doc('ingestion');
    const post = ingestion.paths['/reports'].post;
    expect(Object.keys(post.requestBody?.content ?? {})).toEqual(['application/json', 'text/plain']);
    expect(post.responses['202']).toBeDefined();
    const ref = post.requestBody?.content['application/json'].schema.$ref ?? '';
    const body = ingestion.components.schemas[ref.split('/').pop() ?? ''];
    expect(body.required).toEqual(expect.arrayContaining(['source', 'body']));
    expect(ingestion.paths['/feeds'].get.security).toEqual([{ operatorToken: [] }]);
    expect(post.security).toBeUndefined();

    const rules = doc('rules');
    expect(rules.paths['/rules/{id}'].put.parameters?.map((p) => p.name)).toEqual(['id', 'if-match']);
    expect(rules.paths['/rules/{id}'].delete.responses['204']).toBeDefined();
    expect(rules.components.schemas.RuleSpec).toBeDefined();

    const notifier = doc('notifier');
    const deliveries = notifier.paths['/deliveries'].get.parameters?.map((p) => p.name);
    expect(deliveries).toEqual(['alertId', 'email', 'status', 'limit']);
    expect(Object.keys(notifier.paths['/unsubscribe'].post.responses['200'].content ?? {})).toEqual([
      'text/html',
    ]);
  });
});
