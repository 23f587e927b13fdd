/**
 * Topic names and their shape on the wire. The `.v1` suffix is the schema's major version:
 * an incompatible change gets a new topic, so consumers of v1 never see a shape they cannot read.
 */
export const TOPICS = {
  reports: 'watchfire.reports.v1',
  events: 'watchfire.events.v1',
  alerts: 'watchfire.alerts.v1',
  rules: 'watchfire.rules.v1',
  subscriptions: 'watchfire.subscriptions.v1',
  deliveries: 'watchfire.deliveries.v1',
  dlq: 'watchfire.dlq.v1',
  /** Rules service: grouping state changelog (one record per alert group), as a Kafka Streams store. */
  alertGroups: 'watchfire.alert-groups.v1',
  /** Rules service: Alertmanager-style silences. */
  silences: 'watchfire.silences.v1',
  /** Notifier: pending digests per subscriber and period. */
  digests: 'watchfire.digests.v1',
  /** Ingestion: registered RSS/Atom feeds and their poll state. */
  feeds: 'watchfire.feeds.v1',
} as const;

export type TopicKey = keyof typeof TOPICS;
export type TopicName = (typeof TOPICS)[TopicKey];

export interface TopicSpec {
  name: TopicName;
  partitions: number;
  /** Config topics are compacted and keyed by id: the latest value per key is the state, a tombstone deletes. */
  compacted: boolean;
  /** What the record key is; consumers rely on it for ordering and locality. */
  key: string;
  description: string;
}

export const TOPIC_SPECS: Record<TopicKey, TopicSpec> = {
  reports: {
    name: TOPICS.reports,
    partitions: 3,
    compacted: false,
    key: 'report id',
    description:
      'Incoming reports (news articles, field reports, feed items), de-duplicated by content hash.',
  },
  events: {
    name: TOPICS.events,
    partitions: 3,
    compacted: false,
    key: 'location id (so grouping per place is partition-local)',
    description: 'Events recognised in reports: type, place, actor, status, date, evidence.',
  },
  alerts: {
    name: TOPICS.alerts,
    partitions: 3,
    compacted: false,
    key: 'alert id',
    description:
      'One alert per real-world event per group window; later revisions are updates (status/actor change, corroboration).',
  },
  rules: {
    name: TOPICS.rules,
    partitions: 1,
    compacted: true,
    key: 'rule id',
    description: 'Operator rules; the latest record per id is the rule, a tombstone deletes it.',
  },
  subscriptions: {
    name: TOPICS.subscriptions,
    partitions: 1,
    compacted: true,
    key: 'subscription id',
    description: 'Subscribers, their filters and delivery preferences.',
  },
  deliveries: {
    name: TOPICS.deliveries,
    partitions: 3,
    compacted: true,
    key: 'delivery id (alert id, revision, subscription id)',
    description:
      'Delivery ledger: consulted before sending so that a redelivered alert is never e-mailed twice.',
  },
  dlq: {
    name: TOPICS.dlq,
    partitions: 1,
    compacted: false,
    key: 'source topic/partition/offset (identifies the original message)',
    description: 'Messages that could not be processed, with the reason.',
  },
  alertGroups: {
    name: TOPICS.alertGroups,
    partitions: 3,
    compacted: true,
    key: 'group key (type and location id)',
    description: 'Grouping state of the rules service, co-partitioned with events.',
  },
  silences: {
    name: TOPICS.silences,
    partitions: 1,
    compacted: true,
    key: 'silence id',
    description: 'Time-boxed mutes by matcher.',
  },
  digests: {
    name: TOPICS.digests,
    partitions: 3,
    compacted: true,
    key: 'subscription id and period',
    description: "Alerts waiting for a subscriber's hourly or daily digest.",
  },
  feeds: {
    name: TOPICS.feeds,
    partitions: 1,
    compacted: true,
    key: 'feed id',
    description: 'Registered RSS/Atom feeds with their poll state.',
  },
};
