import { type DynamicModule, Module } from '@nestjs/common';
import {
  brokersOf,
  ObservabilityModule,
  WatchfireConfigModule,
  type WatchfireConfig,
} from '@watchfire/common';
import { DeadLetterPublisher, KafkaModule } from '@watchfire/kafka';
import { AlertsConsumer } from './alerts.consumer';
import { AlertsController } from './alerts.controller';
import { AlertsViewService } from './alerts-view.service';
import { DeliveriesController } from './deliveries.controller';
import { DigestService } from './digest.service';
import { DispatcherService } from './dispatcher.service';
import { LedgerService } from './ledger.service';
import { LinksService } from './links.service';
import { ManageController } from './manage.controller';
import { MailerService } from './mailer.service';
import { NOTIFIER_OPTIONS, type NotifierOptions } from './notifier-options';
import { OutboxController } from './outbox.controller';
import { OwnershipService } from './ownership.service';
import { DeadLetters, DeliveryLedger, DigestQueue, MailTransport, SubscriptionLookup } from './ports';
import { PublicController } from './public.controller';
import { SubscriberPagesController } from './subscriber-pages.controller';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';

@Module({})
export class NotifierModule {
  static forRoot(config: WatchfireConfig, options: NotifierOptions): DynamicModule {
    return {
      module: NotifierModule,
      imports: [
        WatchfireConfigModule.forRoot(config),
        ObservabilityModule,
        KafkaModule.forRoot({
          service: 'notifier',
          brokers: brokersOf(config),
          clientId: config.kafkaClientId,
          logLevel: config.logLevel,
        }),
      ],
      controllers: [
        SubscriptionsController,
        DeliveriesController,
        PublicController,
        ManageController,
        SubscriberPagesController,
        OutboxController,
        AlertsController,
        AlertsConsumer,
      ],
      providers: [
        { provide: NOTIFIER_OPTIONS, useValue: options },
        MailerService,
        LinksService,
        OwnershipService,
        SubscriptionsService,
        LedgerService,
        DigestService,
        DispatcherService,
        AlertsViewService,
        // the narrow ports the dispatcher and the digest service are written against (ports.ts)
        { provide: DeliveryLedger, useExisting: LedgerService },
        { provide: MailTransport, useExisting: MailerService },
        { provide: SubscriptionLookup, useExisting: SubscriptionsService },
        { provide: DigestQueue, useExisting: DigestService },
        { provide: DeadLetters, useExisting: DeadLetterPublisher },
      ],
    };
  }
}
