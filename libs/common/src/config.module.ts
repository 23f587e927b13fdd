import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import type { WatchfireConfig } from './config';

export const WATCHFIRE_CONFIG = Symbol('WATCHFIRE_CONFIG');

/**
 * Nest's ConfigModule holding the parsed WatchfireConfig. The config is passed in (not read from
 * process.env here) so that several services, each with its own settings, can run in one process
 * — the one-command start and the cross-service tests do exactly that.
 */
@Global()
@Module({})
export class WatchfireConfigModule {
  static forRoot(config: WatchfireConfig): DynamicModule {
    return {
      module: WatchfireConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ watchfire: config })] })],
      providers: [
        {
          provide: WATCHFIRE_CONFIG,
          inject: [ConfigService],
          useFactory: (c: ConfigService) => c.get<WatchfireConfig>('watchfire'),
        },
      ],
      exports: [WATCHFIRE_CONFIG],
    };
  }
}
