import { readFileSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { openApiDocuments, renderOpenApi, SERVICES } from '../../scripts/openapi-documents';

const dir = path.join(__dirname, '..', '..', 'docs', 'openapi');
const documents = openApiDocuments();

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
    const broken = JSON.parse(renderOpenApi(documents.rules)) as any;
    broken.paths['/rules'].get.responses['401'].content['application/json'].schema.$ref =
      '#/components/schemas/NoSuchSchema';
    await expect(SwaggerParser.validate(broken)).rejects.toThrow(/NoSuchSchema/);
  });

  it('describes the routes, schemas and auth the controllers declare', () => {
    const ingestion = documents.ingestion as any;
    const post = ingestion.paths['/reports'].post;
    expect(Object.keys(post.requestBody.content)).toEqual(['application/json', 'text/plain']);
    expect(post.responses['202']).toBeDefined();
    const body =
      ingestion.components.schemas[post.requestBody.content['application/json'].schema.$ref.split('/').pop()];
    expect(body.required).toEqual(expect.arrayContaining(['source', 'body']));
    expect(ingestion.paths['/feeds'].get.security).toEqual([{ operatorToken: [] }]);
    expect(ingestion.paths['/reports'].post.security).toBeUndefined();

    const rules = documents.rules as any;
    expect(rules.paths['/rules/{id}'].put.parameters.map((p: { name: string }) => p.name)).toEqual([
      'id',
      'if-match',
    ]);
    expect(rules.paths['/rules/{id}'].delete.responses['204']).toBeDefined();
    expect(rules.components.schemas.RuleSpec).toBeDefined();

    const notifier = documents.notifier as any;
    const deliveries = notifier.paths['/deliveries'].get.parameters.map((p: { name: string }) => p.name);
    expect(deliveries).toEqual(['alertId', 'email', 'status', 'limit']);
    expect(Object.keys(notifier.paths['/unsubscribe'].post.responses['200'].content)).toEqual(['text/html']);
  });
});
