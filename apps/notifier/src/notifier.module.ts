import { type DynamicModule, Module } from '@nestjs/common';
import { brokersOf, ObservabilityModule, WatchfireConfigModule, type WatchfireConfig } from '@watchfire/common';
import { KafkaModule } from '@watchfire/kafka';
import { DeliveryController } from './delivery.controller';
import { MailerService } from './mailer.service';
import { OutboxController } from './outbox.controller';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';

@Module({})
export class NotifierModule {
  static forRoot(config: WatchfireConfig): DynamicModule {
    return {
      module: NotifierModule,
      imports: [
        WatchfireConfigModule.forRoot(config),
        ObservabilityModule,
        KafkaModule.forRoot({ service: 'notifier', brokers: brokersOf(config), clientId: config.kafkaClientId, logLevel: config.logLevel }),
      ],
      controllers: [SubscriptionsController, DeliveryController, OutboxController],
      providers: [MailerService, SubscriptionsService],
    };
  }
}
