// Writes docs/openapi/<service>.json from the controllers. Run after changing a route or its
// schema: npm run openapi:generate (a test fails while the files are stale).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocuments, renderOpenApi } from './openapi-documents';

const dir = path.join(__dirname, '..', 'docs', 'openapi');
for (const [service, doc] of Object.entries(openApiDocuments())) {
  const out = path.join(dir, `${service}.json`);
  writeFileSync(out, renderOpenApi(doc));
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}
