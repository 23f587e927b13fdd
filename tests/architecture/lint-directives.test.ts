// Every eslint-disable says why, on the same line: `// eslint-disable-next-line rule -- reason`.
// (An unused directive is already an error: reportUnusedDisableDirectives in eslint.config.mjs.)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const SKIP = new Set(['node_modules', 'dist', 'data', '.git', 'coverage']);

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (/\.(ts|mts|js|mjs|cjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

export function reasonlessDisables(text: string): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /eslint-disable(?:-next-line|-line)?\b(.*)$/.exec(line);
    if (m && !/\s--\s*\S/.test(m[1])) lines.push(i + 1);
  });
  return lines;
}

describe('eslint-disable directives', () => {
  it('recognises a directive without a reason', () => {
    expect(reasonlessDisables('// eslint-disable-next-line no-console\nfoo();')).toEqual([1]);
    expect(reasonlessDisables('// eslint-disable-next-line no-console -- CLI output\nfoo();')).toEqual([]);
  });

  it('all carry a reason on the same line', () => {
    const bad = files(ROOT)
      .filter((f) => !f.endsWith(path.join('architecture', 'lint-directives.test.ts')))
      .flatMap((f) =>
        reasonlessDisables(readFileSync(f, 'utf8')).map((n) => `${path.relative(ROOT, f)}:${n}`),
      );
    expect(bad).toEqual([]);
  });
});
