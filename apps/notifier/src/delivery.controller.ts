import { Controller, Inject, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, type Alert, type Delivery } from '@watchfire/contracts';
import { WATCHFIRE_CONFIG, type WatchfireConfig } from '@watchfire/common';
import { type CompactedTable, KafkaFactory, KafkaPublisher } from '@watchfire/kafka';
import { MailerService } from './mailer.service';
import { renderAlert } from './render';
import { SubscriptionsService } from './subscriptions.service';

/** alerts -> e-mail, once per (alert revision, subscriber), recorded in the delivery ledger. */
@Controller()
export class DeliveryController implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('delivery');
  private readonly ledger: CompactedTable<typeof TOPICS.deliveries>;

  constructor(
    factory: KafkaFactory,
    private readonly publisher: KafkaPublisher,
    private readonly mailer: MailerService,
    private readonly subscriptions: SubscriptionsService,
    @Inject(WATCHFIRE_CONFIG) private readonly config: WatchfireConfig,
  ) {
    this.ledger = factory.table(TOPICS.deliveries);
  }

  onModuleInit(): Promise<void> {
    return this.ledger.start();
  }
  onApplicationShutdown(): Promise<void> {
    return this.ledger.stop();
  }

  @EventPattern(TOPICS.alerts)
  async onAlert(@Payload() alert: Alert): Promise<void> {
    if (alert.silenced) return;
    for (const sub of this.subscriptions.list()) {
      if (sub.status !== 'active') continue;
      const id = `${alert.id}.${alert.revision}.${sub.id}`;
      if (this.ledger.get(id)?.status === 'sent') continue;
      const mail = renderAlert(alert);
      const messageId = `<${id}@watchfire>`;
      await this.mailer.send({ to: sub.email, ...mail, messageId });
      const record: Delivery = { id, alertId: alert.id, alertRevision: alert.revision, subscriptionId: sub.id, email: sub.email, mode: 'immediate', status: 'sent', attempts: 1, messageId, at: new Date().toISOString() };
      await this.publisher.publishOne(TOPICS.deliveries, id, record);
      this.ledger.applyLocal(id, record);
      this.logger.log(`${mail.subject} -> ${sub.email}`);
    }
  }
}
