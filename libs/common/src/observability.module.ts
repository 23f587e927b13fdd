import { Global, Module } from '@nestjs/common';
import { HealthRegistry, ObservabilityController } from './health';
import { MetricsRegistry } from './metrics';

@Global()
@Module({
  controllers: [ObservabilityController],
  providers: [HealthRegistry, MetricsRegistry],
  exports: [HealthRegistry, MetricsRegistry],
})
export class ObservabilityModule {}
