import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, type Alert } from '@watchfire/contracts';
import type { TopicMessageContext } from '@watchfire/kafka';
import { DispatcherService } from './dispatcher.service';

/** watchfire.alerts.v1 -> mail. The offset is committed only when handleAlert resolved. */
@Controller()
export class AlertsConsumer {
  constructor(private readonly dispatcher: DispatcherService) {}

  @EventPattern(TOPICS.alerts)
  onAlert(@Payload() alert: Alert, @Ctx() ctx: TopicMessageContext): Promise<void> {
    return this.dispatcher.handleAlert(alert, ctx.meta.partition);
  }
}
