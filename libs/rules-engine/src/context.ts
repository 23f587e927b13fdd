import { RULE_FIELDS, type RuleField, type WatchfireEvent } from '@watchfire/contracts';
import { fieldGetter, fieldValue, normString } from './fields';
import { eventText, type TextKind, TextView } from './text';

/** Each rule field's slot in a context; compiled conditions hold the slot, not the name. */
export const FIELD_INDEX = Object.fromEntries(RULE_FIELDS.map((f, i) => [f, i])) as Record<RuleField, number>;
const UNSET = Symbol('unset');
const GETTER_AT = RULE_FIELDS.map(fieldGetter);

/**
 * One event as rules see it. Everything derived from the event (normalised field values,
 * tokenised texts) is computed at most once, however many rules look at it.
 */
export class EventContext {
  /** Normalised values by slot, made on the first condition that reads a field (many events need none). */
  private norm: (string | number | undefined | typeof UNSET)[] | null = null;
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
    return GETTER_AT[i]!(this.event);
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
    const norm = (this.norm ??= new Array(RULE_FIELDS.length).fill(UNSET));
    const v = norm[i];
    if (v !== UNSET) return v as string | number | undefined;
    const raw = GETTER_AT[i]!(this.event);
    const n = typeof raw === 'string' ? normString(raw) : raw;
    norm[i] = n;
    return n;
  }

  text(kind: TextKind): TextView {
    switch (kind) {
      case 'evidence': return (this.evidenceView ??= this.view(kind));
      case 'report': return (this.reportView ??= this.view(kind));
      case 'title': return (this.titleView ??= this.view(kind));
    }
  }

  private view(kind: TextKind): TextView {
    return new TextView(eventText(this.event, kind), this.textScanChars);
  }
}
