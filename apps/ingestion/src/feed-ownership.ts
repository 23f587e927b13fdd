import { Logger } from '@nestjs/common';
import type { Consumer, Kafka } from 'kafkajs';
import { TOPICS } from '@watchfire/contracts';

/**
 * Which ingestion instance polls the feeds: the member of a consumer group on the (single-
 * partition) feeds topic that holds its partition. Kafka's group protocol is the leader election:
 * when that instance stops or dies, another one is assigned the partition and takes over, with
 * the poll state (validators, seen items) it reads from the same compacted topic.
 */
export class FeedOwnership {
  private readonly logger = new Logger('feed-ownership');
  private consumer: Consumer | null = null;
  private owns = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
  ) {}

  get isOwner(): boolean {
    return this.owns;
  }

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 1_000,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      const owns = (e.payload.memberAssignment[TOPICS.feeds] ?? []).length > 0;
      if (owns !== this.owns)
        this.logger.log(owns ? 'this instance polls the feeds' : 'another instance polls the feeds');
      this.owns = owns;
    });
    const lost = () => (this.owns = false);
    consumer.on(consumer.events.CRASH, lost);
    consumer.on(consumer.events.STOP, lost);
    consumer.on(consumer.events.DISCONNECT, lost);
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.feeds, fromBeginning: false });
    // the records themselves are read by the feeds table; this member only holds the partition
    await consumer.run({ eachMessage: () => Promise.resolve() });
  }

  async stop(): Promise<void> {
    this.owns = false;
    await this.consumer?.disconnect().catch(() => undefined);
  }
}
