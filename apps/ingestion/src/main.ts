import 'reflect-metadata';
import { runService } from '@watchfire/common';
import { startIngestion } from './app';
import { ingestionOptionsFromEnv } from './front-door';

runService(
  'ingestion',
  (config, options) => startIngestion(config, config.ports.ingestion, options),
  ingestionOptionsFromEnv,
);
