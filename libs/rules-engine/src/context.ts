import { RULE_FIELDS, type RuleField, type WatchfireEvent } from '@watchfire/contracts';
import { fieldGetter, fieldValue, normalizeNameRemembered } from './fields';
import { eventText, type TextKind, TextView } from './text';

/** Each rule field's slot in a context; compiled conditions hold the slot, not the name. */
export const FIELD_INDEX = Object.fromEntries(RULE_FIELDS.map((f, i) => [f, i])) as Record<RuleField, number>;
const GETTER_AT = RULE_FIELDS.map(fieldGetter);

/**
 * One event as rules see it. What is costly to derive from the event (its texts' views, pattern
 * results) is computed at most once, however many rules look at it; normalised field values come
 * from a memo shared by all events (events repeat the same actors, sources and places).
 */
export class EventContext {
  private evidenceView: TextView | null = null;
  private reportView: TextView | null = null;
  private titleView: TextView | null = null;
  private patterns: Map<object, boolean> | null = null;

  constructor(
    readonly event: WatchfireEvent,
    private readonly textScanChars?: number,
  ) {}

  raw(f: RuleField): string | number | undefined {
    return fieldValue(this.event, f);
  }

  /** `raw` by slot (FIELD_INDEX). */
  rawAt(i: number): string | number | undefined {
    return GETTER_AT[i](this.event);
  }

  /** Pattern results per text: rules often share a pattern, and an RE2 call crosses into WebAssembly. */
  get patternResults(): Map<object, boolean> {
    return (this.patterns ??= new Map());
  }

  /** The field's value as conditions compare it (strings normalised). */
  value(f: RuleField): string | number | undefined {
    return this.valueAt(FIELD_INDEX[f]);
  }

  /** `value` by slot (FIELD_INDEX), for compiled conditions. */
  valueAt(i: number): string | number | undefined {
    // No per-event store: reading a field is cheap, and normalising its value is remembered across events.
    const raw = GETTER_AT[i](this.event);
    return typeof raw === 'string' ? normalizeNameRemembered(raw) : raw;
  }

  text(kind: TextKind): TextView {
    switch (kind) {
      case 'evidence':
        return (this.evidenceView ??= this.view(kind));
      case 'report':
        return (this.reportView ??= this.view(kind));
      case 'title':
        return (this.titleView ??= this.view(kind));
    }
  }

  private view(kind: TextKind): TextView {
    return new TextView(eventText(this.event, kind), this.textScanChars);
  }
}
