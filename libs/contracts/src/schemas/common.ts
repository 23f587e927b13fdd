import { z } from 'zod';

export const IsoDateTime = z.iso.datetime({ offset: true });
export const IsoDate = z.iso.date();
export const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

export const EVENT_TYPES = [
  'provincial_capital_attack',
  'provincial_capital_captured',
  'border_crossing_control_change',
] as const;
export const EventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventTypeSchema>;

export const EVENT_STATUSES = ['claimed', 'reported', 'confirmed', 'denied'] as const;
export const EventStatusSchema = z.enum(EVENT_STATUSES);
export type EventStatus = z.infer<typeof EventStatusSchema>;
/** How firm a report is, for "at least reported" filters; a denial is not on this scale (rank -1). */
export const STATUS_ORDER = ['claimed', 'reported', 'confirmed'] as const;
export const statusRank = (s: EventStatus): number =>
  STATUS_ORDER.indexOf(s as (typeof STATUS_ORDER)[number]);

/** Ordered from least to most severe; comparisons use the index. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);
