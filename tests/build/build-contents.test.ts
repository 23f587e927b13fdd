import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(__dirname, '..', '..');

/** What `npm run build` compiles (tsc --listFilesOnly: resolves imports, emits nothing). */
function buildInputs(): string[] {
  const out = execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--listFilesOnly'],
    { cwd: root, encoding: 'utf8' },
  );
  return out
    .split('\n')
    .map((f) => f.trim())
    .filter((f) => f && !f.includes('/node_modules/'))
    .map((f) => path.relative(root, f));
}

// Test code is recognised by where it lives and what it is called (see the test convention in the README).
const TEST_CODE =
  /\.test\.ts$|(^|\/)(tests?|testing|bench|eval|fixtures)\/|(^|\/)fixtures\.ts$|\.fixture\.ts$/;

describe('the production build (tsconfig.build.json)', () => {
  const files = buildInputs();

  it('compiles every entry point', () => {
    for (const entry of [
      'apps/ingestion/src/main.ts',
      'apps/rules/src/main.ts',
      'apps/notifier/src/main.ts',
      'apps/console/src/main.ts',
      'scripts/start.ts',
      'scripts/import.ts',
      'libs/embedded-kafka/src/cli.ts',
    ])
      expect(files).toContain(entry);
  });

  it('compiles no test code, not even through an import from production code', () => {
    expect(files.filter((f) => TEST_CODE.test(f))).toEqual([]);
  });
});
