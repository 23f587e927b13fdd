import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli';
import type { ExtractedEvent } from '../src';

/** One output line of the CLI. */
interface OutLine {
  id: string | null;
  events: ExtractedEvent[];
  error?: string;
}
const parseLine = (l: string): OutLine => JSON.parse(l) as OutLine;

const ROOT = resolve(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'wf-extract-'));
const file = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

async function run(args: string[], stdinText?: string) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  if (stdinText !== undefined) stdin.end(stdinText);
  const code = await main(args, { stdin, stdout, stderr });
  return { code, out, err };
}

const GOOD = [
  { id: 'a', text: 'Taliban fighters seized Ghazni on Thursday, officials said.', publishedAt: '2021-08-12' },
  { id: 'b', text: 'Trade through Torkham resumed on Monday.' },
  { id: 'c', text: 'date 2021-07-09\nTaliban fighters attacked Qala-i-Naw on Wednesday.' },
];

describe('extract CLI', () => {
  it('prints exactly one {"id","events"} line per input line, in order, and nothing else', async () => {
    const p = file('good.ndjson', GOOD.map((g) => JSON.stringify(g)).join('\n') + '\n');
    const { code, out, err } = await run([p]);
    expect(code).toBe(0);
    expect(err).toBe('');
    const lines = out.trimEnd().split('\n').map(parseLine);
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 'c']);
    expect(Object.keys(lines[0])).toEqual(['id', 'events']);
    expect(lines[0].events[0]).toMatchObject({
      reportId: 'a',
      type: 'provincial_capital_captured',
      location: { id: 'af-ghazni-ghazni' },
      eventDate: '2021-08-12',
    });
    expect(lines[1].events).toEqual([]);
    expect(lines[2].events[0]).toMatchObject({ type: 'provincial_capital_attack', eventDate: '2021-07-07' });
  });

  it('answers a bad line in-band with an error (id when known), reports it on stderr and exits 1', async () => {
    const p = file(
      'bad.ndjson',
      [
        '{"id":"ok","text":"Kunduz fell on Sunday."}',
        'not json',
        '',
        '{"id":"x"}',
        '{"text":"no id"}',
        '[1,2]',
        '{"id":"d","text":"t","publishedAt":"soon"}',
        '{"id":7,"text":"Herat fell."}',
      ].join('\r\n'),
    );
    const { code, out, err } = await run([p]);
    expect(code).toBe(1);
    const lines = out.trimEnd().split('\n').map(parseLine);
    expect(lines).toHaveLength(8);
    expect(lines.map((l) => [l.id, l.error !== undefined])).toEqual([
      ['ok', false],
      [null, true],
      [null, true],
      ['x', true],
      [null, true],
      [null, true],
      ['d', true],
      ['7', false],
    ]);
    expect(lines[1]).toEqual({
      id: null,
      events: [],
      error: expect.stringMatching(/^line 2: not valid JSON/) as string,
    });
    expect(lines[3].error).toBe('line 4: text must be a string');
    expect(err.trimEnd().split('\n')).toHaveLength(6);
    expect(err).toMatch(/^extract: line 2: /m);
  });

  it('reads stdin with "-"', async () => {
    const { code, out } = await run(['-'], JSON.stringify(GOOD[0]) + '\n');
    expect(code).toBe(0);
    expect(parseLine(out).events).toHaveLength(1);
  });

  it('exits 2 with one clear stderr line for a missing file or bad arguments', async () => {
    for (const args of [
      [join(dir, 'nope.ndjson')],
      [],
      ['--bogus', 'x'],
      ['a', 'b'],
      [file('x.ndjson', ''), '--places', join(dir, 'nope.json')],
    ]) {
      const { code, out, err } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(out).toBe('');
      expect(err.trimEnd().split('\n')).toHaveLength(1);
      expect(err).toMatch(/^extract: /);
    }
  });

  it('adds operator places with --places and rejects an invalid places file', async () => {
    const places = file(
      'places.json',
      JSON.stringify([
        {
          id: 'sy-bab-al-hawa',
          name: 'Bab al-Hawa',
          kind: 'border_crossing',
          province: 'Idlib',
          country: 'Syria',
          neighbor: 'Turkey',
        },
      ]),
    );
    const input = file(
      'sy.ndjson',
      JSON.stringify({ id: 's', text: 'Rebels seized Bab al-Hawa on Sunday.', publishedAt: '2024-12-08' }) +
        '\n',
    );
    const ok = await run([input, '--places', places]);
    expect(ok.code).toBe(0);
    expect(parseLine(ok.out).events[0].location.id).toBe('sy-bab-al-hawa');
    const bad = file(
      'bad-places.json',
      JSON.stringify([{ id: 'x', name: 'X', kind: 'border_crossing', province: 'P', country: 'C' }]),
    );
    const r = await run([input, '--places', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^extract: invalid places file .*places\[0\]\.neighbor: required/);
  });

  it('works end to end through npm run --silent extract (stdout is NDJSON only)', () => {
    const p = file('e2e.ndjson', GOOD.map((g) => JSON.stringify(g)).join('\n') + '\nnot json\n');
    const r = spawnSync('npm', ['run', '--silent', 'extract', '--', p], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(() => parseLine(l)).not.toThrow();
    expect(r.stderr).toMatch(/extract: line 4: not valid JSON/);
    const missing = spawnSync('npm', ['run', '--silent', 'extract', '--', join(dir, 'missing.ndjson')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^extract: cannot read .*missing\.ndjson: no such file$/m);
  });
});
