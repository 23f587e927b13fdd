import { describe, expect, it } from 'vitest';
import { parseExposition } from './prom-text';

const ok = `# HELP watchfire_x_total Things
# TYPE watchfire_x_total counter
watchfire_x_total{reason="a \\"quoted\\" one"} 3
# HELP watchfire_d_seconds Durations
# TYPE watchfire_d_seconds histogram
watchfire_d_seconds_bucket{le="0.1"} 1
watchfire_d_seconds_bucket{le="1"} 2
watchfire_d_seconds_bucket{le="+Inf"} 2
watchfire_d_seconds_sum 0.6
watchfire_d_seconds_count 2
`;

describe('parseExposition (the strict reader the metrics tests use)', () => {
  it('reads a valid exposition, with escaped label values', () => {
    const { families, problems } = parseExposition(ok);
    expect(problems).toEqual([]);
    expect(families.get('watchfire_x_total')!.samples[0].labels.reason).toBe('a "quoted" one');
    expect(families.get('watchfire_d_seconds')!.samples).toHaveLength(5);
  });

  it.each([
    ['a counter without _total', ok.replaceAll('watchfire_x_total', 'watchfire_x'), /must end in _total/],
    ['a sample before its TYPE', 'watchfire_y 1\n', /no # TYPE/],
    ['a duplicate series', `${ok}watchfire_x_total{reason="a \\"quoted\\" one"} 4\n`, /duplicate series/],
    ['an unquoted label', ok.replace('{reason="a \\"quoted\\" one"}', '{reason=a}'), /not quoted/],
    ['a non-cumulative histogram', ok.replace('{le="1"} 2', '{le="1"} 0'), /not cumulative/],
    ['+Inf bucket different from _count', ok.replace('_count 2', '_count 3'), /\+Inf bucket != _count/],
    ['no trailing newline', ok.trimEnd(), /end with a newline/],
    ['a bad value', ok.replace('_sum 0.6', '_sum 0,6'), /bad value/],
  ])('rejects %s', (_, text, problem) => {
    const { problems } = parseExposition(text);
    expect(problems.join('\n')).toMatch(problem);
  });
});
