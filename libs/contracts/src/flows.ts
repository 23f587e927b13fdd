import type { TopicKey } from './topics';

export type ServiceName = 'ingestion' | 'rules' | 'notifier';

export interface TopicReader {
  service: ServiceName;
  /**
   * The consumer group. Work is shared within a group (one member per partition); a per-instance
   * group (`<service>.follow.<topic>.<uuid>`) means every instance reads the whole topic.
   */
  group: string;
  why: string;
}

export interface TopicFlow {
  senders: Array<{ service: ServiceName; why: string }>;
  receivers: TopicReader[];
}

const follow = (service: ServiceName, topic: string) => `${service}.follow.${topic}.<instance uuid>`;

/**
 * Who sends and who receives each topic — the AsyncAPI operations. Kept beside the topics it
 * describes; the AsyncAPI test checks every topic has an entry and every sender group exists.
 */
export const TOPIC_FLOWS: Record<TopicKey, TopicFlow> = {
  reports: {
    senders: [
      { service: 'ingestion', why: 'POST /reports, /reports/batch and feed items, after de-duplication.' },
    ],
    receivers: [
      { service: 'rules', group: 'watchfire-rules', why: 'Extracts events from each report.' },
      {
        service: 'ingestion',
        group: follow('ingestion', 'watchfire.reports.v1'),
        why: 'Reads the keys only, so every instance knows which report ids exist (de-duplication).',
      },
    ],
  },
  events: {
    senders: [{ service: 'rules', why: 'Events recognised in a report, keyed by place.' }],
    receivers: [
      { service: 'rules', group: 'watchfire-rules', why: 'Applies the rules and groups events into alerts.' },
    ],
  },
  alerts: {
    senders: [{ service: 'rules', why: 'A new alert or a revision of one.' }],
    receivers: [
      {
        service: 'notifier',
        group: 'watchfire-notifier',
        why: 'Mails matching subscribers, or queues digests.',
      },
    ],
  },
  rules: {
    senders: [{ service: 'rules', why: 'Operator changes through the rules API.' }],
    receivers: [
      {
        service: 'rules',
        group: follow('rules', 'watchfire.rules.v1'),
        why: 'Every instance holds all rules.',
      },
    ],
  },
  subscriptions: {
    senders: [
      { service: 'notifier', why: 'Subscriptions API and the public subscribe/confirm/unsubscribe.' },
    ],
    receivers: [
      {
        service: 'notifier',
        group: follow('notifier', 'watchfire.subscriptions.v1'),
        why: 'Every instance holds all subscriptions.',
      },
    ],
  },
  deliveries: {
    senders: [{ service: 'notifier', why: 'The outcome of each delivery attempt.' }],
    receivers: [
      {
        service: 'notifier',
        group: follow('notifier', 'watchfire.deliveries.v1'),
        why: 'The ledger consulted before each send.',
      },
    ],
  },
  dlq: {
    senders: [
      { service: 'ingestion', why: 'Messages it could not process, with the reason.' },
      { service: 'rules', why: 'Messages it could not process, with the reason.' },
      { service: 'notifier', why: 'Messages it could not process, and deliveries that failed for good.' },
    ],
    receivers: [],
  },
  alertGroups: {
    senders: [{ service: 'rules', why: 'Grouping state changes (changelog of the partition-local store).' }],
    receivers: [
      {
        service: 'rules',
        group: follow('rules', 'watchfire.alert-groups.v1'),
        why: 'Restores grouping state for newly assigned events partitions.',
      },
    ],
  },
  silences: {
    senders: [{ service: 'rules', why: 'Silences API.' }],
    receivers: [
      {
        service: 'rules',
        group: follow('rules', 'watchfire.silences.v1'),
        why: 'Every instance holds all silences.',
      },
    ],
  },
  digests: {
    senders: [{ service: 'notifier', why: 'Alerts waiting for an hourly or daily digest.' }],
    receivers: [
      {
        service: 'notifier',
        group: follow('notifier', 'watchfire.digests.v1'),
        why: 'Every instance holds the pending digests.',
      },
    ],
  },
  feeds: {
    senders: [{ service: 'ingestion', why: 'Feeds API and the poller saving each feed’s state.' }],
    receivers: [
      {
        service: 'ingestion',
        group: follow('ingestion', 'watchfire.feeds.v1'),
        why: 'Every instance holds all feeds.',
      },
      {
        service: 'ingestion',
        group: 'watchfire-ingestion-feed-poller',
        why: 'Ownership only: the member holding the partition polls the feeds (KAFKA_CLIENT_ID prefix).',
      },
    ],
  },
};
