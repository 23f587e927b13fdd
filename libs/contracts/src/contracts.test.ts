import { describe, expect, it } from 'vitest';
import {
  EmailSchema,
  MessageValidationError,
  RuleSpecSchema,
  SubscriptionSpecSchema,
  TOPIC_SCHEMAS,
  TOPIC_SPECS,
  TOPICS,
  parseWith,
  validateTopicValue,
} from '@watchfire/contracts';

const issueExample = {
  name: 'Iran border crossings',
  description: 'x',
  enabled: true,
  severity: 'high',
  when: {
    all: [
      { field: 'type', in: ['border_crossing_control_change'] },
      { field: 'location.neighbor', in: ['Iran'] },
      {
        any: [
          { field: 'status', in: ['claimed', 'confirmed'] },
          { not: { field: 'actor', eq: 'government forces' } },
        ],
      },
      { field: 'confidence', gte: 0.6 },
      { text: 'evidence', contains: ['border'] },
      { text: 'report', matches: '(?i)seiz(ed|ure)' },
    ],
  },
  threshold: { count: 3, within: '24h', distinct: 'location.id' },
};

describe('rule spec schema', () => {
  it('accepts the shape from the rules issue', () => {
    expect(parseWith(RuleSpecSchema, issueExample).ok).toBe(true);
  });
  it('names the path and reason of a bad condition', () => {
    const bad = structuredClone(issueExample) as any;
    bad.when.all[3] = { field: 'confidence', gte: 'high' };
    bad.when.all[0] = { field: 'colour', in: ['red'] };
    const r = parseWith(RuleSpecSchema, bad);
    expect(r.ok).toBe(false);
    const paths = !r.ok ? r.errors.map((e) => e.path) : [];
    expect(paths).toContain('when.all.3.gte');
    expect(paths).toContain('when.all.0.field');
  });
  it('refuses a node that mixes kinds or has no operator', () => {
    for (const when of [
      { field: 'type' },
      { field: 'type', eq: 'x', all: [{ field: 'type', eq: 'x' }] },
      { text: 'report', contains: ['a'], matches: 'a' },
      {},
    ]) {
      const r = parseWith(RuleSpecSchema, { ...issueExample, when });
      expect(r.ok, JSON.stringify(when)).toBe(false);
    }
  });
  it('refuses unknown keys and bad durations', () => {
    expect(parseWith(RuleSpecSchema, { ...issueExample, colour: 1 }).ok).toBe(false);
    expect(parseWith(RuleSpecSchema, { ...issueExample, realert: '5 minutes' }).ok).toBe(false);
  });
});

describe('e-mail addresses', () => {
  it('normalises the domain and trims', () => {
    expect(EmailSchema.parse('  Ana@Example.ORG ')).toBe('Ana@example.org');
  });
  it.each([
    'a@b.org\r\nBcc: x@y.org',
    'a@b.org, c@d.org',
    '"a b"@c.org',
    'a@b',
    'a@@b.org',
    'Name <a@b.org>',
    'a@b.org\n',
  ])('refuses %j', (e) => {
    expect(SubscriptionSpecSchema.safeParse({ email: e }).success).toBe(false);
  });
  it('defaults delivery to immediate', () => {
    expect(SubscriptionSpecSchema.parse({ email: 'a@b.org' }).delivery).toBe('immediate');
  });
});

describe('topic registry', () => {
  it('has a schema and a spec for every topic', () => {
    for (const [key, name] of Object.entries(TOPICS)) {
      expect(TOPIC_SCHEMAS[name], name).toBeDefined();
      expect(TOPIC_SPECS[key as keyof typeof TOPICS].name).toBe(name);
    }
  });
  it('validates on the way through and names bad fields', () => {
    expect(() => validateTopicValue(TOPICS.reports, { id: 'x' })).toThrow(MessageValidationError);
    try {
      validateTopicValue(TOPICS.reports, { id: 'x', source: 's', body: '' });
    } catch (e) {
      expect((e as MessageValidationError).errors.map((x) => x.path)).toEqual(
        expect.arrayContaining(['body', 'receivedAt', 'contentHash']),
      );
    }
  });
});
