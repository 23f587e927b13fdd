import { RULE_FIELDS, type RuleField, type WatchfireEvent } from '@watchfire/contracts';
import { fieldValue, normString } from './fields';
import { eventText, type TextKind, TextView } from './text';

/** Each rule field's slot in a context; compiled conditions hold the slot, not the name. */
export const FIELD_INDEX = Object.fromEntries(RULE_FIELDS.map((f, i) => [f, i])) as Record<RuleField, number>;
const UNSET = Symbol('unset');

/**
 * One event as rules see it. Everything derived from the event (normalised field values,
 * tokenised texts) is computed at most once, however many rules look at it.
 */
export class EventContext {
  private readonly norm: (string | number | undefined | typeof UNSET)[] = new Array(RULE_FIELDS.length).fill(UNSET);
  private readonly texts: Partial<Record<TextKind, TextView>> = {};
  /** Pattern results per text: rules often share a pattern, and an RE2 call crosses into WebAssembly. */
  readonly patternResults = new Map<object, boolean>();

  constructor(
    readonly event: WatchfireEvent,
    private readonly textScanChars?: number,
  ) {}

  raw(f: RuleField): string | number | undefined {
    return fieldValue(this.event, f);
  }

  /** The field's value as conditions compare it (strings normalised). */
  value(f: RuleField): string | number | undefined {
    return this.valueAt(FIELD_INDEX[f]);
  }

  /** `value` by slot (FIELD_INDEX), for compiled conditions. */
  valueAt(i: number): string | number | undefined {
    const v = this.norm[i];
    if (v !== UNSET) return v as string | number | undefined;
    const raw = fieldValue(this.event, RULE_FIELDS[i]!);
    const n = typeof raw === 'string' ? normString(raw) : raw;
    this.norm[i] = n;
    return n;
  }

  text(kind: TextKind): TextView {
    return (this.texts[kind] ??= new TextView(eventText(this.event, kind), this.textScanChars));
  }
}
