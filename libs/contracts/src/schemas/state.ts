import { z } from 'zod';
import { EventStatusSchema, EventTypeSchema, Id, IsoDateTime, SeveritySchema } from './common';
import { AlertSchema, AlertSourceSchema } from './alert';
import { DurationSchema, RuleFieldSchema } from './rule';

/**
 * Grouping state of one alert group (watchfire.alert-groups.v1, key: group key `${type}|${location.id}`).
 * Owned by the rules service. Written to the same partition number as the event that changed it,
 * so the state of a partition of watchfire.events.v1 is the same partition of this changelog.
 */
export const AlertGroupSchema = z
  .object({
    kind: z.literal('group').optional(),
    key: z.string().max(400),
    alertId: Id,
    /** 0 until a rule fires (e.g. a threshold not reached yet); then the revision of the last alert sent. */
    revision: z.number().int().min(0),
    type: EventTypeSchema,
    locationId: Id,
    status: EventStatusSchema,
    actor: z.string().max(200).optional(),
    firstSeenAt: IsoDateTime,
    lastSeenAt: IsoDateTime,
    windowEndsAt: IsoDateTime,
    /** The latest reports of the group (for idempotence on redelivery). */
    reportIds: z.array(Id).max(500),
    /** Distinct reports seen in the group (may exceed reportIds, which keeps the latest 500). */
    corroboration: z.number().int().min(0).optional(),
    sources: z.array(AlertSourceSchema).max(100),
    /** Per rule: when it fired and last alerted (for realert) and the matching events seen (for thresholds). */
    rules: z.record(
      z.string(),
      z.object({
        name: z.string().max(200).optional(),
        severity: SeveritySchema.optional(),
        realert: DurationSchema.optional(),
        firedAt: IsoDateTime.optional(),
        notifiedAt: IsoDateTime.optional(),
        matches: z.array(z.object({ at: IsoDateTime, value: z.string().max(400).optional() })).max(10_000),
      }),
    ),
    lastAlertAt: IsoDateTime.optional(),
    severity: SeveritySchema.optional(),
    /** Changes held back by realert; sent with the next alert of the group. */
    pendingChanges: z.array(z.string().max(500)).max(20).optional(),
    /**
     * The last alert of the group was silenced: nobody was told. The next report after the silence
     * ends sends the group's alert once (a new revision), then the group behaves as if never silenced.
     */
    silenced: z.boolean().optional(),
  })
  .meta({ id: 'AlertGroup' });
/** The state of one alert group (the common record of watchfire.alert-groups.v1). */
export type AlertGroupState = z.infer<typeof AlertGroupSchema>;

/**
 * watchfire.alert-groups.v1 (key: `threshold|${ruleId}|p${partition}`): for a threshold counted across
 * groups (distinct by a field that is constant within a group, e.g. distinct location.id), the
 * matching events one events partition has seen for the rule. The instance that owns the partition
 * writes it; every instance reads all partitions' records to count across them.
 */
export const RuleThresholdStateSchema = z
  .object({
    kind: z.literal('rule-threshold'),
    key: z.string().max(400),
    ruleId: Id,
    partition: z.number().int().min(0),
    matches: z
      .array(z.object({ at: IsoDateTime, reportId: Id, value: z.string().max(400).optional() }))
      .max(10_000),
    firedAt: IsoDateTime.optional(),
  })
  .meta({ id: 'RuleThresholdState' });
export type RuleThresholdState = z.infer<typeof RuleThresholdStateSchema>;

/** A record of the grouping changelog: an alert group, or a rule-scoped threshold's count for one partition. */
export const AlertGroupStateSchema = z
  .union([AlertGroupSchema, RuleThresholdStateSchema])
  .meta({ id: 'AlertGroupState' });
export type AlertGroupsRecord = z.infer<typeof AlertGroupStateSchema>;

export const SilenceMatcherSchema = z
  .object({
    field: RuleFieldSchema.or(z.enum(['severity', 'ruleId'])),
    eq: z.string().max(200).optional(),
    in: z.array(z.string().max(200)).min(1).max(100).optional(),
  })
  .strict()
  .refine((m) => (m.eq === undefined) !== (m.in === undefined), 'a matcher needs exactly one of eq, in')
  .meta({ id: 'SilenceMatcher' });

const SilenceFields = {
  matchers: z.array(SilenceMatcherSchema).min(1).max(20),
  startsAt: IsoDateTime.optional(),
  endsAt: IsoDateTime,
  comment: z.string().max(2_000).optional(),
};

/** POST /silences: as in Alertmanager, an end (`endsAt`) or a length (`duration`, from startsAt or now). */
export const SilenceSpecSchema = z
  .object({
    ...SilenceFields,
    endsAt: IsoDateTime.optional(),
    duration: DurationSchema.optional().describe('e.g. "2h": the silence ends this long after it starts.'),
  })
  .strict()
  .refine((s) => (s.endsAt === undefined) !== (s.duration === undefined), {
    message: 'give exactly one of endsAt or duration (e.g. "2h")',
    path: ['endsAt'],
  })
  .meta({ id: 'SilenceSpec' });
export type SilenceSpec = z.infer<typeof SilenceSpecSchema>;

/** watchfire.silences.v1 (key: id). DELETE expires a silence (endsAt = then); it stays listed as expired. */
export const SilenceRecordSchema = z
  .object({
    ...SilenceFields,
    id: Id,
    startsAt: IsoDateTime,
    createdAt: IsoDateTime,
    createdBy: z.string().max(200),
    expiredBy: z.string().max(200).optional().describe('Who expired it early (DELETE), if anyone.'),
  })
  .meta({ id: 'Silence' });
export type SilenceRecord = z.infer<typeof SilenceRecordSchema>;

/**
 * watchfire.digests.v1 (key: `${subscriptionId}|${periodStart}|${alertId}`): one alert waiting
 * for a subscriber's hourly or daily digest. One record per alert (not one per digest) so that
 * instances adding alerts from different partitions never overwrite each other; a later revision
 * of the alert replaces the entry. Tombstones remove the entries once the digest has been sent.
 */
export const DigestSchema = z
  .object({
    id: z.string().max(400),
    subscriptionId: Id,
    period: z.enum(['hourly', 'daily']),
    periodStart: IsoDateTime,
    periodEnd: IsoDateTime,
    alertId: Id,
    revision: z.number().int().min(1),
    alert: AlertSchema.describe('The alert as it will be rendered (sources trimmed).'),
    updatedAt: IsoDateTime,
  })
  .meta({ id: 'Digest' });
export type Digest = z.infer<typeof DigestSchema>;

/** watchfire.feeds.v1 (key: id). */
export const FeedSchema = z
  .object({
    id: Id,
    url: z.string().max(2_048),
    source: z.string().max(200),
    intervalSeconds: z.number().int().min(30).max(86_400),
    createdAt: IsoDateTime,
    createdBy: z.string().max(200),
    etag: z.string().max(1_000).optional(),
    lastModified: z.string().max(200).optional(),
    lastPolledAt: IsoDateTime.optional(),
    lastStatus: z.string().max(200).optional(),
    lastError: z.string().max(2_000).optional(),
    consecutiveFailures: z.number().int().min(0).optional(),
    seenItems: z
      .array(z.string().max(128))
      .max(5_000)
      .optional()
      .describe('Hashes of item GUIDs/links already published.'),
  })
  .meta({ id: 'Feed' });
export type Feed = z.infer<typeof FeedSchema>;
