import type { RuleSpec } from '@watchfire/contracts';

/** The rules that ship; written to watchfire.rules.v1 when the topic is empty. Each excludes denials. */
export const DEFAULT_RULES: readonly (RuleSpec & { id: string })[] = [
  {
    id: 'default-capital-captured',
    name: 'Provincial capital captured',
    description: 'A provincial capital reported, claimed or confirmed as captured (denials excluded).',
    enabled: true,
    severity: 'critical',
    when: {
      all: [
        { field: 'type', in: ['provincial_capital_captured'] },
        { not: { field: 'status', eq: 'denied' } },
      ],
    },
  },
  {
    id: 'default-capital-attacked',
    name: 'Provincial capital attacked',
    description: 'An attack on a provincial capital reported, claimed or confirmed (denials excluded).',
    enabled: true,
    severity: 'high',
    when: {
      all: [{ field: 'type', in: ['provincial_capital_attack'] }, { not: { field: 'status', eq: 'denied' } }],
    },
  },
  {
    id: 'default-border-crossing',
    name: 'Border crossing changed hands',
    description:
      'A border crossing reported, claimed or confirmed as taken by another side (denials excluded).',
    enabled: true,
    severity: 'high',
    when: {
      all: [
        { field: 'type', in: ['border_crossing_control_change'] },
        { not: { field: 'status', eq: 'denied' } },
      ],
    },
  },
];
