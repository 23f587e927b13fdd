import 'reflect-metadata';
import { runService } from '@watchfire/common';
import { startNotifier } from './app';
import { notifierOptionsFromEnv } from './notifier-options';

runService('notifier', (config, notifier) => startNotifier(config, { notifier }), notifierOptionsFromEnv);
