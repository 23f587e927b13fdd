import { z } from 'zod';
import { EventTypeSchema, Id, IsoDateTime, SeveritySchema, STATUS_ORDER } from './common';

export const SUBSCRIPTION_LIMITS = { emailChars: 254, nameChars: 200, filterItems: 100 } as const;

// Deliberately strict: no quoted local parts, no comments, no whitespace or control characters,
// so nothing that reaches a mail header can smuggle CR/LF or a second address.
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
export const EmailSchema = z
  .string()
  .max(SUBSCRIPTION_LIMITS.emailChars)
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters (CR/LF would be a header injection)')
  .transform((s) => s.trim())
  .pipe(z.string().regex(EMAIL, 'a plain address such as analyst@example.org'))
  .transform((s) => {
    const at = s.lastIndexOf('@');
    return `${s.slice(0, at)}@${s.slice(at + 1).toLowerCase()}`;
  });

const List = (item: z.ZodType<string>) => z.array(item).min(1).max(SUBSCRIPTION_LIMITS.filterItems);
const Name = z.string().min(1).max(200);

export const SubscriptionFilterSchema = z
  .object({
    eventTypes: List(EventTypeSchema).optional(),
    provinces: List(Name).optional(),
    countries: List(Name).optional(),
    neighbors: List(Name).optional(),
    locationIds: List(Id).optional(),
    minSeverity: SeveritySchema.optional(),
    minStatus: z
      .enum(STATUS_ORDER)
      .optional()
      .describe('Only alerts at least this firm (claimed < reported < confirmed); denials always pass.'),
    ruleIds: List(Id).optional(),
  })
  .strict()
  .meta({
    id: 'SubscriptionFilter',
    description: 'Every given criterion must hold (AND); a list matches any of its values (OR).',
  });
export type SubscriptionFilter = z.infer<typeof SubscriptionFilterSchema>;

export const DeliveryModeSchema = z.enum(['immediate', 'hourly', 'daily']);
export type DeliveryMode = z.infer<typeof DeliveryModeSchema>;

/** What an operator or a subscriber writes. */
export const SubscriptionSpecSchema = z
  .object({
    email: EmailSchema,
    name: z
      .string()
      .max(SUBSCRIPTION_LIMITS.nameChars)
      .regex(/^[^\r\n\u0000-\u001f]*$/, 'no control characters')
      .optional(),
    filter: SubscriptionFilterSchema.optional(),
    delivery: DeliveryModeSchema.default('immediate'),
    timezone: z.string().max(64).optional().describe('IANA zone for times in e-mails, e.g. Asia/Kabul.'),
  })
  .strict()
  .meta({ id: 'SubscriptionSpec' });
export type SubscriptionSpec = z.infer<typeof SubscriptionSpecSchema>;
export type SubscriptionSpecInput = z.input<typeof SubscriptionSpecSchema>;

/** The record on watchfire.subscriptions.v1 (key: id). A tombstone deletes. */
export const SubscriptionRecordSchema = z
  .object({
    id: Id,
    email: z.string().max(SUBSCRIPTION_LIMITS.emailChars),
    name: z.string().max(SUBSCRIPTION_LIMITS.nameChars).optional(),
    filter: SubscriptionFilterSchema.optional(),
    delivery: DeliveryModeSchema,
    timezone: z.string().max(64).optional(),
    status: z
      .enum(['pending', 'active', 'paused', 'unsubscribed'])
      .describe(
        "Only active subscriptions receive mail; paused is the subscriber's own pause (manage page).",
      ),
    version: z.number().int().min(1),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    confirmedAt: IsoDateTime.optional(),
    unsubscribedAt: IsoDateTime.optional(),
  })
  .meta({ id: 'Subscription' });
export type SubscriptionRecord = z.infer<typeof SubscriptionRecordSchema>;
