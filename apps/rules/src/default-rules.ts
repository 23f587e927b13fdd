import type { EventType, Severity, WatchfireEvent } from '@watchfire/contracts';

/** The rules that ship (replaced by the operator rule engine). */
export const DEFAULT_RULES: { id: string; name: string; severity: Severity; types: EventType[] }[] = [
  { id: 'default-capital-captured', name: 'Provincial capital captured', severity: 'critical', types: ['provincial_capital_captured'] },
  { id: 'default-capital-attacked', name: 'Provincial capital attacked', severity: 'high', types: ['provincial_capital_attack'] },
  { id: 'default-border-crossing', name: 'Border crossing changed hands', severity: 'high', types: ['border_crossing_control_change'] },
];

export function matchingDefaultRules(event: WatchfireEvent) {
  if (event.status === 'denied') return [];
  return DEFAULT_RULES.filter((r) => r.types.includes(event.type));
}
