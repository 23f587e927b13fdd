import 'reflect-metadata';
import { runService } from '@watchfire/common';
import { startRules } from './app';

// The rules service has no settings of its own beyond the shared ones.
runService(
  'rules',
  (config) => startRules(config),
  () => undefined,
);
