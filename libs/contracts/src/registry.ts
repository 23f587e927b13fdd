import type { z } from 'zod';
import { AlertSchema } from './schemas/alert';
import { DeliverySchema } from './schemas/delivery';
import { DeadLetterSchema } from './schemas/dlq';
import { EventSchema } from './schemas/event';
import { ReportSchema } from './schemas/report';
import { RuleRecordSchema } from './schemas/rule';
import { AlertGroupStateSchema, DigestSchema, FeedSchema, SilenceRecordSchema } from './schemas/state';
import { SubscriptionRecordSchema } from './schemas/subscription';
import { TOPICS, type TopicKey, type TopicName } from './topics';

/** The schema every value on a topic must satisfy, on produce and on consume. */
export const TOPIC_SCHEMAS = {
  [TOPICS.reports]: ReportSchema,
  [TOPICS.events]: EventSchema,
  [TOPICS.alerts]: AlertSchema,
  [TOPICS.rules]: RuleRecordSchema,
  [TOPICS.subscriptions]: SubscriptionRecordSchema,
  [TOPICS.deliveries]: DeliverySchema,
  [TOPICS.dlq]: DeadLetterSchema,
  [TOPICS.alertGroups]: AlertGroupStateSchema,
  [TOPICS.silences]: SilenceRecordSchema,
  [TOPICS.digests]: DigestSchema,
  [TOPICS.feeds]: FeedSchema,
} as const satisfies Record<TopicName, z.ZodType>;

export type TopicSchemas = typeof TOPIC_SCHEMAS;
/** The TypeScript type of a topic's values. */
export type TopicValue<T extends TopicName> = z.infer<TopicSchemas[T]>;
export type TopicValueOf<K extends TopicKey> = TopicValue<(typeof TOPICS)[K]>;
