// Writes docs/asyncapi.yaml from libs/contracts. Run after changing a schema: npm run asyncapi:generate
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { buildAsyncApiDocument } from '@watchfire/contracts';
import pkg from '../package.json';

const out = path.join(__dirname, '..', 'docs', 'asyncapi.yaml');
writeFileSync(out, renderAsyncApiYaml());
console.log(`wrote ${path.relative(process.cwd(), out)}`);

export function renderAsyncApiYaml(): string {
  return `# Generated from libs/contracts by \`npm run asyncapi:generate\`; do not edit by hand.\n${stringify(buildAsyncApiDocument(pkg.version), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
