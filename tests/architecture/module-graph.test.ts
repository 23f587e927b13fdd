// The module graph of docs/architecture.md, enforced: which lib (or app) may import which. A new
// edge is a design decision — add it here and to the table in docs/architecture.md, with the reason.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

/** Production code of each module may import only these @watchfire libs (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  'libs/contracts': [],
  'libs/common': ['contracts'],
  'libs/kafka': ['common', 'contracts'],
  'libs/extraction': ['contracts'],
  'libs/rules-engine': ['contracts'],
  'libs/notify': ['contracts'],
  'libs/feeds': [],
  'libs/embedded-kafka': [],
  'libs/mail-capture': [],
  'apps/ingestion': ['common', 'contracts', 'feeds', 'kafka'],
  'apps/rules': ['common', 'contracts', 'extraction', 'kafka', 'rules-engine'],
  'apps/notifier': ['common', 'contracts', 'kafka', 'mail-capture', 'notify'],
  'apps/console': ['common'],
};

const isTestOnly = (f: string) => f.endsWith('.test.ts') || f.includes(`${path.sep}testing${path.sep}`);

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)[^'"`;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
}

function modules(kind: 'apps' | 'libs'): string[] {
  return readdirSync(path.join(ROOT, kind), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${kind}/${e.name}`);
}

/** Every import edge of a module's production sources that the graph does not allow. */
function violations(mod: string): string[] {
  const dir = path.join(ROOT, mod, 'src');
  const self = mod.split('/')[1];
  const allowed = ALLOWED[mod];
  const bad: string[] = [];
  for (const file of sources(dir).filter((f) => !isTestOnly(f))) {
    const rel = path.relative(ROOT, file);
    for (const spec of importsOf(file)) {
      const lib = /^@watchfire\/([a-z-]+)(\/.*)?$/.exec(spec);
      if (lib) {
        if (lib[2] === '/testing') bad.push(`${rel}: production code imports test helpers ${spec}`);
        else if (lib[1] !== self && allowed && !allowed.includes(lib[1])) bad.push(`${rel} -> ${spec}`);
        else if (!allowed && mod.startsWith('libs/')) bad.push(`${rel}: ${mod} is not in the graph`);
        continue;
      }
      if (spec.startsWith('.')) {
        const target = path.relative(ROOT, path.resolve(path.dirname(file), spec));
        if (!target.startsWith(`${mod}/`)) bad.push(`${rel} reaches outside ${mod} by path: ${spec}`);
        else if (/(^|\/)testing(\/|$)/.test(path.relative(mod, target)))
          bad.push(`${rel}: production code imports test helpers ${spec}`);
      }
    }
  }
  return bad;
}

describe('module graph (docs/architecture.md)', () => {
  it.each([...modules('libs'), ...modules('apps')])('%s imports only what the graph allows', (mod) => {
    if (mod.startsWith('libs/'))
      expect(ALLOWED[mod], `${mod} is new: add it to ALLOWED and to docs/architecture.md`).toBeDefined();
    expect(violations(mod)).toEqual([]);
  });

  it('has no cycles', () => {
    const seen = new Set<string>();
    const visit = (lib: string, trail: string[]): void => {
      expect(trail, `cycle ${[...trail, lib].join(' -> ')}`).not.toContain(lib);
      if (seen.has(lib)) return;
      for (const d of ALLOWED[`libs/${lib}`] ?? []) visit(d, [...trail, lib]);
      seen.add(lib);
    };
    for (const m of Object.keys(ALLOWED)) if (m.startsWith('libs/')) visit(m.split('/')[1], []);
  });

  it('sees the imports it checks (the test can fail)', () => {
    expect(importsOf(path.join(ROOT, 'apps/rules/src/grouping.service.ts'))).toContain(
      '@watchfire/rules-engine',
    );
  });
});
